import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { importError } from "./errors.ts";
import { at, newDraft, type ServiceDraft } from "./draft.ts";
import { mapDeploy } from "./map-deploy.ts";
import { mapEnvironment } from "./map-env.ts";
import { mapHealthcheck } from "./map-health.ts";
import { mapPorts } from "./map-ports.ts";
import { mapVolumes } from "./map-volumes.ts";
import { fromProgram, stringExpr, type MapContext } from "./map-context.ts";
import { toMap } from "./merge.ts";
import { arr, call, durationExpr, isEmpty, lit, obj, ref, sizeExpr, type Declaration, type Expr } from "./model.ts";
import type { ComposeService } from "./schema.ts";
import { shellWords } from "./shell-words.ts";
import { parseDurationMs, parseSize } from "./units.ts";
import type { Locate } from "./validate.ts";
import { parseImageRef } from "../../sdk/constructs/image.ts";
import { BerthError } from "../../sdk/core/errors.ts";

/** Fields a handler below reads; every other field of a service gets a "not mapped" line. */
const HANDLED = new Set([
  "image", "build", "command", "entrypoint", "environment", "env_file", "ports", "expose", "volumes", "tmpfs", "depends_on", "secrets", "configs", "networks",
  "healthcheck", "deploy", "restart", "cpus", "mem_limit", "user", "read_only", "cap_add", "cap_drop", "logging", "labels", "working_dir", "stop_grace_period",
  "privileged", "init", "network_mode", "devices", "pid", "ipc", "security_opt", "profiles",
]);

/** Why Berth has no prop for a field, and what to do instead. */
const NOT_MAPPED: Record<string, [string, string]> = {
  container_name: ["Berth names containers <stack>-<service>-<i> so that stacks never collide", "Refer to the service by its construct (web.hostname) instead of a fixed name."],
  hostname: ["Berth sets the hostname from the construct", "Use the workload's hostname reference (web.hostname) where others need it."],
  sysctls: ["Berth has no portable sysctls prop", "On swarm, write a SwarmService with ContainerSpec.Sysctls; on a Docker host set them in the image's entrypoint or on the host."],
  ulimits: ["Berth has no ulimits prop", "Raise the limit in the image's entrypoint (ulimit -n), or on swarm in a SwarmService spec."],
  platform: ["Berth builds and pulls for the engine's platform", "Build the image for the target platform."],
  runtime: ["Berth runs the engine's default runtime", "Configure the runtime on the Docker host."],
  stop_signal: ["Berth has no stop-signal prop", "Set STOPSIGNAL in the image's Dockerfile."],
  extra_hosts: ["Berth has no host-entries prop", "Use DNS, or a Config mounted at /etc/hosts."],
  dns: ["Berth uses the engine's DNS", "Configure DNS on the Docker host."],
  stdin_open: ["an interactive stdin is for `docker run -it`, not for a deployed service", "Use `berth run <stack> <service> -- sh` for an interactive shell."],
  tty: ["a TTY is for interactive use, not for a deployed service", "Use `berth run` for interactive sessions."],
  shm_size: ["Berth has no shm-size prop", "Mount a tmpfs at /dev/shm with a size."],
  links: ["links are legacy: services on a shared network find each other by name", "Nothing to do: use networks."],
  external_links: ["Berth does not link to containers outside the stack", "Put the service on a shared network or give its address in config."],
  domainname: ["Berth has no domain-name prop", "Configure it in the image."],
  mac_address: ["Berth has no MAC-address prop", "Drop it."],
  version: ["the top-level version is obsolete in the compose specification", "Nothing to do."],
};

