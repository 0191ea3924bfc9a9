import { hoistShared } from "./hoist.ts";
import type { MapContext } from "./map-context.ts";
import { fromProgram } from "./map-context.ts";
import { mapService } from "./map-service.ts";
import { hostsNamed } from "./hosts.ts";
import { call, lit, obj, type Declaration } from "./model.ts";
import type { ComposeProject, ComposeService } from "./schema.ts";
import type { Locate } from "./validate.ts";

const JOB_NAME = /(^|[-_])(init|migrate|migration|migrations|setup|seed|bootstrap|provision)([-_]|$)/;

/**
 * Maps the whole project: top-level networks, secrets and configs, then one construct per
 * service in dependency order (a construct must exist before another names it).
 */
export function mapProject(ctx: MapContext, locate: Locate, fileOrder: readonly string[]): Declaration[] {
  const p = ctx.project;
  const networks = mapNetworks(ctx, p);
  mapSecrets(ctx, p);
  mapConfigs(ctx, p);
  const volumes: Declaration[] = [];
  const declareVolume = (name: string): string => {
    const known = ctx.volumes.get(name);
    if (known) return known;
    const v = ctx.names.take(name, "Volume");
    ctx.volumes.set(name, v);
    volumes.push({ name: v, ctor: "Volume", id: name, comments: [] });
    return v;
  };
  const order = dependencyOrder(p, fileOrder);
  for (const n of order) ctx.services.set(n, ctx.names.take(n, "Service"));
  const jobs = jobNames(p);
  const services = order.map((n) => {
    const decl = mapService(ctx, n, p.services[n]!, locate, declareVolume, jobs.has(n));
    ctx.declared.add(n);
    if (jobs.has(n)) ctx.ledger.transformed(`services.${n}`, `became a Job: ${jobs.get(n)}`, "Make it a Service if it keeps running.");
    return decl;
  });
  for (const [name, v] of Object.entries(p.volumes ?? {})) {
    const path = `volumes.${name}`;
    if (!ctx.volumes.has(name)) ctx.ledger.notMapped(path, "no service mounts it", "Nothing to do.");
    else if (v && (v as { external?: unknown }).external) ctx.ledger.transformed(path, "an external volume became a Volume the stack creates and owns", "Copy the data into it, or keep using the external volume outside Berth.");
    else ctx.ledger.mapped(path, `Volume ${name}`);
    for (const k of Object.keys(v ?? {}).filter((k) => k !== "external")) {
      if (k === "name") ctx.ledger.notMapped(`${path}.name`, "Berth names a volume <stack>-<id>, so stacks never share one by accident", "Copy the data into the stack's volume.");
      else ctx.ledger.notMapped(`${path}.${k}`, `volume ${k} has no Berth prop: Berth uses the engine's local driver`, "Create such volumes outside Berth.");
    }
  }
  const hints = new Map([...ctx.secrets].map(([name, e]) => [JSON.stringify(e), name]));
  return hoistShared([...networks, ...volumes, ...services], ctx.names, hints);
}

function mapNetworks(ctx: MapContext, p: ComposeProject): Declaration[] {
  const used = new Set(Object.values(p.services).flatMap((s) => (Array.isArray(s.networks) ? s.networks : Object.keys(s.networks ?? {}))));
  const out: Declaration[] = [];
  for (const [name, n] of Object.entries(p.networks ?? {})) {
    const path = `networks.${name}`;
    if (name === "default") {
      ctx.ledger.transformed(path, "the default network is the stack's own default network", "Nothing to do.");
      continue;
    }
    if (!used.has(name)) {
      ctx.ledger.notMapped(path, "no service joins it", "Nothing to do.");
      continue;
    }
    const opts = (n ?? {}) as Record<string, unknown>;
    const v = ctx.names.take(name, "Network");
    ctx.networks.set(name, v);
    out.push({ name: v, ctor: "Network", id: name, ...(opts.internal ? { props: obj({ internal: lit(true) }) } : {}), comments: [] });
    if (opts.external) ctx.ledger.transformed(path, "an external network became a Network the stack creates", "Berth connects only to networks it owns; join the other stack's services through a shared construct.");
    else ctx.ledger.mapped(path, `Network ${name}`);
    if (opts.name !== undefined) ctx.ledger.notMapped(`${path}.name`, "Berth names a network <stack>-<id>", "Refer to the network by its construct.");
    if (opts.internal !== undefined) ctx.ledger.mapped(`${path}.internal`, "internal");
    for (const k of Object.keys(opts).filter((k) => !["external", "internal", "name"].includes(k) && !(k === "driver" && ["bridge", "overlay"].includes(String(opts[k]))))) {
      ctx.ledger.notMapped(`${path}.${k}`, `network ${k} has no Berth prop: Berth makes bridge networks on a Docker host and overlays on swarm`, "Drop it, or create the network outside Berth.");
    }
    if (opts.driver) ctx.ledger.mapped(`${path}.driver`, "the target's network driver");
  }
  return out;
}

