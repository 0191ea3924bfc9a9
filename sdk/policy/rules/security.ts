/** Security rules: users, privileges, capabilities, host namespaces and paths. */
import type { Rule } from "../types.ts";
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

/** In catalogue order. */
export const SECURITY_RULES: readonly Rule[] = [
  secNonRoot,
  secHighUid,
  secReadonlyRootfs,
  secNoPrivileged,
  secNoPrivilegeEscalation,
  secDropAllCaps,
  secNoDangerousCaps,
  secNoHostNetwork,
  secNoHostPidIpc,
  secNoRuntimeSocket,
  secNoSensitiveHostpath,
  secNoHostDevices,
  secSeccomp,
  secNoSsh,
];