/** Maps one service into a declaration; dependencies must already be declared. */
export function mapService(ctx: MapContext, name: string, svc: ComposeService, locate: Locate, declareVolume: (name: string) => string, isJob: boolean): Declaration {
  const d = newDraft(name);
  if (isJob) d.ctor = "Job";
  const raw = svc as Record<string, unknown>;
  const guard = (field: string, body: () => void) => {
    try {
      body();
    } catch (e) {
      if (e instanceof BerthError && e.code.startsWith("import.")) throw e;
      const message = e instanceof BerthError ? e.issues[0]!.message : e instanceof Error ? e.message : String(e);
      throw importError({ code: "import.value", message: `${at(d, field)}: ${message.replace(/\.$/, "")}.`, fix: "Write the value as the compose specification describes it.", found: JSON.stringify(raw[field]) }, locate(["services", name, field]));
    }
  };
  guard("image", () => mapImage(ctx, d, svc));
  guard("command", () => mapCommand(ctx, d, "command", svc.command));
  guard("entrypoint", () => mapCommand(ctx, d, "entrypoint", svc.entrypoint));
  guard("environment", () => mapEnvironment(ctx, d, svc.environment, svc.env_file));
  guard("ports", () => mapPorts(ctx, d, svc.ports, svc.expose));
  guard("volumes", () => mapVolumes(ctx, d, svc.volumes, svc.tmpfs, declareVolume));
  guard("healthcheck", () => mapHealthcheck(ctx, d, svc.healthcheck as Record<string, unknown> | undefined));
  guard("deploy", () => mapDeploy(ctx, d, raw));
  mapFiles(ctx, d, "secrets", svc.secrets);
  mapFiles(ctx, d, "configs", svc.configs);
  mapNetworks(ctx, d, svc);
  mapDependsOn(ctx, d, svc.depends_on);
  guard("logging", () => mapRuntime(ctx, d, raw));
  for (const key of Object.keys(raw).filter((k) => !HANDLED.has(k))) {
    const [why, fix] = key.startsWith("x-") ? ["an extension field is for other tools", "Nothing to do."] : (NOT_MAPPED[key] ?? [`${key} has no Berth prop`, "Check whether the workload needs it; if it does, say so in an issue."]);
    ctx.ledger.notMapped(at(d, key), why, fix);
  }
  return { name: ctx.services.get(name)!, ctor: d.ctor, id: name, props: propsOf(d), comments: d.comments };
}

function mapImage(ctx: MapContext, d: ServiceDraft, svc: ComposeService): void {
  const b = typeof svc.build === "string" ? { context: svc.build } : svc.build;
  if (b !== undefined && svc.image && !existsSync(resolve(ctx.composeDir, b.context ?? "."))) {
    ctx.ledger.transformed(at(d, "build"), `the build context ${b.context ?? "."} does not exist here, so the image ${svc.image} is pulled (compose would build and tag it)`, "Bring the build context and use Image.fromBuild, or push the image to a registry.");
  } else if (b !== undefined) {
    const args = toMap(b.args ?? {});
    d.props.image = call("Image.fromBuild", obj({
      context: lit(fromProgram(ctx, b.context ?? ".")),
      dockerfile: b.dockerfile && b.dockerfile !== "Dockerfile" ? lit(b.dockerfile) : undefined,
      target: b.target ? lit(b.target) : undefined,
      args: Object.keys(args).length ? obj(Object.fromEntries(Object.entries(args).map(([k, v]) => [k, stringExpr(ctx, `${at(d, "build", "args", k)}`, String(v ?? ""))]))) : undefined,
    }));
    ctx.ledger.mapped(at(d, "build"), "Image.fromBuild (context relative to the program's directory)");
    const extra = typeof svc.build === "object" ? Object.keys(svc.build).filter((k) => !["context", "dockerfile", "target", "args"].includes(k)) : [];
    for (const k of extra) ctx.ledger.notMapped(at(d, "build", k), `build.${k} has no Berth build option`, "Set it in the Dockerfile, or build the image outside Berth and use Image.fromRegistry.");
    if (svc.image) ctx.ledger.transformed(at(d, "image"), `Berth tags a built image by its content, so the name ${svc.image} is not used`, "Set repository in Image.fromBuild to push under that name.");
    return;
  }
  const reference = svc.image!;
  parseImageRef(reference, at(d, "image"));
  d.props.image = call("Image.fromRegistry", stringExpr(ctx, at(d, "image"), reference));
  const tag = /:([^/@]+)$/.exec(reference)?.[1];
  if (!reference.includes("@") && (!tag || tag === "latest")) {
    ctx.ledger.transformed(at(d, "image"), `Image.fromRegistry("${reference}"): ${tag ? "the latest tag" : "no tag, which means latest"} moves under the program`, "Name a version tag, and run `berth lock` to pin it to a digest.");
  } else ctx.ledger.mapped(at(d, "image"), "Image.fromRegistry");
}

