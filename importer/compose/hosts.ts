import { toMap } from "./merge.ts";
import type { ComposeProject, ComposeService } from "./schema.ts";

/** Services another service names as its host in env (`DB_HOST: db`). */
export function hostsNamed(s: ComposeService, p: ComposeProject): string[] {
  return Object.entries(toMap(s.environment ?? {})).filter(([k, v]) => HOST_ENV.test(k) && typeof v === "string" && v in p.services).map(([, v]) => String(v));
}

/** Env names whose value is a host name. */
export const HOST_ENV = /(HOST|HOSTNAME|SERVER|ADDR|ADDRESS)$/i;
