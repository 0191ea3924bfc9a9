import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { Image } from "../../../sdk/index.ts";
import { DockerEngineClient } from "../../../providers/shared/docker-api/client.ts";
import { down, logs, planStack, runOneOff, up } from "../../../providers/docker/engine/engine.ts";
import { hasChanges } from "../../../providers/docker/engine/plan.ts";
import type { DockerGraph } from "../../../providers/docker/target.ts";
import { BerthError } from "../../../sdk/core/errors.ts";
import { createDecoys, decoysExist, docker, dockerTestFile, named, owned, uniqueStack } from "../../support/docker.ts";
import { webEngineStack, webObjects, type WebEngineStack } from "./web-fixture.ts";

const CANARY = "canary-7f3a9c-never-shown";
const { track } = dockerTestFile();
// Below swarm (24000–24899) and crash (25000–27999) tests, which run beside this file.
let port = 21000 + Math.floor(Math.random() * 2900);

interface Deployed {
  readonly name: string;
  readonly graph: DockerGraph;
  readonly client: DockerEngineClient;
  readonly sources: WebEngineStack["sources"];
  readonly portNumber: number;
}

function prepare(prefix: string, values: Record<string, string> = {}, webImage?: Image, name = uniqueStack(prefix), portNumber = port++): Deployed {
  track(name);
  const { graph, sources } = webEngineStack(name, { token: CANARY, greeting: "hello", port: String(portNumber), ...values }, webImage);
  return { name, graph, client: new DockerEngineClient(), sources, portNumber };
}

async function exec(container: string, cmd: string[]): Promise<string> {
  const e = await docker.getContainer(container).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await e.start({});
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  docker.modem.demuxStream(stream, out, out);
  await new Promise((r) => stream.on("end", r));
  return Buffer.concat(chunks).toString("utf8");
}