function mapCommand(ctx: MapContext, d: ServiceDraft, field: "command" | "entrypoint", value: string | string[] | null | undefined): void {
  if (value === undefined || value === null) return;
  const list = typeof value === "string" ? shellWords(value) : value.map(String);
  d.props[field] = arr(list.map((w) => lit(w)));
  if (typeof value === "string") ctx.ledger.transformed(at(d, field), `the string was split into words as compose splits it: ${JSON.stringify(list)}`, "Nothing to do.");
  else ctx.ledger.mapped(at(d, field), field);
}

function mapFiles(ctx: MapContext, d: ServiceDraft, kind: "secrets" | "configs", list: readonly (string | { source: string; target?: string })[] | undefined): void {
  (list ?? []).forEach((s, i) => {
    const path = at(d, kind, i);
    const source = typeof s === "string" ? s : s.source;
    const target = typeof s === "string" ? undefined : s.target;
    const expr = (kind === "secrets" ? ctx.secrets : ctx.configs).get(source);
    if (!expr) {
      ctx.ledger.notMapped(path, `${kind.slice(0, -1)} ${source} is external or has no source Berth can read`, kind === "secrets" ? 'Use Secret.fromConfig("<key>") or Secret.fromFile("<path>").' : 'Use Config.fromText or Config.fromConfig("<key>").');
      return;
    }
    if (kind === "secrets") {
      const file = target && !target.startsWith("/") ? target : source;
      d.secrets.push([file, expr]);
      if (target?.startsWith("/") && target !== `/run/secrets/${source}`) ctx.ledger.transformed(path, `mounted at /run/secrets/${source}, not ${target}: Berth mounts every secret under /run/secrets`, `Point the app at /run/secrets/${source}.`);
      else ctx.ledger.mapped(path, `secrets.${file} (mounted at /run/secrets/${file})`);
    } else {
      const dest = target ? (target.startsWith("/") ? target : `/${target}`) : `/${source}`;
      d.configs.push([dest, expr]);
      ctx.ledger.mapped(path, `configs["${dest}"]`);
    }
    if (typeof s === "object") for (const k of Object.keys(s).filter((k) => !["source", "target"].includes(k))) ctx.ledger.notMapped(`${path}.${k}`, `${k} has no Berth prop: Berth mounts secrets 0400 for the workload's user`, "Drop it; set user on the workload if the file must belong to another user.");
  });
}

