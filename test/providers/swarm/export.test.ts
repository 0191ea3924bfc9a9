import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Config, Duration, Image, Network, Service, Size, Stack, Swarm, synth } from "../../../sdk/index.ts";
import { exportSwarm } from "../../../providers/swarm/export.ts";
import { downSwarm, openSwarmSession, upSwarm } from "../../../providers/swarm/engine.ts";
import { uniqueStack, tempStateDir } from "../../support/docker.ts";
import { cleanupSwarmStack, docker, ensureSwarm, ensureSwarmBaseImage, SWARM_BASE_IMAGE } from "../../support/swarm.ts";
import { CANARY, smallSwarmGraph } from "./fixture-graph.ts";

describe("exportSwarm", () => {
  it("writes a 3.9 stack file whose api service carries every lowered field, with secrets external and no secret value", () => {
    const out = exportSwarm(smallSwarmGraph());
    expect(Object.keys(out.files).sort()).toEqual(["configs/tiny-config-motd-5aa762ae", "stack.yaml"]);
    expect(out.files["configs/tiny-config-motd-5aa762ae"]).toBe("hello");
    expect(out.files["stack.yaml"]).not.toContain(CANARY);
    const doc = parse(out.files["stack.yaml"]!);
    expect(doc.version).toBe("3.9");
    expect(doc.secrets).toEqual({ "tiny-secret-apikey-fa2c0e78": { name: "tiny-secret-apikey-fa2c0e78", external: true } });
    expect(doc.volumes).toEqual({ "tiny-data": { name: "tiny-data" } });
    expect(doc.services.api.deploy).toEqual({
      mode: "replicated",
      replicas: 2,
      endpoint_mode: "vip",
      resources: { limits: { cpus: "0.5", memory: "33554432", pids: 64 }, reservations: { cpus: "0.1", memory: "16777216" } },
      restart_policy: { condition: "any", delay: "5s" },
      placement: { constraints: ["node.platform.os==linux"], preferences: [{ spread: "node.labels.zone" }] },
      update_config: { parallelism: 1, delay: "1s", failure_action: "rollback", monitor: "5s", max_failure_ratio: 0, order: "start-first" },
      rollback_config: { parallelism: 1, delay: "0s", failure_action: "pause", monitor: "15s", max_failure_ratio: 0, order: "start-first" },
    });
    expect(doc.services.api.secrets).toEqual([{ source: "tiny-secret-apikey-fa2c0e78", target: "api_key", uid: "1000", gid: "1000", mode: 0o400 }]);
    expect(out.gaps).toEqual(["migrate: the 3.9 stack-file format has no replicated-job mode; the job runs as 1 replica restarted on failure, and nothing waits for it"]);
  });
});

/** A program without jobs or built images, so both realizations can deploy it as is. */
function program(name: string) {
  const stack = new Stack(name, { environment: "dev", target: new Swarm() });
  const net = new Network(stack, "net");
  new Service(stack, "web", {
    image: Image.fromRegistry(SWARM_BASE_IMAGE),
    command: ["httpd", "-f", "-p", "8080", "-h", "/etc"],
    replicas: 2,
    ports: [8080],
    env: { MODE: "export-test", LEVEL: "info" },
    configs: { "/etc/app.conf": Config.fromText("app", "a=1\n") },
    networks: [net],
    user: "1000:1000",
    healthcheck: { http: { port: 8080, path: "/passwd" }, interval: Duration.seconds(2), timeout: Duration.seconds(10), retries: 3 },
    resources: { cpu: 0.5, memory: Size.mebibytes(48), memoryReservation: Size.mebibytes(8) },
    update: { parallelism: 1, delay: Duration.seconds(2), monitor: Duration.seconds(4) },
  });
  return synth(stack);
}

interface Spec {
  TaskTemplate: { ContainerSpec: Record<string, unknown>; Resources: unknown; RestartPolicy: unknown };
  Mode: unknown;
  UpdateConfig: unknown;
  RollbackConfig: unknown;
  EndpointSpec: { Mode: string };
}

/** The fields both realizations must agree on. */
function normalize(s: Spec) {
  const c = s.TaskTemplate.ContainerSpec;
  return {
    image: String(c.Image).replace(/@sha256:.*$/, ""),
    args: c.Args,
    env: [...((c.Env as string[]) ?? [])].sort(),
    user: c.User,
    readOnly: c.ReadOnly,
    init: c.Init,
    capDrop: c.CapabilityDrop,
    healthcheck: c.Healthcheck,
    mode: s.Mode,
    update: s.UpdateConfig,
    rollback: s.RollbackConfig,
    resources: s.TaskTemplate.Resources,
    restart: s.TaskTemplate.RestartPolicy,
    endpointMode: s.EndpointSpec.Mode,
  };
}

describe.sequential("the exported stack file on the test swarm", () => {
  const engineStack = uniqueStack("swe");
  const exportStack = uniqueStack("swx");
  const dir = mkdtempSync(join(tmpdir(), "berth-swarm-export-"));
  const stateDir = tempStateDir();

  beforeAll(async () => {
    process.env.BERTH_STATE_DIR = stateDir;
    await ensureSwarm();
    await ensureSwarmBaseImage();
  }, 180_000);

  afterAll(async () => {
    try {
      execFileSync("docker", ["stack", "rm", exportStack], { stdio: "ignore" });
    } catch {
      // Not deployed: nothing to remove.
    }
    await cleanupSwarmStack(engineStack);
    await cleanupSwarmStack(exportStack);
    rmSync(dir, { recursive: true, force: true });
    rmSync(stateDir, { recursive: true, force: true });
  }, 180_000);

  it("deploys with `docker stack deploy` and yields the service spec the engine creates", async () => {
    const s = openSwarmSession(program(engineStack), dir, () => undefined);
    await upSwarm(s.client, s.graph, s.sources);

    const other = openSwarmSession(program(exportStack), dir, () => undefined);
    const out = exportSwarm(other.graph);
    for (const [rel, text] of Object.entries(out.files)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
    execFileSync("docker", ["stack", "deploy", "--resolve-image", "never", "-c", join(dir, "stack.yaml"), exportStack], { cwd: dir, stdio: "pipe" });

    const inspect = async (name: string) => {
      const list = (await docker.listServices({ filters: { name: [name] } })) as unknown as { Spec: Spec & { Name: string } }[];
      const svc = list.find((x) => x.Spec.Name === name);
      if (!svc) throw new Error(`no service ${name}`);
      return svc.Spec;
    };
    const fromEngine = normalize(await inspect(`${engineStack}-web`));
    const fromExport = normalize(await inspect(`${exportStack}_web`));
    expect(fromExport).toEqual(fromEngine);
    expect(fromEngine.mode).toEqual({ Replicated: { Replicas: 2 } });
    expect(fromEngine.env).toEqual(["LEVEL=info", "MODE=export-test"]);
    await downSwarm(s.client, s.graph);
  }, 300_000);
});
