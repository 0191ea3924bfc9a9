import { at, type ServiceDraft } from "./draft.ts";
import type { MapContext } from "./map-context.ts";
import { arr, durationExpr, lit, obj, type Expr } from "./model.ts";
import { parseDurationMs } from "./units.ts";

/** A probe a healthcheck command is a plain form of. */
export type Probe = { readonly http: { readonly port: number; readonly path: string } } | { readonly tcp: { readonly port: number } };

const HTTP_PROBE = [
  // curl -f http://localhost:8080/x (with -s, -S, -L, --fail, --silent in any order)
  /^curl(?:\s+(?:-[fsSL]+|--fail|--silent|--show-error|--location))+\s+['"]?http:\/\/(?:localhost|127\.0\.0\.1)(?::(\d+))?(\/[^\s'"|;&]*)?['"]?(?:\s*\|\|\s*exit\s+1)?$/,
  // wget -q --spider http://localhost/x, wget -qO- ..., wget --no-verbose --tries=1 --spider ...
  /^wget(?:\s+(?:-q|-qO-|-O\s*-|-O\s*\/dev\/null|--spider|--quiet|--no-verbose|--tries=\d+|-qO\s*\/dev\/null|-q\s+-O\s*-))+\s+['"]?http:\/\/(?:localhost|127\.0\.0\.1)(?::(\d+))?(\/[^\s'"|;&]*)?['"]?(?:\s*\|\|\s*exit\s+1)?$/,
];
const TCP_PROBE = /^nc\s+-z(?:v)?\s+(?:localhost|127\.0\.0\.1)\s+(\d+)(?:\s*\|\|\s*exit\s+1)?$/;

/** The portable probe a shell command is, when it is nothing but an HTTP GET or a TCP connect. */
export function probeOf(command: string): Probe | undefined {
  const c = command.trim().replace(/\s+/g, " ");
  for (const re of HTTP_PROBE) {
    const m = re.exec(c);
    if (m) return { http: { port: m[1] ? Number(m[1]) : 80, path: m[2] ?? "/" } };
  }
  const t = TCP_PROBE.exec(c);
  return t ? { tcp: { port: Number(t[1]) } } : undefined;
}

/** `healthcheck`: plain probes as `http`/`tcp`, other commands as `command`, timings as Durations. */
export function mapHealthcheck(ctx: MapContext, d: ServiceDraft, hc: Record<string, unknown> | undefined): void {
  if (!hc) return;
  const path = at(d, "healthcheck");
  const test = hc.test;
  if (hc.disable === true || (Array.isArray(test) && test[0] === "NONE")) {
    ctx.ledger.notMapped(path, "the healthcheck disables the image's own; Berth never relies on an image HEALTHCHECK, so there is nothing to turn off", "Nothing to do.");
    return;
  }
  if (test === undefined) {
    ctx.ledger.notMapped(path, "timings without a test only tune the image's HEALTHCHECK, which Berth does not rely on", "Write the probe in healthcheck.");
    return;
  }
  const list = Array.isArray(test) ? test.map(String) : ["CMD-SHELL", String(test)];
  const shell = list[0] === "CMD-SHELL" ? list.slice(1).join(" ") : undefined;
  const cmd = list[0] === "CMD" ? list.slice(1) : undefined;
  const probe = probeOf(shell ?? (cmd ? cmd.join(" ") : ""));
  let check: Record<string, Expr>;
  if (probe && "http" in probe) {
    check = { http: obj({ port: lit(probe.http.port), path: probe.http.path === "/" ? undefined : lit(probe.http.path) }) };
    ctx.ledger.transformed(at(d, "healthcheck", "test"), `the command is a plain HTTP probe: http on port ${probe.http.port}${probe.http.path}`, "Nothing to do: the probe no longer needs curl or wget in the image.");
  } else if (probe && "tcp" in probe) {
    check = { tcp: obj({ port: lit(probe.tcp.port) }) };
    ctx.ledger.transformed(at(d, "healthcheck", "test"), `the command is a plain TCP probe: tcp on port ${probe.tcp.port}`, "Nothing to do.");
  } else if (shell !== undefined) {
    check = { command: arr(["/bin/sh", "-c", shell].map(lit)) };
    ctx.ledger.transformed(at(d, "healthcheck", "test"), "CMD-SHELL became the command /bin/sh -c <test> (what the engine runs for CMD-SHELL)", "Nothing to do.");
  } else if (cmd && cmd.length) {
    check = { command: arr(cmd.map(lit)) };
    ctx.ledger.mapped(at(d, "healthcheck", "test"), "healthcheck.command");
  } else {
    ctx.ledger.notMapped(at(d, "healthcheck", "test"), `${JSON.stringify(test)} is not a test Berth can run`, "Write a CMD list, a CMD-SHELL string, or an http/tcp probe.");
    return;
  }
  const timing = (k: string) => (hc[k] === undefined ? undefined : durationExpr(parseDurationMs(hc[k] as string)));
  d.props.healthcheck = obj({
    ...check,
    interval: timing("interval"),
    timeout: timing("timeout"),
    retries: typeof hc.retries === "number" && hc.retries >= 1 ? lit(hc.retries) : undefined,
    startPeriod: timing("start_period"),
  });
  for (const k of ["interval", "timeout", "retries", "start_period"]) if (hc[k] !== undefined) ctx.ledger.mapped(at(d, "healthcheck", k), `healthcheck.${k === "start_period" ? "startPeriod" : k}`);
  for (const k of Object.keys(hc).filter((k) => !["test", "interval", "timeout", "retries", "start_period", "disable"].includes(k))) {
    ctx.ledger.notMapped(at(d, "healthcheck", k), `healthcheck.${k} has no Berth prop`, "Drop it; the interval covers it.");
  }
}