function mapNetworks(ctx: MapContext, d: ServiceDraft, svc: ComposeService): void {
  if (svc.network_mode !== undefined) {
    if (svc.network_mode === "host") {
      d.props.hostNetwork = lit(true);
      ctx.ledger.mapped(at(d, "network_mode"), "hostNetwork: true");
    } else if (svc.network_mode === "bridge") ctx.ledger.transformed(at(d, "network_mode"), "the service joins the stack's default network instead of Docker's bridge", "Nothing to do.");
    else ctx.ledger.notMapped(at(d, "network_mode"), `network_mode ${svc.network_mode} shares another namespace, which Berth does not model`, "Put both services on one Network and talk over it.");
  }
  const nets = svc.networks;
  if (!nets) return;
  const names = Array.isArray(nets) ? nets : Object.keys(nets);
  const refs = names.flatMap((n) => {
    const v = ctx.networks.get(n);
    return v ? [ref(v)] : [];
  });
  if (refs.length) d.props.networks = arr(refs);
  ctx.ledger.mapped(at(d, "networks"), `networks (${names.join(", ")})`);
  if (!Array.isArray(nets)) {
    for (const [n, opts] of Object.entries(nets)) {
      for (const k of Object.keys(opts ?? {})) {
        ctx.ledger.notMapped(at(d, "networks", n, k), `${k} has no Berth prop: services find each other by service name`, k === "aliases" ? "Use the service name (or web.hostname) instead of the alias." : "Drop it; Berth assigns addresses.");
      }
    }
  }
}

function mapDependsOn(ctx: MapContext, d: ServiceDraft, deps: ComposeService["depends_on"]): void {
  if (!deps) return;
  const entries = Array.isArray(deps) ? deps.map((n) => [n, {}] as const) : Object.entries(deps);
  const items = entries.map(([n, o]): Expr => {
    const condition = (o as { condition?: string }).condition;
    const target = ref(ctx.services.get(n)!);
    for (const k of Object.keys(o).filter((k) => k !== "condition")) ctx.ledger.notMapped(at(d, "depends_on", n, k), `depends_on.${k} has no Berth prop`, "Drop it: Berth always waits for dependencies.");
    if (!condition || condition === "service_started") return target;
    return obj({ on: target, condition: lit(condition === "service_healthy" ? "healthy" : "completed") });
  });
  d.props.dependsOn = arr(items);
  ctx.ledger.mapped(at(d, "depends_on"), "dependsOn (conditions: started, healthy, completed)");
}

