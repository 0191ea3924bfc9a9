/**
 * The plan: a pure diff of the target graph against the observed live state. Every desired
 * node gets one change (create / replace naming the changed fields / start / update / no-op);
 * owned objects nothing wants any more are deleted; drift (live objects edited or stopped out
 * of band while their spec hash still matches) is flagged.
 */
import type Docker from "dockerode";
import { BerthError } from "../../../sdk/core/errors.ts";
import { LABELS } from "../labels.ts";
import type { ContainerCreate, DockerContainerNode, DockerGraph, DockerNode, DockerNodeKind } from "../target.ts";
import type { LiveContainer, LiveState } from "./observe.ts";

/** What happens to one object. */
export type ChangeOp = "create" | "replace" | "start" | "update" | "delete" | "keep" | "noop";

/** One entry of a plan. */
export interface Change {
  readonly op: ChangeOp;
  readonly kind: DockerNodeKind;
  /** Target node id (for deletes: the object's `berth.node` label or its name). */
  readonly id: string;
  readonly name: string;
  /** Replace/update: the fields that differ; start/keep: why. */
  readonly fields: readonly string[];
  /** The live object differs from its own recorded spec (edited or stopped out of band). */
  readonly drift: boolean;
  /** Docker id of the live object, when there is one. */
  readonly liveId?: string;
}

/** A plan for one stack. */
export interface Plan {
  readonly stack: string;
  readonly changes: readonly Change[];
}

/** True when applying the plan would change anything. */
export function hasChanges(plan: Plan): boolean {
  return plan.changes.some((c) => c.op !== "noop" && c.op !== "keep");
}

/** Diffs a target graph against the live state. Throws when a desired name belongs to an object Berth does not own. */
export function plan(graph: DockerGraph, live: LiveState): Plan {
  if (live.clashes.length > 0) {
    throw new BerthError(
      live.clashes.map((c) => ({
        code: "engine.name-taken",
        path: graph.stack,
        field: c.kind,
        found: c.name,
        message: `A ${c.kind} named '${c.name}' exists but has no Berth labels for stack '${graph.stack}'; Berth never touches objects it does not own.`,
        fix: `remove or rename it (docker ${c.kind} rm ${c.name}), or rename the stack`,
      })),
    );
  }
  const changes: Change[] = [];
  const replacedNetworks = new Set<string>();
  const changedFiles = new Set<string>();
  const wanted = new Set<string>();

  for (const n of graph.nodes) {
    if (n.kind === "docker.network") {
      // Of duplicates (a crashed run's), keep the one containers use.
      const owned = live.networks.filter((l) => l.name === n.name).sort((a, b) => b.containers.length - a.containers.length);
      const first = owned[0];
      for (const extra of owned.slice(1)) changes.push({ op: "delete", kind: n.kind, id: n.id, name: n.name, fields: ["duplicate"], drift: false, liveId: extra.id });
      if (!first) changes.push(change("create", n, []));
      else if (first.labels[LABELS.specHash] !== n.hash) {
        const fields = [
          ...(first.internal !== n.create.Internal ? ["Internal"] : []),
          ...(first.driver !== n.create.Driver ? ["Driver"] : []),
          ...labelDiff(n.create.Labels, first.labels),
        ];
        replacedNetworks.add(n.name);
        changes.push(change("replace", n, fields.length ? fields : ["spec"], first.id));
      } else changes.push(change("noop", n, [], first.id));
      if (first) wanted.add(first.id);
    } else if (n.kind === "docker.volume") {
      const v = live.volumes.find((l) => l.name === n.name);
      // Volumes hold data: a changed spec never replaces one; `down --volumes` does.
      if (!v) changes.push(change("create", n, []));
      else changes.push(change(v.labels[LABELS.specHash] === n.hash ? "noop" : "keep", n, v.labels[LABELS.specHash] === n.hash ? [] : ["labels changed; volumes are never replaced"]));
      wanted.add(n.name);
    } else if (n.kind === "docker.image") {
      changes.push(change(live.images[n.id] ? "noop" : "create", n, []));
    } else if (n.kind === "docker.secret-file") {
      const f = live.files[n.id];
      if (!f?.exists) {
        changes.push(change("create", n, []));
        changedFiles.add(n.id);
      } else {
        const fields = [
          ...(f.contentMatches ? [] : ["content"]),
          ...(f.mode !== n.mode ? ["mode"] : []),
          ...(f.uid !== n.uid || f.gid !== n.gid ? ["owner"] : []),
        ];
        if (fields.length) {
          changes.push(change("update", n, fields));
          if (!f.contentMatches) changedFiles.add(n.id);
        } else changes.push(change("noop", n, []));
      }
    }
  }

  for (const n of graph.nodes) {
    if (n.kind !== "docker.container") continue;
    const l = live.containers.find((c) => c.name === n.name);
    if (!l) {
      changes.push(change("create", n, []));
      continue;
    }
    wanted.add(l.id);
    changes.push(containerChange(n, l, replacedNetworks, changedFiles));
  }

  for (const l of live.containers) {
    if (wanted.has(l.id)) continue;
    changes.push({ op: "delete", kind: "docker.container", id: l.labels[LABELS.node] ?? l.name, name: l.name, fields: ["not in the graph"], drift: false, liveId: l.id });
  }
  for (const l of live.networks) {
    if (wanted.has(l.id) || changes.some((c) => c.liveId === l.id)) continue;
    changes.push({ op: "delete", kind: "docker.network", id: l.labels[LABELS.node] ?? l.name, name: l.name, fields: ["not in the graph"], drift: false, liveId: l.id });
  }
  for (const v of live.volumes) {
    if (wanted.has(v.name)) continue;
    changes.push({ op: "keep", kind: "docker.volume", id: v.labels[LABELS.node] ?? v.name, name: v.name, fields: ["not in the graph; kept (down --volumes removes it)"], drift: false });
  }
  for (const d of live.orphanFileDirs) {
    changes.push({ op: "delete", kind: "docker.secret-file", id: d, name: d, fields: ["not in the graph"], drift: false });
  }
  return { stack: graph.stack, changes };
}

