/**
 * The workload spec synth gives a Service with no optional props: the secure defaults that
 * policy fixtures build on and construct tests expect.
 */
import type { WorkloadNode } from "../../sdk/graph/schema.ts";

/** The image every plain-data workload uses unless told otherwise. */
export const DEFAULT_IMAGE_ID = "image/app";

/** A workload spec with synth's defaults for a Service without optional props. */
export function workloadSpec(overrides: Partial<WorkloadNode> = {}): WorkloadNode {
  return {
    kind: "service",
    image: DEFAULT_IMAGE_ID,
    env: {},
    secrets: [],
    configs: [],
    ports: [],
    volumes: [],
    binds: [],
    tmpfs: [],
    networks: [],
    resources: {},
    replicas: 1,
    readOnlyRootFilesystem: true,
    capabilities: { add: [], drop: ["ALL"] },
    privileged: false,
    noNewPrivileges: true,
    init: true,
    hostNetwork: false,
    hostPid: false,
    hostIpc: false,
    devices: [],
    restart: { policy: "unless-stopped" },
    logging: { driver: "json-file", options: { "max-file": "3", "max-size": "10m" } },
    update: { parallelism: 1, delayMs: 0, order: "start-first", failureAction: "rollback", monitorMs: 15000, maxFailureRatio: 0 },
    rollback: { parallelism: 1, delayMs: 0, order: "start-first", failureAction: "pause", monitorMs: 15000, maxFailureRatio: 0 },
    labels: {},
    targetOptions: {},
    ...overrides,
  };
}
