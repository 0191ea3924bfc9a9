import { at, type ServiceDraft } from "./draft.ts";
import type { MapContext } from "./map-context.ts";
import { call, durationExpr, lit, obj, ref, sizeExpr } from "./model.ts";
import { parseSize } from "./units.ts";

/** A mount in the spec's long form. */
export interface LongMount {
  readonly type: string;
  readonly source?: string;
  readonly target: string;
  readonly read_only: boolean;
  /** Options Berth has no prop for (`bind.propagation`, `volume.nocopy`, `consistency`...). */
  readonly extra: readonly string[];
  readonly tmpfsSize?: string | number;
}

/** Parses a short mount `[source:]target[:mode]` into the long form. */
export function parseMount(v: unknown): LongMount {
  if (typeof v === "object" && v !== null) {
    const o = v as Record<string, unknown>;
    const extra = Object.keys(o).filter((k) => !["type", "source", "target", "read_only", "tmpfs"].includes(k));
    const size = (o.tmpfs as { size?: string | number } | undefined)?.size;
    return { type: String(o.type), ...(o.source !== undefined ? { source: String(o.source) } : {}), target: String(o.target), read_only: o.read_only === true, extra, ...(size !== undefined ? { tmpfsSize: size } : {}) };
  }
  const parts = String(v).split(":");
  if (parts.length === 1) return { type: "volume", target: parts[0]!, read_only: false, extra: [] };
  const [source, target, mode = ""] = parts as [string, string, string?];
  const modes = mode.split(",").filter(Boolean);
  const bind = /^[./~]/.test(source);
  return { type: bind ? "bind" : "volume", source, target, read_only: modes.includes("ro"), extra: modes.filter((m) => m !== "ro" && m !== "rw") };
}

/**
 * `volumes` and `tmpfs`: named volumes become Volume constructs, anonymous ones named
 * Volumes of the service, bind mounts host paths resolved from the compose directory (as
 * compose resolves them), tmpfs mounts `tmpfs`.
 */
export function mapVolumes(ctx: MapContext, d: ServiceDraft, volumes: readonly unknown[] | undefined, tmpfs: unknown, declareVolume: (name: string) => string): void {
  (volumes ?? []).forEach((v, i) => {
    const path = at(d, "volumes", i);
    const m = parseMount(v);
    const readOnly = m.read_only ? lit(true) : undefined;
    if (m.extra.length) ctx.ledger.notMapped(path, `mount options ${m.extra.join(", ")} have no Berth prop`, "Drop them, or configure the volume driver outside Berth.");
    if (m.type === "tmpfs") {
      d.tmpfs.push(m.tmpfsSize !== undefined ? obj({ path: lit(m.target), size: sizeExpr(parseSize(m.tmpfsSize)) }) : lit(m.target));
      ctx.ledger.mapped(path, "tmpfs");
    } else if (m.type === "bind") {
      const source = m.source ?? "";
      const host = source.startsWith("/") ? lit(source) : source.startsWith("~") ? call("fromHome", lit(source.replace(/^~\/?/, ""))) : call("fromCompose", lit(source));
      d.volumes.push(obj({ hostPath: host, path: lit(m.target), readOnly }));
      ctx.ledger.transformed(path, `bind mount of ${source} kept as a hostPath${source.startsWith("/") ? "" : ", resolved from the compose project's directory"}`, "A host path ties the stack to this machine and moves to no other target: bake the files into the image, or use a Volume (or a Config for one file).");
    } else if (m.type === "volume") {
      if (m.source) {
        d.volumes.push(obj({ volume: ref(declareVolume(m.source)), path: lit(m.target), readOnly }));
        ctx.ledger.mapped(path, `volumes (Volume ${m.source})`);
      } else {
        const name = `${d.name}${m.target.replace(/[^A-Za-z0-9]+/g, "-")}`.replace(/-+$/, "");
        d.volumes.push(obj({ volume: ref(declareVolume(name)), path: lit(m.target), readOnly }));
        ctx.ledger.transformed(path, `the anonymous volume became the named Volume ${name}`, "Berth keeps volumes on `down`; remove it with `berth down --volumes` when its data is not wanted.");
      }
    } else {
      ctx.ledger.notMapped(path, `a ${m.type} mount has no Berth equivalent`, "Use a Volume or a hostPath mount.");
    }
  });
  const list = tmpfs === undefined ? [] : Array.isArray(tmpfs) ? tmpfs : [tmpfs];
  list.forEach((t, i) => {
    const path = Array.isArray(tmpfs) ? at(d, "tmpfs", i) : at(d, "tmpfs");
    const [p, opts] = String(t).split(/:(.*)/s) as [string, string?];
    const size = /(?:^|,)size=([^,]+)/.exec(opts ?? "")?.[1];
    d.tmpfs.push(size ? obj({ path: lit(p), size: sizeExpr(parseSize(size)) }) : lit(p));
    const other = (opts ?? "").split(",").filter((o) => o && !o.startsWith("size="));
    if (other.length) ctx.ledger.notMapped(path, `tmpfs options ${other.join(",")} have no Berth prop`, "Drop them; Berth mounts tmpfs with the engine's defaults.");
    else ctx.ledger.mapped(path, "tmpfs");
  });
}

export { durationExpr };
