import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hostFileProvider } from "../../../providers/docker/pulumi-host-file.ts";
import { lowerDocker } from "../../../providers/docker/lower.ts";
import { DockerHost, Image, Secret, Service, Stack, StackConfig, synth } from "../../../sdk/index.ts";
import { catchBerthError } from "../../support/berth-error.ts";
import { realizeDockerWithPulumi } from "../../../providers/docker/pulumi.ts";
import { containerArgs, cpusString, goDuration, pulumiGaps } from "../../../providers/docker/pulumi-args.ts";
import type { DockerContainerNode, DockerGraph } from "../../../providers/docker/target.ts";
import { recordPulumi, recordRealization, settled, type Registered } from "../../support/pulumi-mocks.ts";
import { CANARY, DIGEST, STACK_DIR, smallDockerGraph } from "./fixture-graph.ts";

/** The provider's label list for a node's labels (ownership labels included: they are the same objects). */
function labelsOf(g: DockerGraph, id: string): { label: string; value: string }[] {
  const n = g.nodes.find((x) => x.id === id)!;
  const labels = (n as { create: { Labels: Record<string, string> } }).create.Labels;
  return Object.keys(labels)
    .sort()
    .map((label) => ({ label, value: labels[label]! }));
}

const MIB = 1024 * 1024;

const HARDENED = {
  capabilities: { adds: [], drops: ["ALL"] },
  devices: [],
  init: true,
  logDriver: "json-file",
  logOpts: { "max-file": "3", "max-size": "10m" },
  privileged: false,
  readOnly: true,
  securityOpts: ["no-new-privileges:true"],
  user: "1000:1000",
};

