/**
 * The second half of the built-in policy pack (POLICY.md): security, logging, networking,
 * availability and graph hygiene rules that run on the portable graph. Rules marked "target"
 * in POLICY.md run on lowered target graphs and are not here.
 */
import type { Rule } from "../types.ts";
import { availMinReplicas } from "./avail-min-replicas.ts";
import { availRollingUpdate } from "./avail-rolling-update.ts";
import { availSpread } from "./avail-spread.ts";
import { availStatefulSingleWriter } from "./avail-stateful-single-writer.ts";
import { graphLabels } from "./graph-labels.ts";
import { graphNoCycles } from "./graph-no-cycles.ts";
import { graphRefsResolve } from "./graph-refs-resolve.ts";
import { logDriverSet } from "./log-driver-set.ts";
import { logRotation } from "./log-rotation.ts";
import { netBindInterface } from "./net-bind-interface.ts";
import { netIsolation } from "./net-isolation.ts";
import { netNoPrivilegedPorts } from "./net-no-privileged-ports.ts";
import { netNoPublicExposure } from "./net-no-public-exposure.ts";
import { netPortConflict } from "./net-port-conflict.ts";
import { secDropAllCaps } from "./sec-drop-all-caps.ts";
import { secHighUid } from "./sec-high-uid.ts";
import { secNoDangerousCaps } from "./sec-no-dangerous-caps.ts";
import { secNoHostDevices } from "./sec-no-host-devices.ts";
import { secNoHostNetwork } from "./sec-no-host-network.ts";
import { secNoHostPidIpc } from "./sec-no-host-pid-ipc.ts";
import { secNoPrivilegeEscalation } from "./sec-no-privilege-escalation.ts";
import { secNoPrivileged } from "./sec-no-privileged.ts";
import { secNoRuntimeSocket } from "./sec-no-runtime-socket.ts";
import { secNoSensitiveHostpath } from "./sec-no-sensitive-hostpath.ts";
import { secNoSsh } from "./sec-no-ssh.ts";
import { secNonRoot } from "./sec-non-root.ts";
import { secReadonlyRootfs } from "./sec-readonly-rootfs.ts";
import { secSeccomp } from "./sec-seccomp.ts";

/** Built-in rules, part B, in POLICY.md order. */
export const RULES_B: readonly Rule[] = [
  secNonRoot, secHighUid, secReadonlyRootfs, secNoPrivileged, secNoPrivilegeEscalation,
  secDropAllCaps, secNoDangerousCaps, secNoHostNetwork, secNoHostPidIpc, secNoRuntimeSocket,
  secNoSensitiveHostpath, secNoHostDevices, secSeccomp, secNoSsh,
  logDriverSet, logRotation,
  netBindInterface, netNoPrivilegedPorts, netPortConflict, netIsolation, netNoPublicExposure,
  availMinReplicas, availSpread, availRollingUpdate, availStatefulSingleWriter,
  graphRefsResolve, graphNoCycles, graphLabels,
];