function mapSecrets(ctx: MapContext, p: ComposeProject): void {
  for (const [name, s] of Object.entries(p.secrets ?? {})) {
    const path = `secrets.${name}`;
    const o = (s ?? {}) as Record<string, string | undefined>;
    if (o.file) {
      ctx.secrets.set(name, call("Secret.fromFile", lit(fromProgram(ctx, o.file))));
      ctx.ledger.mapped(path, `Secret.fromFile (${o.file}, relative to the program's directory)`);
    } else if (o.environment) {
      ctx.secrets.set(name, call("Secret.fromEnv", lit(o.environment)));
      ctx.ledger.mapped(path, "Secret.fromEnv");
    } else ctx.ledger.notMapped(path, "an external secret lives on the platform, outside the stack", `Use Secret.fromConfig("${name}") and set the value in the stack config.`);
    extraKeys(ctx, path, o, ["file", "environment", "external"]);
  }
}

function mapConfigs(ctx: MapContext, p: ComposeProject): void {
  for (const [name, c] of Object.entries(p.configs ?? {})) {
    const path = `configs.${name}`;
    const o = (c ?? {}) as Record<string, string | undefined>;
    const key = name.replace(/[^A-Za-z0-9_.:-]/g, "-");
    if (o.file) {
      ctx.configs.set(name, call("Config.fromText", lit(key), call("readText", lit(o.file))));
      ctx.ledger.transformed(path, `Config.fromText with the text of ${o.file}, read when the program runs`, "Nothing to do; edit the file as before.");
    } else if (typeof o.content === "string") {
      ctx.configs.set(name, call("Config.fromText", lit(key), lit(o.content)));
      ctx.ledger.mapped(path, "Config.fromText");
    } else ctx.ledger.notMapped(path, "an external or environment config has no source Berth reads", `Use Config.fromConfig("${name}") and set the text in the stack config.`);
    extraKeys(ctx, path, o, ["file", "content", "external"]);
  }
}

/** Services that run to completion: waited for with service_completed_successfully, or named like a one-off. */
function jobNames(p: ComposeProject): Map<string, string> {
  const jobs = new Map<string, string>();
  for (const s of Object.values(p.services)) {
    if (s.depends_on && !Array.isArray(s.depends_on)) {
      for (const [n, o] of Object.entries(s.depends_on)) if (o.condition === "service_completed_successfully") jobs.set(n, "another service waits for it to complete");
    }
  }
  for (const [n, s] of Object.entries(p.services)) {
    const restarts = s.restart && s.restart !== "no" && !s.restart.startsWith("on-failure");
    if (!jobs.has(n) && JOB_NAME.test(n) && !s.ports?.length && !restarts && s.deploy?.replicas === undefined) jobs.set(n, `its name says it is a one-off (${n}), it publishes no port and is not restarted`);
  }
  return jobs;
}

/** Services with each one after what it depends on; otherwise in the order the files list them. */
export function dependencyOrder(p: ComposeProject, fileOrder: readonly string[]): string[] {
  const names = [...fileOrder.filter((n) => n in p.services), ...Object.keys(p.services).filter((n) => !fileOrder.includes(n))];
  const done = new Set<string>();
  const out: string[] = [];
  // A service named as another's host (DB_HOST: db) comes first too: the program refers to it.
  const deps = (s: ComposeService) => [...(Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {})), ...hostsNamed(s, p)];
  const visit = (n: string) => {
    if (done.has(n)) return;
    done.add(n);
    for (const d of deps(p.services[n]!)) visit(d);
    out.push(n);
  };
  names.forEach(visit);
  return out;
}

function extraKeys(ctx: MapContext, path: string, o: Record<string, unknown>, known: readonly string[]): void {
  for (const k of Object.keys(o).filter((k) => !known.includes(k))) ctx.ledger.notMapped(`${path}.${k}`, `${k} has no Berth prop: Berth names and templates nothing here`, "Drop it.");
}