describe("realizeDockerWithPulumi", () => {
  const run = recordRealization({
    project: "tiny",
    secretConfig: { "tiny:apiKey": CANARY },
    graph: smallDockerGraph,
    realize: (g) => realizeDockerWithPulumi(g, { onGap: () => undefined }),
  });
  const { byName } = run;

  it("creates one resource per target node, named by the node id, each after what it depends on", () => {
    expect(run.registered.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      "docker:index/container:Container api#1",
      "docker:index/container:Container migrate",
      "docker:index/container:Container worker#1",
      "docker:index/container:Container worker#2",
      "docker:index/image:Image image/web",
      "docker:index/network:Network backend",
      "docker:index/remoteImage:RemoteImage image/busybox-1",
      "docker:index/volume:Volume data",
      "pulumi-nodejs:dynamic/berth:docker:HostFile api#secret:api_key",
    ]);
    const at = (name: string) => run.registered.findIndex((r) => r.name === name);
    for (const e of run.graph.edges) expect([e.from, at(e.from) > at(e.to)]).toEqual([e.from, true]);
  });

  it("passes the exact inputs of the network, the volume and both images", () => {
    expect(byName("backend").inputs).toEqual({ name: "tiny-backend", driver: "bridge", internal: false, attachable: false, labels: labelsOf(run.graph, "backend") });
    expect(byName("data").inputs).toEqual({ name: "tiny-data", driver: "local", labels: labelsOf(run.graph, "data") });
    expect(byName("image/busybox-1").inputs).toEqual({ name: `docker.io/berth-local/busybox@${DIGEST}`, keepLocally: true });
    const web = run.graph.nodes.find((n) => n.id === "image/web") as { ref: string };
    expect(web.ref).toMatch(/^berth-tiny\/web:[0-9a-f]{16}$/);
    expect(byName("image/web").inputs).toEqual({
      imageName: web.ref,
      build: { context: `${STACK_DIR}/web`, dockerfile: `${STACK_DIR}/web/Dockerfile`, args: { MODE: "fast" } },
      buildOnPreview: false,
      skipPush: true,
    });
  });

  it("passes every ContainerCreate field of a service replica to docker.Container", () => {
    expect(byName("api#1").inputs).toEqual({
      ...HARDENED,
      name: "tiny-api-1",
      image: `docker.io/berth-local/busybox@${DIGEST}`,
      command: ["httpd", "-f", "-p", "8080"],
      envs: ["LEVEL=debug", "PEER=migrate"],
      labels: labelsOf(run.graph, "api#1"),
      healthcheck: { tests: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1"], interval: "2s", timeout: "5s", retries: 3, startPeriod: "0s" },
      networksAdvanced: [{ name: "tiny-backend", aliases: ["api"] }],
      memory: 32,
      cpus: "0.5",
      restart: "unless-stopped",
      tmpfs: { "/tmp": "" },
      ports: [{ internal: 8080, external: 18080, ip: "127.0.0.1", protocol: "tcp" }],
      mounts: [
        { type: "volume", source: "tiny-data", target: "/data", readOnly: false },
        { type: "bind", source: "/srv/berth/tiny/secrets/183f55043d0e73d0/api_key", target: "/run/secrets/api_key", readOnly: true },
      ],
      mustRun: true,
      wait: true,
      waitTimeout: 120,
    });
  });

  it("runs a job to completion: attached, not restarted because it stopped, retried on failure", () => {
    expect(byName("migrate").inputs).toEqual({
      ...HARDENED,
      name: "tiny-migrate-1",
      image: (run.graph.nodes.find((n) => n.id === "image/web") as { ref: string }).ref,
      command: ["true"],
      envs: [],
      labels: labelsOf(run.graph, "migrate"),
      networksAdvanced: [{ name: "tiny-backend", aliases: ["migrate"] }],
      memory: 16,
      cpus: "0.1",
      restart: "on-failure",
      maxRetryCount: 3,
      tmpfs: {},
      ports: [],
      mounts: [],
      attach: true,
      mustRun: false,
    });
  });

  it("keeps the secret a Pulumi secret from Pulumi config, written 0400 and owned by the service's uid", () => {
    const file = byName("api#secret:api_key");
    const { __provider, ...inputs } = file.inputs;
    expect(typeof __provider).toBe("string");
    expect(inputs).toEqual({ hostPath: "/srv/berth/tiny/secrets/183f55043d0e73d0/api_key", content: CANARY, uid: 1000, gid: 1000, mode: 0o400 });
    expect(file.secretInputs).toEqual(["content"]);
    // The value reaches no other resource.
    for (const r of run.registered.filter((x) => x !== file)) expect(JSON.stringify(r.inputs)).not.toContain(CANARY);
  });

  it("removes a container or network before creating its replacement (fixed names) and keeps volumes on destroy", () => {
    expect(Object.fromEntries(run.registered.map((r) => [r.name, r.options]))).toEqual({
      "api#secret:api_key": { deleteBeforeReplace: false, retainOnDelete: false },
      backend: { deleteBeforeReplace: true, retainOnDelete: false },
      data: { deleteBeforeReplace: false, retainOnDelete: true },
      "image/busybox-1": { deleteBeforeReplace: false, retainOnDelete: false },
      "image/web": { deleteBeforeReplace: false, retainOnDelete: false },
      migrate: { deleteBeforeReplace: true, retainOnDelete: false },
      "api#1": { deleteBeforeReplace: true, retainOnDelete: false },
      "worker#1": { deleteBeforeReplace: true, retainOnDelete: false },
      "worker#2": { deleteBeforeReplace: true, retainOnDelete: false },
    });
  });

  it("mirrors the graph's edges in dependsOn", () => {
    expect(Object.fromEntries(run.registered.map((r) => [r.name, r.dependsOn]))).toEqual({
      "api#secret:api_key": [],
      backend: [],
      data: [],
      "image/busybox-1": [],
      "image/web": [],
      migrate: ["backend", "image/web"],
      "api#1": ["api#secret:api_key", "backend", "data", "image/busybox-1", "migrate"],
      "worker#1": ["api#1", "backend", "image/busybox-1"],
      "worker#2": ["api#1", "backend", "image/busybox-1"],
    });
  });

  it("reports each field the provider cannot express instead of dropping it silently", () => {
    expect(run.gaps.map((x) => `${x.node} ${x.field}=${x.found}`)).toEqual(["api#1 HostConfig.PidsLimit=64", "migrate wait.completed=tiny-migrate-1"]);
    expect(pulumiGaps(run.graph)).toEqual(run.gaps);
  });

  it("fails with the config key when a fromConfig secret has no Pulumi config value", () => {
    recordPulumi("tiny", "dev", {}, []);
    expect(() => realizeDockerWithPulumi(smallDockerGraph(), { onGap: () => undefined })).toThrow(/Missing required configuration variable 'tiny:apiKey'/);
  });
});

