/**
 * Observing a swarm stack (one labelled list per kind, read-only) and diffing it against the
 * target graph: create / update (naming the changed fields) / delete (owned orphans) / no-op,
 * plus drift (a live service edited out of band while its spec-hash label still matches).
 * A changed service is always an update of the same service, never a delete and create.
 */
import type Docker from "dockerode";
import { LABELS } from "../../shared/labels.ts";
import type { ServiceSpec, SwarmGraph, SwarmNodeKind, SwarmServiceNode } from "../target.ts";
import { assertNoNameClashes, nodeChange, planHasChanges, type EngineChange, type EnginePlan } from "../../shared/engine/plan.ts";
import { same } from "../../shared/engine/same.ts";
import type { LiveSecret, LiveService, SwarmClient } from "./client.ts";

/** What happens to one object. */
export type SwarmChangeOp = "create" | "update" | "delete" | "keep" | "noop";

/** One entry of a swarm plan (update names the spec sections that differ; keep says why). */
export type SwarmChange = EngineChange<SwarmChangeOp, SwarmNodeKind>;

/** A plan for one swarm stack. */
export type SwarmPlan = EnginePlan<SwarmChange>;

/** What `plan` needs to know about the live swarm. */
export interface SwarmLive {
  readonly services: readonly LiveService[];
  readonly secrets: readonly LiveSecret[];
  readonly configs: readonly LiveSecret[];
  readonly networks: readonly Docker.NetworkInspectInfo[];
  /** Image node id → present on the manager. */
  readonly images: Readonly<Record<string, boolean>>;
  /** Job service name → whether a task of its current iteration completed. @default - every job completed */
  readonly jobsCompleted?: Readonly<Record<string, boolean>>;
  /** Desired names taken by objects Berth does not own. */
  readonly clashes: readonly { readonly kind: string; readonly name: string }[];
}

/** True when applying the plan would change anything. */
export function swarmHasChanges(plan: SwarmPlan): boolean {
  return planHasChanges(plan);
}

/** Observes a stack with read-only calls. */
export async function observeSwarm(client: SwarmClient, graph: SwarmGraph): Promise<SwarmLive> {
  const [services, secrets, configs, networks] = await Promise.all([
    client.listServices(graph.stack),
    client.listSecrets(graph.stack),
    client.listConfigs(graph.stack),
    client.engine.listNetworks(graph.stack),
  ]);
  const images: Record<string, boolean> = {};
  const clashes: { kind: string; name: string }[] = [];
  const checks: Promise<void>[] = [];
  for (const n of graph.nodes) {
    if (n.kind === "docker.image") checks.push(client.engine.inspectImage(n.ref).then((i) => void (images[n.id] = i !== undefined)));
    else if (n.kind === "swarm.service" && !services.some((s) => s.Spec.Name === n.name)) {
      checks.push(client.listServicesByName(n.name).then((l) => void (l.length > 0 && clashes.push({ kind: "service", name: n.name }))));
    } else if (n.kind === "swarm.network" && !networks.some((x) => x.Name === n.name)) {
      checks.push(client.engine.listNetworksByName(n.name).then((l) => void (l.length > 0 && clashes.push({ kind: "network", name: n.name }))));
    } else if ((n.kind === "swarm.secret" || n.kind === "swarm.config") && !(n.kind === "swarm.secret" ? secrets : configs).some((x) => x.Spec.Name === n.name)) {
      const kind = n.kind === "swarm.secret" ? "secrets" : "configs";
      checks.push(client.listByName(kind, n.name).then((l) => void (l.length > 0 && clashes.push({ kind: kind.slice(0, -1), name: n.name }))));
    }
  }
  const jobsCompleted: Record<string, boolean> = {};
  for (const s of services.filter((x) => "ReplicatedJob" in (x.Spec.Mode ?? {}))) {
    checks.push(
      client.listTasks(s.ID).then((tasks) => {
        const it = s.JobStatus?.JobIteration?.Index;
        jobsCompleted[s.Spec.Name] = tasks.some((t) => t.Status.State === "complete" && (it === undefined || t.JobIteration?.Index === it));
      }),
    );
  }
  await Promise.all(checks);
  clashes.sort((a, b) => (a.name < b.name ? -1 : 1));
  return { services, secrets, configs, networks, images, clashes, jobsCompleted };
}

