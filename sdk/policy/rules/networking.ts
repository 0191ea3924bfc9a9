/** Networking rules: published ports, bind addresses, networks, exposure. */
import type { Rule } from "../types.ts";
import { netBindInterface } from "./net-bind-interface.ts";
import { netIsolation } from "./net-isolation.ts";
import { netNoPrivilegedPorts } from "./net-no-privileged-ports.ts";
import { netNoPublicExposure } from "./net-no-public-exposure.ts";
import { netPortConflict } from "./net-port-conflict.ts";

/** In catalogue order. */
export const NETWORKING_RULES: readonly Rule[] = [
  netBindInterface,
  netNoPrivilegedPorts,
  netPortConflict,
  netIsolation,
  netNoPublicExposure,
];
