import { at, type ServiceDraft } from "./draft.ts";
import { variableKey, type MapContext } from "./map-context.ts";
import { call, lit, obj, type Expr } from "./model.ts";

/** A port in the spec's long form. */
export interface LongPort {
  readonly target: number;
  readonly published?: number;
  readonly host_ip?: string;
  readonly protocol: "tcp" | "udp";
}

/**
 * Parses the short syntax `[host_ip:][published:]target[/protocol]`; undefined for ranges
 * and forms Berth cannot publish (a range publishes many ports; Berth one per entry).
 */
export function parsePort(p: unknown): LongPort | undefined {
  if (typeof p === "number") return { target: p, protocol: "tcp" };
  if (typeof p === "object" && p !== null) {
    const o = p as { target: number | string; published?: number | string; host_ip?: string; protocol?: string };
    const target = Number(o.target);
    const published = o.published === undefined || o.published === "" ? undefined : Number(o.published);
    if (!Number.isInteger(target) || (published !== undefined && !Number.isInteger(published))) return undefined;
    return { target, ...(published !== undefined ? { published } : {}), ...(o.host_ip ? { host_ip: o.host_ip } : {}), protocol: o.protocol === "udp" ? "udp" : "tcp" };
  }
  const m = /^(?:(?:\[([0-9a-fA-F:.]+)\]|(\d+\.\d+\.\d+\.\d+)):)?(?:(\d+):)?(\d+)(?:\/(tcp|udp))?$/.exec(String(p));
  if (!m) return undefined;
  const host = m[1] ?? m[2];
  return { target: Number(m[4]), ...(m[3] ? { published: Number(m[3]) } : {}), ...(host ? { host_ip: host } : {}), protocol: (m[5] as "tcp" | "udp") ?? "tcp" };
}

/** `ports` and `expose`: published ports as `{ container, published }`, exposed ones as numbers. */
export function mapPorts(ctx: MapContext, d: ServiceDraft, ports: readonly unknown[] | undefined, expose: readonly unknown[] | undefined): void {
  (ports ?? []).forEach((p, i) => {
    const path = at(d, "ports", i);
    const long = parsePort(p);
    if (!long) {
      ctx.ledger.notMapped(path, `${JSON.stringify(p)} is a port range or a form Berth cannot publish one to one`, "List each port as its own entry in ports.");
      return;
    }
    if (typeof p === "object" && p !== null) {
      for (const k of Object.keys(p).filter((k) => !["target", "published", "host_ip", "protocol"].includes(k))) {
        ctx.ledger.notMapped(`${path}.${k}`, `ports.${k} has no Berth prop`, k === "mode" ? "Use the swarm prop publishMode on swarm." : "Drop it.");
      }
    }
    if (long.published === undefined) {
      d.ports.push(portExpr(ctx, path, long));
      ctx.ledger.transformed(path, `compose publishes ${long.target} on a random host port; Berth exposes it on the networks only`, `Give it a host port: { container: ${long.target}, published: <port> }.`);
      return;
    }
    d.ports.push(portExpr(ctx, path, long));
  });
  if (d.ports.length && ports?.length) {
    ctx.ledger.mapped(at(d, "ports"), "ports ({ container, published }; host addresses as hostIp)");
    if ((ports ?? []).some((p) => parsePort(p)?.published !== undefined && !parsePort(p)?.host_ip)) {
      ctx.ledger.transformed(at(d, "ports", "host_ip"), "published ports without a host address bind 127.0.0.1 in Berth's dev profile (compose binds all addresses)", "Set bindAddress on the DockerHost, or hostIp on the port, to publish on other addresses.");
    }
  }
  (expose ?? []).forEach((e, i) => {
    const n = Number(String(e).replace(/\/tcp$/, ""));
    if (!Number.isInteger(n)) {
      ctx.ledger.notMapped(at(d, "expose", i), `${JSON.stringify(e)} is a range or a udp port, which Berth does not expose`, "Expose each tcp port as a number in ports.");
      return;
    }
    d.ports.push(lit(n));
  });
  if (expose?.length) ctx.ledger.mapped(at(d, "expose"), "ports (a bare number exposes a port on the networks)");
}

function portExpr(ctx: MapContext, path: string, p: LongPort): Expr {
  if (p.published === undefined && p.protocol === "tcp" && !p.host_ip) return lit(p.target);
  // A short port whose host side is one variable (`[ip:]${PORT:-8080}:80`) keeps it as config.
  const templ = ctx.templates.get(path) ?? [];
  const hostVar = templ.find((t, i): t is Exclude<typeof t, string> => {
    const next = templ[i + 1];
    const prev = templ[i - 1];
    return typeof t !== "string" && typeof next === "string" && next.startsWith(`:${p.target}`) && (prev === undefined || (typeof prev === "string" && prev.endsWith(":")));
  });
  const published = p.published === undefined ? undefined : hostVar ? call("config.number", lit(variableKey(ctx, hostVar.name)), lit(p.published)) : lit(p.published);
  return obj({
    container: lit(p.target),
    published,
    protocol: p.protocol === "udp" ? lit("udp") : undefined,
    hostIp: p.host_ip ? lit(p.host_ip) : undefined,
  });
}
