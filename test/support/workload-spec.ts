/**
 * The workload spec synth gives a Service with no optional props: the secure defaults that
 * policy fixtures build on and construct tests expect.
 */
import { DefaultedField, type WorkloadNode } from "../../sdk/graph/schema.ts";

/** The image every plain-data workload uses unless told otherwise. */
export const DEFAULT_IMAGE_ID = "image/app";

/** The spec field each defaulted field lives in (`capabilities.drop` in `capabilities`). */
const FIELD_OF: Readonly<Record<DefaultedField, keyof WorkloadNode>> = {
  "capabilities.drop": "capabilities",
  init: "init",
  logging: "logging",
  noNewPrivileges: "noNewPrivileges",
  readOnlyRootFilesystem: "readOnlyRootFilesystem",
  restart: "restart",
  rollback: "rollback",
  update: "update",
};

/**
 * A workload spec with synth's defaults for a Service without optional props. Its `defaults`
 * list the defaulted fields `overrides` does not set, as synth would (unless given).
 */
export function workloadSpec(overrides: Partial<WorkloadNode> = {}): WorkloadNode {
  const defaults = DefaultedField.options.filter((f) => !(FIELD_OF[f] in overrides));
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
    defaults,
    ...overrides,
  };
}
