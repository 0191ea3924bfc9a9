/**
 * Workload controllers: a Service or Container becomes a Deployment, a Job a batch/v1 Job, each
 * with its own ServiceAccount; a service of two or more replicas also gets a
 * PodDisruptionBudget and spreads its pods over nodes.
 *
 * Decisions worth knowing:
 * - A Deployment mounting a volume that is not `shared` is updated with `Recreate`: a
 *   ReadWriteOnce claim has a single writer, so the old pod must be gone before the new one
 *   starts (a rolling update would run two writers, or hang attaching the claim elsewhere).
 * - Otherwise `RollingUpdate` from the portable update settings: `start-first` adds
 *   `parallelism` pods before removing old ones (maxSurge, maxUnavailable 0), `stop-first`
 *   removes them first (maxSurge 0); parallelism 0 (all at once) is 100%. The monitor window
 *   is `minReadySeconds` (a new pod counts as available once ready that long, as swarm watches
 *   a task for that long), and a rollout that makes no progress for ten minutes is marked failed
 *   (`progressDeadlineSeconds`; the old pods keep serving). Swarm's delay between batches and
 *   automatic rollback have no Deployment field.
 * - Jobs: `backoffLimit` from the retries, `activeDeadlineSeconds` from the deadline, pods
 *   `restartPolicy: Never` (each retry is a fresh pod, its logs kept), and a finished Job is
 *   deleted after a day (`ttlSecondsAfterFinished`): a Job's template is immutable, so the next
 *   version of a migration can only be applied once the old Job is gone.
 */
import type { WorkloadGraphNode } from "../../sdk/graph/schema.ts";
import type { Deployment, Job, ObjectMeta, PodDisruptionBudget, PodTemplate, ServiceAccount } from "./objects.ts";
import { seconds } from "./quantities.ts";

/** How long a finished Job stays for its logs to be read (one day). */
export const JOB_TTL_SECONDS = 86_400;
/** Kubernetes' own default, written out so every realizer agrees. */
export const PROGRESS_DEADLINE_SECONDS = 600;
/** The retries of a Job that sets none (the portable default restart policy: on-failure, 3 attempts). */
export const DEFAULT_JOB_RETRIES = 3;

/** The Deployment's update strategy. */
export function strategy(w: WorkloadGraphNode, volumeShared: (id: string) => boolean): Pick<Deployment["spec"], "strategy" | "minReadySeconds"> {
  const s = w.spec;
  if (s.volumes.some((m) => !volumeShared(m.volume))) return { strategy: { type: "Recreate" }, minReadySeconds: 0 };
  const u = s.update;
  if (!u) return { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }, minReadySeconds: 0 };
  const batch = u.parallelism === 0 ? "100%" : u.parallelism;
  const rollingUpdate = u.order === "start-first" ? { maxSurge: batch, maxUnavailable: 0 } : { maxSurge: 0, maxUnavailable: batch };
  return { strategy: { type: "RollingUpdate", rollingUpdate }, minReadySeconds: seconds(u.monitorMs) };
}

/** A Deployment running a Service (its replicas) or a Container (one). */
export function deployment(w: WorkloadGraphNode, meta: ObjectMeta, selector: Record<string, string>, template: PodTemplate, volumeShared: (id: string) => boolean): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta,
    spec: {
      replicas: w.spec.kind === "container" ? 1 : w.spec.replicas,
      selector: { matchLabels: selector },
      ...strategy(w, volumeShared),
      progressDeadlineSeconds: PROGRESS_DEADLINE_SECONDS,
      template,
    },
  };
}

/** A batch/v1 Job. */
export function job(w: WorkloadGraphNode, meta: ObjectMeta, template: PodTemplate): Job {
  const j = w.spec.job;
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: meta,
    spec: {
      backoffLimit: j?.retries ?? w.spec.restart?.maxAttempts ?? DEFAULT_JOB_RETRIES,
      ...(j?.deadlineMs !== undefined ? { activeDeadlineSeconds: seconds(j.deadlineMs, 1) } : {}),
      ttlSecondsAfterFinished: JOB_TTL_SECONDS,
      template,
    },
  };
}

/** The workload's own ServiceAccount: no API token in its pods (they do not talk to the API). */
export function serviceAccount(meta: ObjectMeta): ServiceAccount {
  return { apiVersion: "v1", kind: "ServiceAccount", metadata: meta, automountServiceAccountToken: false };
}

/** At most one replica down at a time for voluntary disruptions (node drains, upgrades). */
export function disruptionBudget(meta: ObjectMeta, selector: Record<string, string>): PodDisruptionBudget {
  return { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: meta, spec: { maxUnavailable: 1, selector: { matchLabels: selector } } };
}