/** Diffs the target graph against the live swarm. Throws when a desired name belongs to an object Berth does not own. */
export function planSwarm(graph: SwarmGraph, live: SwarmLive): SwarmPlan {
  assertNoNameClashes(graph.stack, live.clashes);
  const changes: SwarmChange[] = [];
  const wanted = new Set<string>();
  // Swarm stores network ids in a service's spec; the graph names them.
  const netIds = new Map(live.networks.map((x) => [x.Name, x.Id]));
  for (const n of graph.nodes) {
    switch (n.kind) {
      case "swarm.network": {
        const l = live.networks.find((x) => x.Name === n.name);
        if (!l) changes.push(nodeChange("create", n));
        else {
          wanted.add(l.Id);
          // An overlay network in use cannot be replaced without stopping its services.
          const same = l.Labels?.[LABELS.specHash] === n.hash;
          changes.push(nodeChange(same ? "noop" : "keep", n, same ? [] : ["network settings changed; run `berth down` then `up` to recreate it"], l.Id));
        }
        break;
      }
      case "swarm.volume":
        // Swarm creates the volume (with its labels) on the node that runs the first task.
        changes.push(nodeChange("noop", n));
        break;
      case "swarm.secret":
      case "swarm.config": {
        const l = (n.kind === "swarm.secret" ? live.secrets : live.configs).find((x) => x.Spec.Name === n.name);
        if (l) wanted.add(l.ID);
        changes.push(l ? nodeChange("noop", n, [], l.ID) : nodeChange("create", n));
        break;
      }
      case "docker.image":
        changes.push(nodeChange(live.images[n.id] ? "noop" : "create", n));
        break;
      case "swarm.service": {
        const l = live.services.find((s) => s.Spec.Name === n.name);
        if (!l) {
          changes.push(nodeChange("create", n));
          break;
        }
        wanted.add(l.ID);
        const diff = serviceDiff(n.spec, l.Spec, netIds);
        if (l.Spec.Labels?.[LABELS.specHash] !== n.hash) changes.push(nodeChange("update", n, diff.length ? diff : ["Labels"], l.ID));
        else if (diff.length) changes.push(nodeChange("update", n, diff, l.ID, true));
        // A job whose last run failed or never finished runs again (its dependents wait for it).
        else if (n.role === "job" && live.jobsCompleted?.[n.name] === false) changes.push(nodeChange("update", n, ["last run did not complete: run again"], l.ID));
        else changes.push(nodeChange("noop", n, [], l.ID));
        break;
      }
    }
  }
  for (const s of live.services) {
    if (!wanted.has(s.ID)) changes.push({ op: "delete", kind: "swarm.service", id: s.Spec.Labels?.[LABELS.node] ?? s.Spec.Name, name: s.Spec.Name, fields: ["not in the graph"], drift: false, liveId: s.ID });
  }
  for (const [kind, list] of [["swarm.secret", live.secrets], ["swarm.config", live.configs]] as const) {
    for (const s of list) {
      if (!wanted.has(s.ID)) changes.push({ op: "delete", kind, id: s.Spec.Labels?.[LABELS.node] ?? s.Spec.Name, name: s.Spec.Name, fields: ["old version, or not in the graph"], drift: false, liveId: s.ID });
    }
  }
  for (const n of live.networks) {
    if (!wanted.has(n.Id)) changes.push({ op: "delete", kind: "swarm.network", id: n.Labels?.[LABELS.node] ?? n.Name, name: n.Name, fields: ["not in the graph"], drift: false, liveId: n.Id });
  }
  return { stack: graph.stack, changes };
}

/** The sections of a desired ServiceSpec the live spec does not match (Berth's fields only). */
export function serviceDiff(want: ServiceSpec, live: LiveService["Spec"], networkIds: ReadonlyMap<string, string> = new Map()): string[] {
  const out: string[] = [];
  const cmp = (field: string, a: unknown, b: unknown) => {
    if (!same(a, b)) out.push(field);
  };
  const wc = want.TaskTemplate.ContainerSpec;
  const lc = live.TaskTemplate?.ContainerSpec ?? ({} as LiveService["Spec"]["TaskTemplate"]["ContainerSpec"]);
  // The engine may append `@sha256:` to a tag it resolved; the reference Berth asked for must lead.
  if (!(lc.Image ?? "").startsWith(wc.Image)) out.push("Image");
  for (const k of ["Command", "Args", "Dir", "Env", "User", "ReadOnly", "Init", "CapabilityDrop", "CapabilityAdd", "Healthcheck", "StopGracePeriod", "Mounts"] as const) {
    cmp(k, wc[k], lc[k]);
  }
  cmp("Secrets", wc.Secrets.map((s) => [s.SecretName, s.File]), (lc.Secrets ?? []).map((s) => [s.SecretName, (s as { File?: unknown }).File]));
  cmp("Configs", wc.Configs.map((s) => [s.ConfigName, s.File]), (lc.Configs ?? []).map((s) => [s.ConfigName, (s as { File?: unknown }).File]));
  const wt = want.TaskTemplate;
  const lt = live.TaskTemplate ?? ({} as LiveService["Spec"]["TaskTemplate"]);
  cmp("Resources", wt.Resources, lt.Resources);
  cmp("RestartPolicy", wt.RestartPolicy, lt.RestartPolicy);
  cmp("Placement", { C: wt.Placement.Constraints, P: wt.Placement.Preferences }, { C: lt.Placement?.Constraints, P: lt.Placement?.Preferences });
  // The predefined `host` network is stored under a swarm-internal id no list call returns.
  const liveNets = lt.Networks ?? [];
  cmp("Networks", wt.Networks.map((x, i) => ({ ...x, Target: x.Target === "host" && liveNets.length === 1 ? liveNets[i]?.Target : (networkIds.get(x.Target) ?? x.Target) })), liveNets);
  cmp("LogDriver", wt.LogDriver, lt.LogDriver);
  cmp("Mode", want.Mode, live.Mode);
  cmp("UpdateConfig", want.UpdateConfig, live.UpdateConfig);
  cmp("RollbackConfig", want.RollbackConfig, live.RollbackConfig);
  cmp("EndpointSpec", want.EndpointSpec, live.EndpointSpec);
  return out;
}

/** The service nodes of a graph. */
export function serviceNodes(graph: SwarmGraph): SwarmServiceNode[] {
  return graph.nodes.filter((n): n is SwarmServiceNode => n.kind === "swarm.service");
}