function mapRuntime(ctx: MapContext, d: ServiceDraft, svc: Record<string, any>): void {
  if (svc.user !== undefined) {
    d.props.user = lit(String(svc.user));
    ctx.ledger.mapped(at(d, "user"), "user");
  }
  if (svc.working_dir !== undefined) {
    d.props.workingDir = lit(svc.working_dir);
    ctx.ledger.mapped(at(d, "working_dir"), "workingDir");
  }
  if (svc.read_only !== undefined) {
    d.props.readOnlyRootFilesystem = lit(svc.read_only);
    ctx.ledger.mapped(at(d, "read_only"), "readOnlyRootFilesystem");
  }
  const caps = (v: unknown) => arr((v as string[]).map((c) => lit(c.replace(/^CAP_/, ""))));
  if (svc.cap_add) {
    d.capabilities.add = caps(svc.cap_add);
    ctx.ledger.mapped(at(d, "cap_add"), "capabilities.add");
  }
  if (svc.cap_drop) {
    d.capabilities.drop = caps(svc.cap_drop);
    ctx.ledger.mapped(at(d, "cap_drop"), "capabilities.drop");
  }
  for (const k of ["privileged", "init"] as const) {
    if (svc[k] === undefined) continue;
    d.props[k] = lit(Boolean(svc[k]));
    ctx.ledger.mapped(at(d, k), k);
  }
  if (svc.stop_grace_period !== undefined) {
    d.props.stopGracePeriod = durationExpr(parseDurationMs(svc.stop_grace_period));
    ctx.ledger.mapped(at(d, "stop_grace_period"), "stopGracePeriod (a Duration)");
  }
  if (svc.labels) {
    const labels = toMap(svc.labels);
    d.props.labels = obj(Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, lit(String(v ?? ""))])));
    ctx.ledger.mapped(at(d, "labels"), "labels");
  }
  if (svc.devices) {
    d.props.devices = arr((svc.devices as string[]).map((x) => lit(String(x))));
    ctx.ledger.mapped(at(d, "devices"), "devices");
  }
  for (const k of ["pid", "ipc"] as const) {
    if (svc[k] === undefined) continue;
    if (svc[k] === "host") {
      d.props[k === "pid" ? "hostPid" : "hostIpc"] = lit(true);
      ctx.ledger.mapped(at(d, k), k === "pid" ? "hostPid" : "hostIpc");
    } else ctx.ledger.notMapped(at(d, k), `${k}: ${svc[k]} shares another container's namespace`, "Drop it, or run both processes in one workload.");
  }
  if (svc.security_opt) {
    (svc.security_opt as string[]).forEach((o, i) => {
      const seccomp = /^seccomp[:=](.+)$/.exec(o);
      if (seccomp) {
        d.props.seccompProfile = lit(seccomp[1]!);
        ctx.ledger.mapped(at(d, "security_opt", i), "seccompProfile");
      } else if (/^no-new-privileges(:true)?$/.test(o)) ctx.ledger.mapped(at(d, "security_opt", i), "noNewPrivileges (Berth's default)");
      else ctx.ledger.notMapped(at(d, "security_opt", i), `${o} has no Berth prop`, "Drop it, or set it on the host.");
    });
  }
  if (svc.profiles) ctx.ledger.transformed(at(d, "profiles"), `imported because profile ${svc.profiles.join(" or ")} was active`, "Import again without --profile to leave it out.");
  if (svc.logging) {
    const opts = { ...(svc.logging.options ?? {}) } as Record<string, unknown>;
    const maxSize = opts["max-size"];
    const maxFile = opts["max-file"];
    delete opts["max-size"];
    delete opts["max-file"];
    d.props.logging = obj({
      driver: svc.logging.driver ? lit(svc.logging.driver) : undefined,
      maxSize: maxSize !== undefined ? sizeExpr(parseSize(maxSize as string)) : undefined,
      maxFiles: maxFile !== undefined ? lit(Number(maxFile)) : undefined,
      options: Object.keys(opts).length ? obj(Object.fromEntries(Object.entries(opts).map(([k, v]) => [k, lit(String(v))]))) : undefined,
    });
    ctx.ledger.mapped(at(d, "logging"), "logging (max-size as a Size, max-file as maxFiles)");
  }
}

function propsOf(d: ServiceDraft): Expr {
  const entries = <T>(list: [string, T][]) => list;
  return obj({
    image: d.props.image,
    replicas: d.props.replicas,
    command: d.props.command,
    entrypoint: d.props.entrypoint,
    workingDir: d.props.workingDir,
    env: d.env.length ? { kind: "obj", entries: entries(d.env) } : undefined,
    secrets: d.secrets.length ? { kind: "obj", entries: d.secrets } : undefined,
    configs: d.configs.length ? { kind: "obj", entries: d.configs } : undefined,
    ports: d.ports.length ? arr(d.ports) : undefined,
    volumes: d.volumes.length ? arr(d.volumes) : undefined,
    tmpfs: d.tmpfs.length ? arr(d.tmpfs) : undefined,
    networks: d.props.networks,
    healthcheck: d.props.healthcheck,
    dependsOn: d.props.dependsOn,
    resources: isEmpty(obj(d.resources)) ? undefined : obj(d.resources),
    restart: d.props.restart,
    update: d.props.update,
    user: d.props.user,
    readOnlyRootFilesystem: d.props.readOnlyRootFilesystem,
    capabilities: isEmpty(obj(d.capabilities)) ? undefined : obj(d.capabilities),
    privileged: d.props.privileged,
    init: d.props.init,
    hostNetwork: d.props.hostNetwork,
    hostPid: d.props.hostPid,
    hostIpc: d.props.hostIpc,
    devices: d.props.devices,
    seccompProfile: d.props.seccompProfile,
    stopGracePeriod: d.props.stopGracePeriod,
    logging: d.props.logging,
    labels: d.props.labels,
  });
}
