/**
 * A SwarmService next to portable services on a real single-node swarm, through Berth's
 * engine: deploy (in dependency order both ways), a second `up` that changes nothing, the
 * exported stack file deployed by `docker stack deploy` to the same spec, down.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Duration, Image, Network, Secret, Service, Stack, StackConfig, Swarm, SwarmService, synth } from "../../../sdk/index.ts";
import type { ProgressEvent } from "../../../providers/docker/engine/apply.ts";
import { downSwarm, openSwarmSession, swarmHasChanges, upSwarm } from "../../../providers/swarm/engine.ts";
import { exportSwarm } from "../../../providers/swarm/export.ts";
import { tempStateDir, uniqueStack } from "../../support/docker.ts";
import { cleanupSwarmStack, docker, ensureSwarm, ensureSwarmBaseImage, SWARM_BASE_IMAGE, swarmOwned } from "../../support/swarm.ts";

const stack = uniqueStack("swsvc");
const exported = uniqueStack("swsvx");
const stateDir = tempStateDir();
const stackDir = mkdtempSync(join(tmpdir(), "berth-swsvc-"));
process.env.BERTH_STATE_DIR = stateDir;
const TOKEN = "swsvc-token-1";

/** db (portable) ← agent (SwarmService, global, pinned to the manager) ← web (portable). */
function program(name = stack) {
  const s = new Stack(name, { environment: "dev", target: new Swarm(), config: StackConfig.from({ token: TOKEN }) });
  const net = new Network(s, "net");
  const image = Image.fromRegistry(SWARM_BASE_IMAGE);
  const quick = Duration.seconds(1);
  const db = new Service(s, "db", { image, command: ["sleep", "3600"], networks: [net], user: "1000:1000", stopGracePeriod: quick });
  const agent = new SwarmService(s, "agent", {
    image,
    secrets: { token: Secret.fromConfig("token") },
    networks: [net],
    dependsOn: [db],
    spec: {
      Labels: { team: "infra" },
      TaskTemplate: {
        ContainerSpec: {
          Args: ["sh", "-c", "test -s /run/secrets/token && exec sleep 3600"],
          User: "1000:1000",
          ReadOnly: true,
          Hostname: "agent",
          StopGracePeriod: 1e9,
          Sysctls: { "net.ipv4.ip_unprivileged_port_start": "0" },
          CapabilityDrop: ["ALL"],
        },
        RestartPolicy: { Condition: "on-failure", MaxAttempts: 3, Window: 60e9 },
        Placement: { Constraints: ["node.role==manager"] },
      },
      Mode: { Global: {} },
    },
  });
  new Service(s, "web", { image, command: ["sleep", "3600"], networks: [net], user: "1000:1000", env: { AGENT: agent.hostname }, dependsOn: [agent], stopGracePeriod: quick });
  return synth(s);
}

const session = () => openSwarmSession(program(), stackDir, (k) => (k === "token" ? TOKEN : undefined));