function change(op: ChangeOp, n: DockerNode, fields: string[], liveId?: string, drift = false): Change {
  return { op, kind: n.kind, id: n.id, name: n.name, fields, drift, ...(liveId ? { liveId } : {}) };
}

function containerChange(n: DockerContainerNode, l: LiveContainer, replacedNetworks: ReadonlySet<string>, changedFiles: ReadonlySet<string>): Change {
  const diff = containerDiff(n.create, l.inspect);
  if (l.labels[LABELS.specHash] !== n.hash) return change("replace", n, diff.length ? diff : ["spec"], l.id);
  if (diff.length) return change("replace", n, diff, l.id, true);
  const nets = Object.keys(n.create.NetworkingConfig.EndpointsConfig).filter((x) => replacedNetworks.has(x));
  if (nets.length) return change("replace", n, nets.map((x) => `network ${x} replaced`), l.id);
  const files = n.files.filter((f) => changedFiles.has(f));
  if (files.length) return change("replace", n, files.map((f) => `file ${f.slice(f.indexOf("#") + 1)} changed`), l.id);
  const st = l.inspect.State;
  if (st.Status === "created") return change("replace", n, ["state: created but never started (an interrupted run)"], l.id);
  if (n.role === "job") {
    if (st.Status === "exited" && st.ExitCode !== 0) return change("replace", n, [`last run exited with code ${st.ExitCode}`], l.id);
    return change("noop", n, [], l.id);
  }
  if (st.Status === "exited" || st.Status === "dead") return change("start", n, [`state: ${st.Status} (stopped out of band)`], l.id, true);
  if (st.Status === "paused") return change("replace", n, ["state: paused out of band"], l.id, true);
  return change("noop", n, [], l.id);
}

/** Fields of a desired create body that the live container does not match. */
export function containerDiff(want: ContainerCreate, live: Docker.ContainerInspectInfo): string[] {
  const out: string[] = [];
  const c = live.Config;
  const h = live.HostConfig as Docker.HostConfig & Record<string, unknown>;
  const cmp = (field: string, a: unknown, b: unknown) => {
    if (!same(a, b)) out.push(field);
  };
  cmp("Image", want.Image, c.Image);
  if (want.Cmd) cmp("Cmd", want.Cmd, c.Cmd);
  if (want.Entrypoint) cmp("Entrypoint", want.Entrypoint, c.Entrypoint);
  if (want.WorkingDir) cmp("WorkingDir", want.WorkingDir, c.WorkingDir);
  // The live Env also holds the image's ENV; only Berth's entries must be there.
  const liveEnv = new Set(c.Env ?? []);
  if (!want.Env.every((e) => liveEnv.has(e))) out.push("Env");
  cmp("User", want.User ?? "", c.User ?? "");
  out.push(...labelDiff(want.Labels, c.Labels ?? {}));
  cmp("Healthcheck", want.Healthcheck, (c as { Healthcheck?: unknown }).Healthcheck);
  const w = want.HostConfig;
  cmp("HostConfig.NanoCpus", w.NanoCpus, h.NanoCpus);
  cmp("HostConfig.Memory", w.Memory, h.Memory);
  cmp("HostConfig.MemoryReservation", w.MemoryReservation, h.MemoryReservation);
  cmp("HostConfig.PidsLimit", w.PidsLimit, h.PidsLimit);
  cmp("HostConfig.RestartPolicy", w.RestartPolicy, h.RestartPolicy);
  cmp("HostConfig.ReadonlyRootfs", w.ReadonlyRootfs, h.ReadonlyRootfs);
  cmp("HostConfig.Tmpfs", w.Tmpfs, h.Tmpfs);
  cmp("HostConfig.CapDrop", w.CapDrop, h.CapDrop);
  cmp("HostConfig.CapAdd", w.CapAdd, h.CapAdd);
  cmp("HostConfig.SecurityOpt", w.SecurityOpt, h.SecurityOpt);
  cmp("HostConfig.Init", w.Init, h.Init);
  cmp("HostConfig.LogConfig", w.LogConfig, h.LogConfig);
  cmp("HostConfig.PortBindings", w.PortBindings, h.PortBindings);
  cmp("HostConfig.Mounts", w.Mounts, h.Mounts);
  cmp("HostConfig.Privileged", w.Privileged, h.Privileged);
  const liveNets = live.NetworkSettings.Networks ?? {};
  for (const [net, ep] of Object.entries(want.NetworkingConfig.EndpointsConfig)) {
    const le = liveNets[net];
    if (!le || !ep.Aliases.every((a) => (le.Aliases ?? []).includes(a))) out.push(`NetworkingConfig.${net}`);
  }
  return out;
}

function labelDiff(want: Readonly<Record<string, string>>, live: Readonly<Record<string, string>>): string[] {
  // The version label changes with Berth upgrades, which alone never replaces anything.
  return Object.keys(want)
    .filter((k) => k !== LABELS.version && k !== LABELS.specHash && live[k] !== want[k])
    .map((k) => `Labels.${k}`);
}

/** Structural equality where absent, null, 0, false, "" and empty collections are all "unset". */
function same(a: unknown, b: unknown): boolean {
  if (isUnset(a) && isUnset(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

function isUnset(v: unknown): boolean {
  if (v === undefined || v === null || v === 0 || v === false || v === "") return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object") return Object.keys(v as object).length === 0;
  return false;
}
