import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { StackConfig, synth, type Stack } from "../../sdk/index.ts";
import { readLock } from "../../sdk/config/lock-file.ts";
import { checkGraph } from "../../sdk/policy/check.ts";
import { portabilityFindings } from "../../sdk/portability/report.ts";
import { reportOn } from "../support/portability.ts";

const DIR = fileURLToPath(new URL("../../stacks/prod/", import.meta.url));

async function prodStack(): Promise<Stack> {
  // The stack program reads its config (replicas) from the stack directory when imported.
  process.env.BERTH_STACK_DIR = DIR;
  return ((await import("../../stacks/prod/index.ts")) as { default: Stack }).default;
}

describe("stacks/prod", () => {
  it("synthesizes without the encrypted database password, which only the platform decrypts", async () => {
    const stack = await prodStack();
    const graph = synth(stack, { config: StackConfig.load(DIR, "prod", {}), lock: readLock(DIR) });
    expect(graph.stack).toMatchObject({ environment: "prod", profile: "prod", target: { kind: "kubernetes", namespace: "shop", registry: "registry.shop.example.com" } });
    expect(graph.nodes.find((n) => n.id === "Shop/web")!.spec).toMatchObject({ replicas: 3, env: { MODE: { kind: "config", key: "mode", value: "prod" } } });
  });

  it("runs postgres by the digest pinned in berth.lock", async () => {
    const graph = synth(await prodStack(), { config: StackConfig.load(DIR, "prod", {}), lock: readLock(DIR) });
    expect(graph.nodes.find((n) => n.id === "image/postgres-16.4")!.spec).toEqual({
      kind: "image",
      source: {
        kind: "registry",
        reference: "postgres:16.4",
        ref: { registry: "docker.io", repository: "library/postgres", tag: "16.4", digest: "sha256:d898b0b78a2627cb4ee63464a14efc9d296884f1b28c841b0ab7d7c42f1fffdf" },
        pinnedBy: "lock",
      },
    });
  });

  it("passes the prod policy profile and the Kubernetes portability report with no errors or warnings", async () => {
    const lock = readLock(DIR);
    const graph = synth(await prodStack(), { config: StackConfig.load(DIR, "prod", {}), lock });
    const now = new Date("2026-11-28T00:00:00Z");
    const policy = checkGraph(graph, { now, lock, stackDir: DIR });
    const portable = portabilityFindings(reportOn(graph, "kubernetes", { now }), graph, now);
    const unsuppressed = [...policy.findings, ...portable].filter((f) => f.suppressed === undefined);
    expect(unsuppressed.map((f) => `${f.rule} ${f.path}`)).toEqual([]);
    expect([policy.errors, policy.warnings, policy.suppressed]).toEqual([0, 0, 1]);
  });
});
