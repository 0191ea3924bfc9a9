import type { Rule } from "../types.ts";
import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";

/** sec.no-host-devices: no host device is passed through. Swarm services cannot take devices. */
export const secNoHostDevices: Rule = {
  id: "sec.no-host-devices",
  on: WORKLOAD_KINDS,
  targets: ["docker-host", "fargate", "kubernetes"],
  dev: "W",
  prod: "E",
  mandatory: false,
  summary: "No host device is passed through",
  why: "a host device gives the container raw access to hardware, outside the kernel's isolation.",
  fix: "devices: []  (remove the device; talk to the hardware through a host service instead)",
  check(node) {
    const w = asWorkload(node);
    if (!w) return [];
    return w.spec.devices.map((d, i) => ({ node: w, field: `devices[${i}]`, found: d, message: `${describeNode(w)} passes through the host device ${d}.` }));
  },
};