describe("CPU and memory reservation", () => {
  /** The small graph's api replica with other resource values. */
  function api(hostConfig: Partial<DockerContainerNode["create"]["HostConfig"]>): DockerContainerNode {
    const n = smallDockerGraph().nodes.find((x): x is DockerContainerNode => x.id === "api#1" && x.kind === "docker.container")!;
    return { ...n, create: { ...n.create, HostConfig: { ...n.create.HostConfig, ...hostConfig } } };
  }

  it("sets cpus from NanoCpus and the memory reservation in MiB", () => {
    const { cpus, memory, memoryReservation } = containerArgs(api({ NanoCpus: 1_500_000_000, Memory: 64 * MIB, MemoryReservation: 48 * MIB }), "img");
    expect({ cpus, memory, memoryReservation }).toEqual({ cpus: "1.5", memory: 64, memoryReservation: 48 });
    const g: DockerGraph = { ...smallDockerGraph(), nodes: [api({ MemoryReservation: 48 * MIB })] };
    expect(pulumiGaps(g).map((x) => x.field)).toEqual(["HostConfig.PidsLimit"]);
  });

  it("reports a memory reservation that is not whole MiB, rounded down", () => {
    const g: DockerGraph = { ...smallDockerGraph(), nodes: [api({ PidsLimit: undefined, MemoryReservation: 48 * MIB + 1 })] };
    expect(containerArgs(g.nodes[0] as DockerContainerNode, "img").memoryReservation).toBe(48);
    expect(pulumiGaps(g).map((x) => `${x.field}=${x.found}: ${x.message}`)).toEqual([
      `HostConfig.MemoryReservation=${48 * MIB + 1}: the provider takes whole MiB: the reservation is rounded down to 48 MiB`,
    ]);
  });

  it("writes NanoCpus as the exact decimal `docker run --cpus` parses", () => {
    expect([1e9, 2.5e9, 1, 123_456_789, 10_000_000_000].map(cpusString)).toEqual(["1", "2.5", "0.000000001", "0.123456789", "10"]);
  });
});

describe("goDuration", () => {
  it("writes nanoseconds in the largest exact unit Go parses", () => {
    expect([goDuration(2_000_000_000), goDuration(1_500_000_000), goDuration(0), goDuration(250_000)]).toEqual(["2s", "1500ms", "0s", "250us"]);
  });
});

describe("hostFileProvider", () => {
  it("writes the file with the node's mode and owner, rewrites the same inode on update, and removes it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-hostfile-"));
    try {
      const props = { hostPath: join(dir, "secrets", "x", "api_key"), content: "one", uid: 1000, gid: 1000, mode: 0o400 };
      const created = await hostFileProvider.create(props);
      expect(created).toEqual({ id: props.hostPath, outs: props });
      const st = statSync(props.hostPath);
      expect([st.mode & 0o777, st.uid, st.gid, readFileSync(props.hostPath, "utf8")]).toEqual([0o400, 1000, 1000, "one"]);
      const news = { ...props, content: "two" };
      expect(await hostFileProvider.diff!(props.hostPath, props, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
      expect(await hostFileProvider.diff!(props.hostPath, props, { ...props, hostPath: `${props.hostPath}2` })).toEqual({ changes: true, replaces: ["hostPath"], deleteBeforeReplace: false });
      await hostFileProvider.update!(props.hostPath, props, news);
      expect([statSync(props.hostPath).ino, readFileSync(props.hostPath, "utf8")]).toEqual([st.ino, "two"]);
      await hostFileProvider.delete!(props.hostPath, news);
      expect(existsSync(props.hostPath)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("secret sources under Pulumi", () => {
  function secretGraph(secret: Secret): DockerGraph {
    const stack = new Stack("sec", { environment: "dev", target: new DockerHost(), config: StackConfig.from({}) });
    new Service(stack, "app", { image: Image.fromRegistry("berth-local/busybox:1"), command: ["sleep", "60"], secrets: { token: secret }, user: "1000:1000" });
    return lowerDocker(synth(stack), { stateDir: "/srv/berth" });
  }
  async function fileInputs(g: DockerGraph, env: Record<string, string>): Promise<Registered> {
    const registered = recordPulumi("sec");
    await settled(realizeDockerWithPulumi(g, { env, stackDir: import.meta.dirname, onGap: () => undefined }).resources.values());
    return registered.find((r) => r.type.endsWith("HostFile"))!;
  }

  it("reads a fromEnv secret from the environment and keeps it a Pulumi secret", async () => {
    const f = await fileInputs(secretGraph(Secret.fromEnv("APP_TOKEN")), { APP_TOKEN: CANARY });
    expect([f.inputs.content, f.secretInputs]).toEqual([CANARY, ["content"]]);
  });

  it("reads a fromFile secret relative to the stack directory and keeps it a Pulumi secret", async () => {
    const f = await fileInputs(secretGraph(Secret.fromFile("fixture-graph.ts")), {});
    expect([String(f.inputs.content).startsWith("/**"), f.secretInputs]).toEqual([true, ["content"]]);
  });

  it("fails without the value when a fromEnv secret is unset", () => {
    recordPulumi("sec");
    const e = catchBerthError(() => realizeDockerWithPulumi(secretGraph(Secret.fromEnv("APP_TOKEN")), { env: {}, onGap: () => undefined }));
    expect(e.issues).toEqual([
      {
        code: "secret.unresolved",
        path: "sec/app",
        field: "secrets./run/secrets/token",
        found: "environment variable APP_TOKEN unset",
        message: "Secret 'secret/APP_TOKEN' for /run/secrets/token has no value for Pulumi.",
        fix: "export APP_TOKEN=...",
      },
    ]);
  });
});