describe("berth engine on a real Docker host", () => {
  it("deploys the stack, answers HTTP on 127.0.0.1, and a second up makes zero mutating calls", async () => {
    const d = prepare("up");
    const first = await up(d.client, d.graph, d.sources);
    expect(first.result.applied).toBe(7);
    const res = await fetch(`http://127.0.0.1:${d.portNumber}/`);
    expect(await res.text()).toBe("<h1>berth fixture</h1>\n");
    expect(await owned(d.name)).toEqual(webObjects(d.name));
    const init = await docker.getContainer(`${d.name}-init-1`).inspect();
    expect([init.State.Status, init.State.ExitCode]).toEqual(["exited", 0]);

    const again = new DockerEngineClient();
    const second = await up(again, d.graph, d.sources);
    expect(hasChanges(second.plan)).toBe(false);
    expect(again.mutations).toEqual([]);
  }, 180_000);

  it("replaces only the changed service", async () => {
    const d = prepare("change");
    await up(d.client, d.graph, d.sources);
    const before = await owned(d.name);
    const ids = async () => Object.fromEntries(await Promise.all(before.containers.map(async (c) => [c, (await docker.getContainer(c).inspect()).Id] as const)));
    const idsBefore = await ids();
    const changed = prepare("change", { greeting: "bonjour" }, undefined, d.name, d.portNumber);
    const client = new DockerEngineClient();
    const r = await up(client, changed.graph, changed.sources);
    expect(r.plan.changes.filter((c) => c.op !== "noop").map((c) => [c.op, c.name, c.fields])).toEqual([["replace", `${d.name}-web-1`, ["Env"]]]);
    expect(client.mutations.map((m) => m.op)).toEqual(["container.stop", "container.remove", "container.create", "container.start"]);
    const idsAfter = await ids();
    expect(idsAfter[`${d.name}-web-1`]).not.toBe(idsBefore[`${d.name}-web-1`]);
    expect(idsAfter[`${d.name}-worker-1`]).toBe(idsBefore[`${d.name}-worker-1`]);
    expect(idsAfter[`${d.name}-init-1`]).toBe(idsBefore[`${d.name}-init-1`]);
    expect((await docker.getContainer(`${d.name}-web-1`).inspect()).Config.Env).toContain("GREETING=bonjour");
  }, 180_000);

  it("mounts the secret read-only at /run/secrets with mode 0400 and the service's uid, and never shows its value", async () => {
    const d = prepare("secret");
    const r = await up(d.client, d.graph, d.sources);
    const web = `${d.name}-web-1`;
    expect((await exec(web, ["stat", "-c", "%a %u %g", "/run/secrets/token"])).trim()).toBe("400 1000 1000");
    expect(await exec(web, ["cat", "/run/secrets/token"])).toBe(CANARY);
    expect(await exec(web, ["sh", "-c", "echo x > /run/secrets/token 2>&1 || echo refused"])).toMatch(/refused/);
    const inspect = await docker.getContainer(web).inspect();
    expect(JSON.stringify(inspect)).not.toContain(CANARY);
    expect(JSON.stringify(r.plan)).not.toContain(CANARY);
    expect(JSON.stringify(d.graph)).not.toContain(CANARY);
    expect(await logs(d.client, d.graph, "web", 100)).not.toContain(CANARY);
    const plan = await planStack(d.client, d.graph, d.sources);
    expect(JSON.stringify(plan)).not.toContain(CANARY);
  }, 180_000);

  it("down removes containers, networks and secret files, keeps volumes, and never touches unlabelled decoys", async () => {
    const d = prepare("down");
    const decoys = await createDecoys(d.name);
    try {
      await up(d.client, d.graph, d.sources);
      const r = await down(d.client, d.graph);
      expect(r).toEqual({ containers: [`${d.name}-init-1`, `${d.name}-web-1`, `${d.name}-worker-1`], networks: [`${d.name}-net`], volumes: [] });
      expect(await owned(d.name)).toEqual({ containers: [], networks: [], volumes: [`${d.name}-data`] });
      expect(await decoysExist(decoys)).toBe(true);
      const volumes = await down(d.client, d.graph, { volumes: true });
      expect(volumes.volumes).toEqual([`${d.name}-data`]);
      expect(await named(d.name)).toEqual({ containers: [`${d.name}-decoy-c`], networks: [`${d.name}-decoy-n`], volumes: [`${d.name}-decoy-v`] });
    } finally {
      await decoys.remove();
    }
  }, 180_000);

  it("fails with a clear error naming the node for a bad image, and the next up recovers", async () => {
    const bad = prepare("bad", {}, Image.fromRegistry("berth-test/does-not-exist:1"));
    const err = await up(bad.client, bad.graph, bad.sources).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BerthError);
    const issue = (err as BerthError).issues[0]!;
    expect(issue.code).toBe("engine.apply");
    expect(issue.message).toMatch(/^'image\/does-not-exist-1' \(image-does-not-exist-1\) failed: \S/);
    const good = prepare("bad", {}, undefined, bad.name, bad.portNumber);
    const r = await up(good.client, good.graph, good.sources);
    expect(r.plan.changes.filter((c) => c.op === "create" && c.kind === "docker.container").map((c) => c.name)).toEqual(
      expect.arrayContaining([`${bad.name}-web-1`, `${bad.name}-worker-1`]),
    );
    expect((await docker.getContainer(`${bad.name}-web-1`).inspect()).State.Health?.Status).toBe("healthy");
    expect(hasChanges(await planStack(good.client, good.graph, good.sources))).toBe(false);
  }, 180_000);

  it("names the failing container, the reason and its last log lines when a job fails", async () => {
    const d = prepare("jobfail");
    const failing = {
      ...d.graph,
      nodes: d.graph.nodes.map((n) =>
        n.kind === "docker.container" && n.source === "init"
          ? { ...n, hash: "0".repeat(64), create: { ...n.create, Cmd: ["sh", "-c", "echo step one; sleep 0.3; echo boom >&2; exit 3"], HostConfig: { ...n.create.HostConfig, RestartPolicy: { Name: "no" as const, MaximumRetryCount: 0 } } } }
          : n,
      ),
    };
    const client = new DockerEngineClient();
    const err = (await up(client, failing, d.sources).catch((e: unknown) => e)) as BerthError;
    expect(err).toBeInstanceOf(BerthError);
    expect(err.issues.map((i) => i.message)).toEqual([`'init' (${d.name}-init-1) failed: the job exited with code 3\n  Last log lines:\n    step one\n    boom`]);
    // Nothing that depends on the job was started.
    expect((await owned(d.name)).containers).toEqual([`${d.name}-init-1`]);
  }, 180_000);

  it("reports containers stopped or edited out of band as drift and repairs them", async () => {
    const d = prepare("drift");
    await up(d.client, d.graph, d.sources);
    await docker.getContainer(`${d.name}-worker-1`).stop({ t: 0 });
    const p = await planStack(d.client, d.graph, d.sources);
    expect(p.changes.filter((c) => c.op !== "noop").map((c) => [c.op, c.name, c.fields, c.drift])).toEqual([
      ["start", `${d.name}-worker-1`, ["state: exited (stopped out of band)"], true],
    ]);
    await up(d.client, d.graph, d.sources);
    expect((await docker.getContainer(`${d.name}-worker-1`).inspect()).State.Running).toBe(true);

    await docker.getContainer(`${d.name}-worker-1`).update({ Memory: 24 * 1024 * 1024 });
    const edited = await planStack(d.client, d.graph, d.sources);
    expect(edited.changes.filter((c) => c.op !== "noop").map((c) => [c.op, c.name, c.fields, c.drift])).toEqual([
      ["replace", `${d.name}-worker-1`, ["HostConfig.Memory"], true],
    ]);
    await up(d.client, d.graph, d.sources);
    expect((await docker.getContainer(`${d.name}-worker-1`).inspect()).HostConfig.Memory).toBe(16 * 1024 * 1024);
  }, 180_000);

  it("runs a one-off command with the service's image, env, secrets and networks, returning its exit code", async () => {
    const d = prepare("run");
    await up(d.client, d.graph, d.sources);
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on("data", (c: Buffer) => chunks.push(c));
    const code = await runOneOff(d.client, d.graph, d.sources, "web", ["sh", "-c", "echo $GREETING; wc -c < /run/secrets/token; wget -q -O - http://web:8080/ ; exit 7"], { stdout, stderr: stdout });
    expect(code).toBe(7);
    expect(Buffer.concat(chunks).toString()).toBe(`hello\n${CANARY.length}\n<h1>berth fixture</h1>\n`);
    expect((await owned(d.name)).containers).toEqual([`${d.name}-init-1`, `${d.name}-web-1`, `${d.name}-worker-1`]);
  }, 180_000);
});
