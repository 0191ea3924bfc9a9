/**
 * Acceptance of Berth's Kubernetes engine, on the real cluster: a rolling update under a bounded
 * loopback prober through the node port (kube-proxy's iptables rules answer on 127.0.0.1).
 *
 * - v1 → v2 loses no request: readiness probes gate traffic, the Deployment surges one pod and
 *   keeps every old one until its replacement is ready (maxSurge 1, maxUnavailable 0), and the
 *   app drains: a stopped pod serves a few seconds more while kube-proxy forgets it (an app that
 *   exits at once on SIGTERM loses the requests kube-proxy still routes to it in that moment,
 *   with any tool: docs/design-notes.md, "Zero-downtime updates on Kubernetes");
 * - a broken image, then an update whose readiness probe never passes, are rolled back
 *   automatically: `up` exits 1 naming the workload with its pods' events and last log lines,
 *   and the prober still sees no failure and only v2.
 *
 * The prober sends one request at a time, never retries, and stops by itself after a bounded
 * count or time.
 */
import { describe, expect, it } from "vitest";
import { berthAsync, kubectl, requireCluster } from "../../support/kubernetes.ts";
import { acceptanceFile, fetchText, nodePort, startProber, WEB_NAMES, webService, writeStack, type WebOptions } from "./acceptance-support.ts";

const fresh = acceptanceFile();

describe("Kubernetes acceptance: rolling updates under a prober", () => {
  it("updates v1 to v2 with zero failed requests, then rolls back a broken image and a never-ready update while v2 keeps serving", async () => {
    requireCluster();
    const { stack, dir } = fresh("roll");
    const port = nodePort();
    const url = `http://127.0.0.1:${port}/`;
    const web = (o: Partial<WebOptions> & { text: string }) => writeStack(dir, { stack, names: WEB_NAMES, body: webService({ replicas: 2, nodePort: port, graceSeconds: 15, ...o }) });
    web({ text: "v1" });
    const first = await berthAsync(["up", dir, "--timeout", "120"]);
    expect([first.code, first.stderr]).toEqual([0, ""]);
    expect(await fetchText(url)).toBe("v1");

    // v1 → v2.
    let prober = startProber(url, { maxRequests: 4000, maxMs: 240_000 });
    web({ text: "v2" });
    const update = await berthAsync(["up", dir, "--timeout", "120"]);
    // Old pods keep serving through their grace period: probe past it, while kube-proxy settles.
    await new Promise((r) => setTimeout(r, 3000));
    let seen = await prober.stop();
    expect([update.code, update.stderr]).toEqual([0, ""]);
    expect(update.stdout).toContain("update deployment web: done");
    expect(seen.failures).toEqual([]);
    expect(Object.keys(seen.bodies).sort()).toEqual(["v1", "v2"]);
    expect(seen.sent).toBeGreaterThan(20);
    expect(await fetchText(url)).toBe("v2");

    // A broken image: its pod never starts; the Deployment goes back to v2's template.
    prober = startProber(url, { maxRequests: 4000, maxMs: 240_000 });
    web({ text: "v3", image: "localhost/berth/k8sacc-no-such-image:v3" });
    const broken = await berthAsync(["up", dir, "--timeout", "20"]);
    seen = await prober.stop();
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("update deployment web: failed");
    expect(broken.stderr).toMatch(/✖ \[engine\.apply\] 'web' \(web\) failed: not ready after 20 s: .*; rolled back to revision \d+/);
    expect(broken.stderr).toMatch(/ErrImagePull|ImagePullBackOff|Failed to pull image/);
    expect(broken.stderr).toContain("k8sacc-no-such-image");
    expect(seen.failures).toEqual([]);
    expect(Object.keys(seen.bodies)).toEqual(["v2"]);

    // An update whose readiness probe never passes (httpd listens on another port), with a log line.
    prober = startProber(url, { maxRequests: 4000, maxMs: 240_000 });
    web({ text: "v4", listen: 9090, says: "v4-listening-on-the-wrong-port" });
    const unready = await berthAsync(["up", dir, "--timeout", "20"]);
    seen = await prober.stop();
    expect(unready.code).toBe(1);
    expect(unready.stderr).toMatch(/✖ \[engine\.apply\] 'web' \(web\) failed: not ready after 20 s: .*; rolled back to revision \d+/);
    expect(unready.stderr).toContain("Readiness probe failed");
    expect(unready.stderr).toContain("v4-listening-on-the-wrong-port");
    expect(seen.failures).toEqual([]);
    expect(Object.keys(seen.bodies)).toEqual(["v2"]);

    // Rolled back for good: the Deployment's template is v2's again, and the failed change is still pending.
    const container = JSON.stringify((JSON.parse(kubectl(["-n", stack, "get", "deployment", "web", "-o", "json"]).stdout) as { spec: { template: { spec: { containers: unknown[] } } } }).spec.template.spec.containers[0]);
    expect(container).toContain("echo v2 > /www/index.html");
    expect(container).toContain(`"image":"localhost/berth/busybox:1.35"`);
    expect(container).not.toMatch(/v3|v4/);
    expect(await fetchText(url)).toBe("v2");
    expect((await berthAsync(["plan", dir, "--exit-code"])).code).toBe(4);
  }, 420_000);
});
