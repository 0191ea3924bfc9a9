/**
 * The round trip's judge: for every field the importer says it MAPPED, the compose file
 * `berth export` wrote (as `docker-compose config` normalized it) must say the same as the
 * original (as the importer read it: interpolated and merged). A mapped field without a
 * comparison here fails, so a new mapping cannot skip the round trip.
 */
import { formatImageRef, parseImageRef } from "../../sdk/constructs/image.ts";
import type { LedgerEntry } from "../../importer/compose/ledger.ts";
import { toMap } from "../../importer/compose/merge.ts";
import { parsePort } from "../../importer/compose/map-ports.ts";
import { parseMount } from "../../importer/compose/map-volumes.ts";
import { parseDurationMs, parseSize } from "../../importer/compose/units.ts";

type Obj = Record<string, any>;

/** Berth's platform name of a construct id: kebab-cased. */
const kebab = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

/** Mismatches between the original project and the export, one line each; [] when the round trip holds. */
export function compareMapped(stack: string, original: Obj, exported: Obj, entries: readonly LedgerEntry[]): string[] {
  const out: string[] = [];
  const containers = (svc: string) => Object.keys(exported.services ?? {}).filter((k) => new RegExp(`^${stack}-${kebab(svc)}-\\d+$`).test(k));
  const exp = (svc: string): Obj => exported.services?.[containers(svc)[0] ?? ""] ?? {};
  const check = (path: string, ok: boolean, detail: () => string) => {
    if (!ok) out.push(`${path}: ${detail()}`);
  };
  for (const e of entries.filter((x) => x.status === "mapped")) {
    const m = /^services\.([^.[]+)\.([a-z_]+)(.*)$/.exec(e.path);
    if (!m) {
      const top = /^(networks|volumes)\.([^.]+)(\.driver)?$/.exec(e.path);
      const secret = /^secrets\.([^.]+)$/.exec(e.path);
      if (secret) {
        const file = String(original.secrets[secret[1]!].file ?? "").split("/").pop();
        check(e.path, Object.values<Obj>(exported.secrets ?? {}).some((v) => String(v.file).endsWith(`/${file}`)), () => `no secret file ${file} in ${JSON.stringify(exported.secrets)}`);
      } else if (top) check(e.path, Object.keys(exported[top[1]!] ?? {}).some((k) => k.endsWith(kebab(top[2]!))), () => `no ${top[1]} ${top[2]} in the export`);
      else if (e.path !== "name") out.push(`${e.path}: no comparison for this mapped field`);
      continue;
    }
    const [, svc, field, rest] = m as unknown as [string, string, string, string];
    const o: Obj = original.services[svc];
    const x = exp(svc);
    const index = /^\[(\d+)\]/.exec(rest)?.[1];
    switch (field) {
      case "image":
        check(e.path, formatImageRef(parseImageRef(o.image)) === formatImageRef(parseImageRef(x.image)), () => `${o.image} became ${x.image}`);
        break;
      case "build": {
        const b = typeof o.build === "string" ? { context: o.build } : o.build;
        const xb = x.build ?? {};
        check(e.path, String(xb.context).endsWith(String(b.context ?? ".").replace(/^\.\/?/, "").replace(/\/$/, "")) && (b.target ?? undefined) === xb.target && JSON.stringify(toMap(b.args ?? {}, true)) === JSON.stringify(toMap(xb.args ?? {}, true)), () => `${JSON.stringify(b)} became ${JSON.stringify(xb)}`);
        break;
      }
      case "command":
      case "entrypoint":
        check(e.path, JSON.stringify(o[field]) === JSON.stringify(x[field]), () => `${JSON.stringify(o[field])} became ${JSON.stringify(x[field])}`);
        break;
      case "environment": {
        const env = toMap(o.environment);
        const transformed = new Set(entries.filter((t) => t.status !== "mapped" && t.path.startsWith(`services.${svc}.environment`)).map((t) => t.path));
        const keys = Object.keys(env).filter((k, i) => env[k] !== null && !transformed.has(`services.${svc}.environment.${k}`) && !transformed.has(`services.${svc}.environment[${i}]`));
        for (const k of keys) check(`${e.path}.${k}`, String(env[k]) === String(x.environment?.[k]), () => `${JSON.stringify(env[k])} became ${JSON.stringify(x.environment?.[k])}`);
        break;
      }
      case "ports": {
        const want = (o.ports as unknown[]).map((p) => parsePort(p)).filter((p) => p && p.published !== undefined).map((p) => `${p!.published}:${p!.target}/${p!.protocol}`);
        const got = (x.ports ?? []).map((p: unknown) => parsePort(p)).map((p: ReturnType<typeof parsePort>) => `${p?.published}:${p?.target}/${p?.protocol}`);
        for (const w of want) check(e.path, got.includes(w), () => `${w} not in ${JSON.stringify(got)}`);
        break;
      }
      case "expose":
        for (const p of o.expose) check(e.path, (x.expose ?? []).map((v: unknown) => String(v).replace(/\/tcp$/, "")).includes(String(p)), () => `${p} not exposed in ${JSON.stringify(x.expose)}`);
        break;
      case "volumes": {
        const mount = parseMount(o.volumes[Number(index)]);
        const got = (x.volumes ?? []).find((v: Obj) => v.target === mount.target);
        check(e.path, got?.type === "volume" && Boolean(got.read_only) === mount.read_only && (!mount.source || String(got.source).endsWith(kebab(mount.source))), () => `${JSON.stringify(mount)} became ${JSON.stringify(got)}`);
        break;
      }
      case "tmpfs": {
        const list = Array.isArray(o.tmpfs) ? o.tmpfs : [o.tmpfs];
        const want = String(list[Number(index ?? 0)]).split(":")[0];
        check(e.path, (x.tmpfs ?? []).some((t: string) => t.split(":")[0] === want), () => `${want} not in ${JSON.stringify(x.tmpfs)}`);
        break;
      }
      case "depends_on": {
        const deps = Array.isArray(o.depends_on) ? Object.fromEntries(o.depends_on.map((d: string) => [d, { condition: "service_started" }])) : o.depends_on;
        for (const [d, c] of Object.entries<Obj>(deps)) {
          const key = containers(d)[0] ?? `${stack}-${kebab(d)}-1`;
          check(`${e.path}.${d}`, x.depends_on?.[key]?.condition === (c.condition ?? "service_started"), () => `${c.condition} became ${JSON.stringify(x.depends_on?.[key])}`);
        }
        break;
      }
      case "secrets": {
        const s = o.secrets[Number(index)];
        const name = typeof s === "string" ? s : (s.target ?? s.source);
        check(e.path, (x.secrets ?? []).some((v: Obj) => v.target === `/run/secrets/${name}`), () => `/run/secrets/${name} not in ${JSON.stringify(x.secrets)}`);
        break;
      }
      case "configs": {
        const c = o.configs[Number(index)];
        const target = typeof c === "string" ? `/${c}` : (c.target ?? `/${c.source}`);
        check(e.path, (x.configs ?? []).some((v: Obj) => v.target === target), () => `${target} not in ${JSON.stringify(x.configs)}`);
        break;
      }
      case "networks": {
        const names = Array.isArray(o.networks) ? o.networks : Object.keys(o.networks);
        for (const n of names.filter((n: string) => n !== "default")) check(e.path, Object.keys(x.networks ?? {}).some((k) => k.endsWith(kebab(n))), () => `${n} not in ${JSON.stringify(Object.keys(x.networks ?? {}))}`);
        break;
      }
      case "network_mode":
        check(e.path, x.network_mode === o.network_mode, () => `${o.network_mode} became ${x.network_mode}`);
        break;
      case "healthcheck": {
        const k = rest.replace(/^\./, "");
        const hc = x.healthcheck ?? {};
        if (k === "test") check(e.path, JSON.stringify(o.healthcheck.test) === JSON.stringify(hc.test), () => `${JSON.stringify(o.healthcheck.test)} became ${JSON.stringify(hc.test)}`);
        else if (k === "retries") check(e.path, o.healthcheck.retries === hc.retries, () => `${o.healthcheck.retries} became ${hc.retries}`);
        else check(e.path, parseDurationMs(o.healthcheck[k]) === parseDurationMs(hc[k]), () => `${o.healthcheck[k]} became ${hc[k]}`);
        break;
      }
      case "restart":
        check(e.path, o.restart === x.restart || (o.restart === "on-failure" && x.restart === "on-failure:0"), () => `${o.restart} became ${x.restart}`);
        break;
      case "user":
      case "working_dir":
      case "read_only":
      case "privileged":
      case "init":
        check(e.path, String(o[field]) === String(x[field]), () => `${o[field]} became ${x[field]}`);
        break;
      case "cap_add":
      case "cap_drop":
        for (const c of o[field]) check(e.path, (x[field] ?? []).includes(c.replace(/^CAP_/, "")), () => `${c} not in ${JSON.stringify(x[field])}`);
        break;
      case "labels":
        for (const [k, v] of Object.entries(toMap(o.labels))) check(`${e.path}.${k}`, x.labels?.[k] === String(v), () => `${v} became ${x.labels?.[k]}`);
        break;
      case "logging":
        check(e.path, (o.logging.driver ?? "json-file") === x.logging?.driver && Object.entries<unknown>(o.logging.options ?? {}).every(([k, v]) => String(x.logging?.options?.[k]) === String(v)), () => `${JSON.stringify(o.logging)} became ${JSON.stringify(x.logging)}`);
        break;
      case "stop_grace_period":
        check(e.path, parseDurationMs(o.stop_grace_period) === parseDurationMs(x.stop_grace_period), () => `${o.stop_grace_period} became ${x.stop_grace_period}`);
        break;
      case "deploy": {
        const k = rest.replace(/^\./, "");
        if (k === "replicas") check(e.path, containers(svc).length === Number(o.deploy.replicas), () => `${o.deploy.replicas} replicas became ${containers(svc).length} containers`);
        else if (k === "resources") {
          const lim = o.deploy.resources.limits ?? {};
          if (lim.cpus !== undefined) check(`${e.path}.limits.cpus`, Number(lim.cpus) === Number(x.cpus), () => `${lim.cpus} became ${x.cpus}`);
          if (lim.memory !== undefined) check(`${e.path}.limits.memory`, parseSize(lim.memory) === parseSize(x.mem_limit), () => `${lim.memory} became ${x.mem_limit}`);
          const res = o.deploy.resources.reservations ?? {};
          if (res.memory !== undefined) check(`${e.path}.reservations.memory`, parseSize(res.memory) === parseSize(x.mem_reservation), () => `${res.memory} became ${x.mem_reservation}`);
        } else out.push(`${e.path}: no comparison for deploy.${k} (swarm settings have no compose-on-a-host form)`);
        break;
      }
      case "cpus":
        check(e.path, Number(o.cpus) === Number(x.cpus), () => `${o.cpus} became ${x.cpus}`);
        break;
      case "mem_limit":
        check(e.path, parseSize(o.mem_limit) === parseSize(x.mem_limit), () => `${o.mem_limit} became ${x.mem_limit}`);
        break;
      default:
        out.push(`${e.path}: no comparison for this mapped field`);
    }
  }
  return out;
}
