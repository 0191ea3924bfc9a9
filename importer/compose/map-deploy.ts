import { at, type ServiceDraft } from "./draft.ts";
import { numberExpr, type MapContext } from "./map-context.ts";
import { durationExpr, lit, obj, sizeExpr, type Expr } from "./model.ts";
import { parseDurationMs, parseSize } from "./units.ts";

/** `restart` as Berth's restart prop; undefined for a policy Berth has no word for. */
export function restartExpr(value: string): Expr | undefined {
  if (value === "no" || value === "always" || value === "unless-stopped") return lit(value);
  const m = /^on-failure(?::(\d+))?$/.exec(value);
  return m ? obj({ onFailure: lit(Number(m[1] ?? 0)) }) : undefined;
}

/** `restart`, `deploy` (replicas, resources, restart_policy, update_config) and the v2 `cpus`/`mem_limit`. */
export function mapDeploy(ctx: MapContext, d: ServiceDraft, svc: Record<string, unknown>): void {
  if (typeof svc.restart === "string") {
    const r = restartExpr(svc.restart);
    if (!r) ctx.ledger.notMapped(at(d, "restart"), `restart ${svc.restart} is not a policy Docker knows`, 'Use "no", "always", "unless-stopped" or "on-failure[:n]".');
    else if (d.ctor === "Job") {
      if (r.kind === "obj") d.props.restart = r;
      ctx.ledger.transformed(at(d, "restart"), r.kind === "obj" ? "restart (a Job restarts on failure only)" : `a Job runs to completion: restart ${svc.restart} does not apply`, "Set retries on the Job.");
    } else {
      d.props.restart = r;
      ctx.ledger.mapped(at(d, "restart"), "restart");
    }
  }
  const deploy = (svc.deploy ?? {}) as Record<string, any>;
  if (deploy.replicas !== undefined) {
    if (d.ctor === "Job") ctx.ledger.notMapped(at(d, "deploy", "replicas"), "a Job runs once", "Make it a Service if it keeps running.");
    else {
      d.props.replicas = numberExpr(ctx, at(d, "deploy", "replicas"), Number(deploy.replicas));
      ctx.ledger.mapped(at(d, "deploy", "replicas"), "replicas");
    }
  }
  const limits = deploy.resources?.limits ?? {};
  const reservations = deploy.resources?.reservations ?? {};
  const cpu = limits.cpus ?? svc.cpus;
  const memory = limits.memory ?? svc.mem_limit;
  if (cpu !== undefined) d.resources.cpu = lit(Number(cpu));
  if (memory !== undefined) d.resources.memory = sizeExpr(parseSize(memory));
  if (limits.pids !== undefined) d.resources.pids = lit(limits.pids);
  if (reservations.cpus !== undefined) d.resources.cpuReservation = lit(Number(reservations.cpus));
  if (reservations.memory !== undefined) d.resources.memoryReservation = sizeExpr(parseSize(reservations.memory));
  if (svc.cpus !== undefined) ctx.ledger.mapped(at(d, "cpus"), "resources.cpu");
  if (svc.mem_limit !== undefined) ctx.ledger.mapped(at(d, "mem_limit"), "resources.memory (a Size)");
  if (deploy.resources !== undefined) {
    ctx.ledger.mapped(at(d, "deploy", "resources"), "resources (cpu in cores, memory as Size)");
    for (const k of Object.keys(limits).filter((k) => !["cpus", "memory", "pids"].includes(k))) ctx.ledger.notMapped(at(d, "deploy", "resources", "limits", k), `limits.${k} has no Berth prop`, "Drop it.");
    for (const k of Object.keys(reservations).filter((k) => !["cpus", "memory"].includes(k))) ctx.ledger.notMapped(at(d, "deploy", "resources", "reservations", k), `reservations.${k} (devices, generic resources) has no Berth prop`, "Schedule such workloads outside Berth for now.");
  }
  const rp = deploy.restart_policy;
  if (rp) {
    const r = rp.condition === "none" ? lit("no") : rp.condition === "on-failure" ? obj({ onFailure: lit(rp.max_attempts ?? 0) }) : lit(d.ctor === "Job" ? "no" : "always");
    if (d.ctor !== "Job" || rp.condition === "on-failure") d.props.restart = r;
    ctx.ledger.transformed(at(d, "deploy", "restart_policy"), `restart ${rp.condition ?? "any"} (delay and window are swarm's and have no Berth prop)`, "Nothing to do unless you relied on the delay.");
  }
  const uc = deploy.update_config;
  if (uc) {
    d.props.update = obj({
      parallelism: uc.parallelism !== undefined ? lit(uc.parallelism) : undefined,
      delay: uc.delay !== undefined ? durationExpr(parseDurationMs(uc.delay)) : undefined,
      order: uc.order ? lit(uc.order) : undefined,
      failureAction: ["rollback", "pause", "continue"].includes(uc.failure_action) ? lit(uc.failure_action) : undefined,
      monitor: uc.monitor !== undefined ? durationExpr(parseDurationMs(uc.monitor)) : undefined,
      maxFailureRatio: uc.max_failure_ratio !== undefined ? lit(uc.max_failure_ratio) : undefined,
    });
    ctx.ledger.mapped(at(d, "deploy", "update_config"), "update");
  }
  for (const k of Object.keys(deploy).filter((k) => !["replicas", "resources", "restart_policy", "update_config"].includes(k))) {
    ctx.ledger.notMapped(at(d, "deploy", k), `deploy.${k} is swarm scheduling Berth does not model portably`, k === "placement" ? "Use the swarm prop { constraints, preferences }." : "Drop it, or write a SwarmService for swarm-only settings.");
  }
}
