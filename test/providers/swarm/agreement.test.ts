import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { exportSwarm, serviceKey } from "../../../providers/swarm/export.ts";
import { serviceArgs } from "../../../providers/swarm/pulumi-args.ts";
import type { SwarmServiceNode } from "../../../providers/swarm/target.ts";
import { smallSwarmGraph } from "./fixture-graph.ts";

/** What both realizations must say about a service, in one vocabulary. */
interface Normal {
  image: string;
  replicas: number;
  env: Record<string, string>;
  user: string | undefined;
  readOnly: boolean;
  init: boolean;
  capDrop: string[] | undefined;
  capAdd: string[] | undefined;
  healthcheck: unknown;
  limits: unknown;
  reservations: unknown;
  update: unknown;
  rollback: unknown;
  restart: unknown;
  placement: unknown;
  networks: unknown;
  ports: unknown;
  secrets: unknown;
  configs: unknown;
  endpointMode: string;
}

describe("swarm realizations agree", () => {
  const g = smallSwarmGraph();
  const doc = parse(exportSwarm(g).files["stack.yaml"]!);
  const services = g.nodes.filter((n): n is SwarmServiceNode => n.kind === "swarm.service" && !("ReplicatedJob" in n.spec.Mode));

  it.each(services.map((s) => [s.id, s] as const))("the stack file and the Pulumi inputs say the same about %s", (_id, n) => {
    const p = serviceArgs(n, n.spec.TaskTemplate.ContainerSpec.Image, (name) => name) as unknown as Record<string, any>;
    const e = doc.services[serviceKey(g, n)];
    const c = p.taskSpec.containerSpec;
    const fromPulumi: Normal = {
      image: c.image,
      replicas: p.mode.replicated.replicas,
      env: c.env,
      user: c.user,
      readOnly: c.readOnly,
      init: c.init,
      capDrop: c.capDrops,
      capAdd: c.capAdds,
      healthcheck: c.healthcheck && { test: c.healthcheck.tests, interval: c.healthcheck.interval, timeout: c.healthcheck.timeout, retries: c.healthcheck.retries, start_period: c.healthcheck.startPeriod },
      limits: { cpus: p.taskSpec.resources.limits.nanoCpus && String(p.taskSpec.resources.limits.nanoCpus / 1e9), memory: p.taskSpec.resources.limits.memoryBytes && String(p.taskSpec.resources.limits.memoryBytes) },
      reservations: { cpus: p.taskSpec.resources.reservation.nanoCpus && String(p.taskSpec.resources.reservation.nanoCpus / 1e9), memory: p.taskSpec.resources.reservation.memoryBytes && String(p.taskSpec.resources.reservation.memoryBytes) },
      update: p.updateConfig && { ...p.updateConfig, maxFailureRatio: Number(p.updateConfig.maxFailureRatio) },
      rollback: p.rollbackConfig && { ...p.rollbackConfig, maxFailureRatio: Number(p.rollbackConfig.maxFailureRatio) },
      restart: { condition: p.taskSpec.restartPolicy.condition, delay: p.taskSpec.restartPolicy.delay },
      placement: { constraints: p.taskSpec.placement.constraints, prefs: p.taskSpec.placement.prefs },
      networks: Object.fromEntries(p.taskSpec.networksAdvanceds.map((x: { id: string; aliases: string[] }) => [x.id, x.aliases])),
      ports: p.endpointSpec.ports,
      secrets: c.secrets.map((x: Record<string, unknown>) => [x.secretName, x.fileName, x.fileUid, x.fileGid, x.fileMode]),
      configs: c.configs.map((x: Record<string, unknown>) => [x.configName, x.fileName, x.fileUid, x.fileGid, x.fileMode]),
      endpointMode: p.endpointSpec.mode,
    };
    const u = (x: Record<string, unknown> | undefined) => x && { parallelism: x.parallelism, delay: x.delay, failureAction: x.failure_action, monitor: x.monitor, maxFailureRatio: x.max_failure_ratio, order: x.order };
    const fromExport: Normal = {
      image: e.image,
      replicas: e.deploy.replicas,
      env: e.environment ?? {},
      user: e.user,
      readOnly: e.read_only,
      init: e.init,
      capDrop: e.cap_drop,
      capAdd: e.cap_add,
      healthcheck: e.healthcheck,
      limits: { cpus: e.deploy.resources.limits.cpus, memory: e.deploy.resources.limits.memory },
      reservations: { cpus: e.deploy.resources.reservations.cpus, memory: e.deploy.resources.reservations.memory },
      update: u(e.deploy.update_config),
      rollback: u(e.deploy.rollback_config),
      restart: { condition: e.deploy.restart_policy.condition, delay: e.deploy.restart_policy.delay },
      placement: { constraints: e.deploy.placement.constraints ?? [], prefs: (e.deploy.placement.preferences ?? []).map((x: { spread: string }) => `spread=${x.spread}`) },
      networks: Object.fromEntries(Object.entries(e.networks as Record<string, { aliases: string[] } | null>).map(([k, v]) => [k, v?.aliases ?? []])),
      ports: (e.ports ?? []).map((x: Record<string, unknown>) => ({ protocol: x.protocol, targetPort: x.target, publishedPort: x.published, publishMode: x.mode })),
      secrets: (e.secrets ?? []).map((x: Record<string, unknown>) => [x.source, x.target, x.uid, x.gid, x.mode]),
      configs: (e.configs ?? []).map((x: Record<string, unknown>) => [x.source, x.target, x.uid, x.gid, x.mode]),
      endpointMode: e.deploy.endpoint_mode,
    };
    expect(fromExport).toEqual(fromPulumi);
  });
});
