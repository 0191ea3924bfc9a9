/**
 * The plan: a pure diff of the target graph against the observed live state. Every desired
 * node gets one change (create / replace naming the changed fields / start / update / no-op);
 * owned objects nothing wants any more are deleted; drift (live objects edited or stopped out
 * of band while their spec hash still matches) is flagged.
 */
import type Docker from "dockerode";
import { LABELS } from "../../shared/labels.ts";
import type { ContainerCreate, DockerContainerNode, DockerGraph, DockerNodeKind } from "../target.ts";
import { assertNoNameClashes, nodeChange, planHasChanges, type ChangeOp as EngineChangeOp, type EngineChange, type EnginePlan } from "../../shared/engine/plan.ts";
import { same } from "../../shared/engine/same.ts";
import type { LiveContainer, LiveState } from "./observe.ts";

/** What happens to one object (the Docker host engine uses every op). */
export type ChangeOp = EngineChangeOp;

/** One entry of a plan (replace/update name the fields that differ; start/keep say why). */
export type Change = EngineChange<ChangeOp, DockerNodeKind>;

/** A plan for one stack. */
export type Plan = EnginePlan<Change>;

/** True when applying the plan would change anything. */
export function hasChanges(plan: Plan): boolean {
  return planHasChanges(plan);
}

/** Diffs a target graph against the live state. Throws when a desired name belongs to an object Berth does not own. */
export function plan(graph: DockerGraph, live: LiveState): Plan {
  assertNoNameClashes(graph.stack, live.clashes);
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
      if (!first) changes.push(nodeChange("create", n, []));
      else if (first.labels[LABELS.specHash] !== n.hash) {
        const fields = [
          ...(first.internal !== n.create.Internal ? ["Internal"] : []),
          ...(first.driver !== n.create.Driver ? ["Driver"] : []),
          ...labelDiff(n.create.Labels, first.labels),
        ];
        replacedNetworks.add(n.name);
        changes.push(nodeChange("replace", n, fields.length ? fields : ["spec"], first.id));
      } else changes.push(nodeChange("noop", n, [], first.id));
      if (first) wanted.add(first.id);
    } else if (n.kind === "docker.volume") {
      const v = live.volumes.find((l) => l.name === n.name);
      // Volumes hold data: a changed spec never replaces one; `down --volumes` does.
      if (!v) changes.push(nodeChange("create", n, []));
      else changes.push(nodeChange(v.labels[LABELS.specHash] === n.hash ? "noop" : "keep", n, v.labels[LABELS.specHash] === n.hash ? [] : ["labels changed; volumes are never replaced"]));
      wanted.add(n.name);
    } else if (n.kind === "docker.image") {
      changes.push(nodeChange(live.images[n.id] ? "noop" : "create", n, []));
    } else if (n.kind === "docker.file") {
      const f = live.files[n.id];
      if (!f?.exists) {
        changes.push(nodeChange("create", n, []));
        changedFiles.add(n.id);
      } else {
        const fields = [
          ...(f.contentMatches ? [] : ["content"]),
          ...(f.mode !== n.mode ? ["mode"] : []),
          ...(f.uid !== n.uid || f.gid !== n.gid ? ["owner"] : []),
        ];
        if (fields.length) {
          changes.push(nodeChange("update", n, fields));
          if (!f.contentMatches) changedFiles.add(n.id);
        } else changes.push(nodeChange("noop", n, []));
      }
    }
  }

  for (const n of graph.nodes) {
    if (n.kind !== "docker.container") continue;
    const l = live.containers.find((c) => c.name === n.name);
    if (!l) {
      changes.push(nodeChange("create", n, []));
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
    changes.push({ op: "delete", kind: "docker.file", id: d, name: d, fields: ["not in the graph"], drift: false });
  }
  return { stack: graph.stack, changes };
}

function containerChange(n: DockerContainerNode, l: LiveContainer, replacedNetworks: ReadonlySet<string>, changedFiles: ReadonlySet<string>): Change {
  const diff = containerDiff(n.create, l.inspect);
  if (l.labels[LABELS.specHash] !== n.hash) return nodeChange("replace", n, diff.length ? diff : ["spec"], l.id);
  if (diff.length) return nodeChange("replace", n, diff, l.id, true);
  const nets = Object.keys(n.create.NetworkingConfig.EndpointsConfig).filter((x) => replacedNetworks.has(x));
  if (nets.length) return nodeChange("replace", n, nets.map((x) => `network ${x} replaced`), l.id);
  const files = n.files.filter((f) => changedFiles.has(f));
  if (files.length) return nodeChange("replace", n, files.map((f) => `file ${f.slice(f.indexOf("#") + 1)} changed`), l.id);
  const st = l.inspect.State;
  if (st.Status === "created") return nodeChange("replace", n, ["state: created but never started (an interrupted run)"], l.id);
  if (n.role === "job") {
    if (st.Status === "exited" && st.ExitCode !== 0) return nodeChange("replace", n, [`last run exited with code ${st.ExitCode}`], l.id);
    return nodeChange("noop", n, [], l.id);
  }
  if (st.Status === "exited" || st.Status === "dead") return nodeChange("start", n, [`state: ${st.Status} (stopped out of band)`], l.id, true);
  if (st.Status === "paused") return nodeChange("replace", n, ["state: paused out of band"], l.id, true);
  return nodeChange("noop", n, [], l.id);
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