describe.sequential("a SwarmService beside portable services on a single-node swarm", () => {
  beforeAll(async () => {
    await ensureSwarm();
    await ensureSwarmBaseImage();
    await cleanupSwarmStack(stack);
  }, 180_000);

  afterAll(async () => {
    try {
      execFileSync("docker", ["stack", "rm", exported], { stdio: "ignore" });
    } catch {
      // Not deployed: nothing to remove.
    }
    await cleanupSwarmStack(exported);
    await cleanupSwarmStack(stack);
    rmSync(stackDir, { recursive: true, force: true });
    rmSync(stateDir, { recursive: true, force: true });
  }, 180_000);

  it("deploys the SwarmService after the service it depends on and before the service that depends on it, with its spec as written", async () => {
    const s = session();
    const events: ProgressEvent[] = [];
    const r = await upSwarm(s.client, s.graph, s.sources, { onEvent: (e) => events.push(e) });
    expect(swarmHasChanges(r.plan)).toBe(true);
    const owned = await swarmOwned(stack);
    expect(owned.services).toEqual([`${stack}-agent`, `${stack}-db`, `${stack}-web`]);
    expect(owned.networks).toEqual([`${stack}-net`]);
    const at = (name: string, status: string) => events.findIndex((e) => e.name === name && e.status === status);
    expect(at(`${stack}-db`, "done")).toBeGreaterThanOrEqual(0);
    expect(at(`${stack}-agent`, "started")).toBeGreaterThan(at(`${stack}-db`, "done"));
    expect(at(`${stack}-web`, "started")).toBeGreaterThan(at(`${stack}-agent`, "done"));

    const [agent] = (await docker.listServices({ filters: { name: [`${stack}-agent`] } })) as { Spec: Record<string, any> }[];
    const spec = agent!.Spec;
    expect(spec.Mode).toEqual({ Global: {} });
    expect(spec.Labels.team).toBe("infra");
    expect(spec.Labels["berth.node"]).toBe("agent");
    expect(spec.TaskTemplate.Placement.Constraints).toEqual(["node.role==manager"]);
    expect(spec.TaskTemplate.RestartPolicy).toEqual({ Condition: "on-failure", Delay: 5e9, MaxAttempts: 3, Window: 60e9 });
    const cs = spec.TaskTemplate.ContainerSpec;
    expect([cs.Hostname, cs.User, cs.ReadOnly, cs.Sysctls]).toEqual(["agent", "1000:1000", true, { "net.ipv4.ip_unprivileged_port_start": "0" }]);
    expect(cs.Secrets.map((x: { SecretName: string; File: unknown }) => [x.SecretName, x.File])).toEqual([
      [owned.secrets[0], { Name: "token", UID: "1000", GID: "1000", Mode: 0o400 }],
    ]);
  }, 240_000);

  it("makes no change on a second up", async () => {
    const s = session();
    const r = await upSwarm(s.client, s.graph, s.sources);
    expect(r.plan.changes.filter((c) => c.op !== "noop").map((c) => `${c.op} ${c.name} ${c.fields.join(",")}`)).toEqual([]);
    expect(swarmHasChanges(r.plan)).toBe(false);
    expect(s.client.engine.mutations).toEqual([]);
  }, 120_000);

  it("exports a stack file that `docker stack deploy` turns into the same SwarmService spec", async () => {
    const other = openSwarmSession(program(exported), stackDir, (k) => (k === "token" ? TOKEN : undefined));
    const out = exportSwarm(other.graph);
    for (const [rel, text] of Object.entries(out.files)) {
      mkdirSync(dirname(join(stackDir, rel)), { recursive: true });
      writeFileSync(join(stackDir, rel), text);
    }
    // Secrets are external in the file: create the versioned one, as `berth up` would.
    const secret = other.graph.nodes.find((n) => n.kind === "swarm.secret")!.name;
    await docker.createSecret({ Name: secret, Data: Buffer.from(TOKEN).toString("base64") });
    execFileSync("docker", ["stack", "deploy", "--resolve-image", "never", "-c", join(stackDir, "stack.yaml"), exported], { cwd: stackDir, stdio: "pipe" });
    const spec = async (name: string) => {
      const list = (await docker.listServices({ filters: { name: [name] } })) as { Spec: Record<string, any> }[];
      const s = list.find((x) => x.Spec.Name === name)!.Spec;
      const c = s.TaskTemplate.ContainerSpec;
      return {
        mode: s.Mode,
        endpoint: s.EndpointSpec.Mode,
        labels: { team: s.Labels.team },
        placement: s.TaskTemplate.Placement.Constraints,
        restart: s.TaskTemplate.RestartPolicy,
        container: [c.Args, c.Hostname, c.User, c.ReadOnly, c.Sysctls, c.CapabilityDrop, c.StopGracePeriod],
        secrets: c.Secrets.map((x: { File: unknown }) => x.File),
      };
    };
    expect(await spec(`${exported}_agent`)).toEqual(await spec(`${stack}-agent`));
  }, 180_000);

  it("removes the SwarmService with the rest of the stack on down", async () => {
    const s = openSwarmSession(program(), stackDir, () => undefined, { resolveSecrets: false });
    const r = await downSwarm(s.client, s.graph);
    expect(r.services).toEqual([`${stack}-agent`, `${stack}-db`, `${stack}-web`]);
    expect(await swarmOwned(stack)).toEqual({ services: [], secrets: [], configs: [], networks: [] });
  }, 180_000);
});
