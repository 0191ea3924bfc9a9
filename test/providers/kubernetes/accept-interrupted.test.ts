/**
 * A run stopped while it waited for a rollout (SIGKILL, a lost laptop) leaves the Deployment
 * applied with its new spec and hash, its rollout unfinished. The next plan must not call that
 * "no changes": it shows the unfinished rollout as a pending update, and `up` waits for it and,
 * when it never becomes ready, rolls it back — the old version keeps serving.
 *
 * The stopped run is reproduced exactly: the Deployment of the export (the very object `up`
 * applies, spec-hash annotation included) server-side applied with Berth's field manager, and
 * nothing waited for.
 */
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { berthAsync, berthSync, kubectl, requireCluster } from "../../support/kubernetes.ts";
import { acceptanceFile, fetchText, nodePort, WEB_NAMES, webService, writeStack } from "./acceptance-support.ts";

const fresh = acceptanceFile();

describe("Kubernetes: a rollout a stopped run left unfinished", () => {
  it("is planned as a pending update, and the next up waits for it and rolls a never-ready one back while the old version keeps serving", async () => {
    requireCluster();
    const { stack, dir } = fresh("halt");
    const port = nodePort();
    const url = `http://127.0.0.1:${port}/`;
    const web = (o: { text: string; image?: string }) => writeStack(dir, { stack, names: WEB_NAMES, body: webService({ nodePort: port, ...o }) });
    web({ text: "v1" });
    const first = await berthAsync(["up", dir, "--timeout", "120"]);
    expect([first.code, first.stderr]).toEqual([0, ""]);
    expect(await fetchText(url)).toBe("v1");

    // What a run killed after its apply leaves: v2's Deployment (an image that cannot be pulled) applied, not waited for.
    web({ text: "v2", image: "localhost/berth/k8sacc-halt-no-such-image:v2" });
    const exported = berthSync(["export", dir, "--format", "kubernetes"]);
    expect(exported.code).toBe(0);
    const deployment = parseAllDocuments(exported.stdout).map((d) => d.toJS() as { kind?: string }).find((o) => o?.kind === "Deployment");
    const applied = kubectl(["apply", "--server-side", "--field-manager=berth", "-f", "-"], JSON.stringify(deployment));
    expect([applied.code, applied.stderr]).toEqual([0, ""]);

    const plan = berthSync(["plan", dir, "--exit-code"]);
    expect(plan.code).toBe(4);
    expect(plan.stdout).toMatch(/update\s+deployment\s+web\s+\(rollout not finished: 1 old replica still running/);

    const next = await berthAsync(["up", dir, "--timeout", "20"]);
    expect(next.code).toBe(1);
    expect(next.stderr).toMatch(/'web' \(web\) failed: not ready after 20 s: .*rolled back to revision \d+/s);
    const image = kubectl(["get", "deployment", "web", "-n", stack, "-o", "jsonpath={.spec.template.spec.containers[0].image}"]);
    expect(image.stdout).not.toContain("no-such-image");
    expect(await fetchText(url)).toBe("v1");
  }, 240_000);
});
