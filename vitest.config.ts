import { defineConfig } from "vitest/config";

/**
 * Tests whose assertion is about traffic during a rollout (a prober that must see zero failed
 * requests) run alone, after everything else: a second worker deploying and deleting other
 * stacks on the same single-node cluster starves the pods' readiness probes and kube-proxy,
 * which is the machine's load, not Berth's behaviour.
 */
const ALONE = ["test/providers/kubernetes/accept-rollout.test.ts"];

const shared = {
  testTimeout: 30_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  test: {
    reporters: ["default", "./test/support/summary-reporter.ts"],
    projects: [
      {
        test: {
          ...shared,
          name: "berth",
          include: ["test/**/*.test.ts"],
          exclude: ALONE,
          // Docker tests share one engine; two workers keep the 2-core machines busy without thrashing.
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: "alone",
          include: ALONE,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
