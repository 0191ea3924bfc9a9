/**
 * `berth run <service> -- <cmd>` on Kubernetes (12-factor #12): a one-off admin process made
 * from the deployed workload's pod template — its image, env, Secrets and ConfigMaps mounted,
 * securityContext and service account — as a Job of one pod with the command replaced, no
 * probes, no ports and no restarts. Its log is streamed while it runs, the container's exit code
 * is returned, and the Job is deleted after (foreground: its pod goes first).
 *
 * The pod keeps the workload's network labels (it reaches what the workload reaches) but not its
 * selector's name, so no Service, PodDisruptionBudget or published-port policy selects it. The
 * Job carries the stack's ownership label: a run killed before it deletes the Job leaves an
 * orphan the next `up` (or `down`) deletes, and `ttlSecondsAfterFinished` removes it anyway.
 *
 * The log API merges stdout and stderr: the command's output is written to stdout.
 */
import { randomBytes } from "node:crypto";
import type { Writable } from "node:stream";
import { BerthError } from "../../../sdk/core/errors.ts";
import { lineWriter } from "../../shared/docker-api/follow.ts";
import { LABELS } from "../../shared/labels.ts";
import { APP_LABELS } from "../labels.ts";
import type { KubernetesGraph } from "../target.ts";
import { serverMessage, type KubeClient, type KubeObject } from "./client.ts";
import { managedKind } from "./kinds.ts";
import { workloadNode } from "./inspect.ts";
import { podDiagnosis, waitGone } from "./wait.ts";

/** Options of {@link runKubernetesOneOff}. */
export interface KubernetesRunOptions {
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** How long the pod may take to start and finish. @default 10 min */
  readonly timeoutMs?: number;
  /** Aborting deletes the Job and resolves 130 (the CLI aborts on SIGINT). */
  readonly signal?: AbortSignal;
}

interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: unknown;
  terminated?: { exitCode: number; reason?: string };
}

/** Waiting reasons after which the container never starts without a change. */
const STUCK = new Set(["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "CreateContainerConfigError", "CreateContainerError", "RunContainerError"]);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The one-off Job for a live workload's pod template. */
export function oneOffJob(live: KubeObject, graph: KubernetesGraph, source: { id: string; name: string }, cmd: readonly string[]): KubeObject {
  const template = structuredClone((live.spec as { template: { metadata?: { labels?: Record<string, string> }; spec: Record<string, unknown> } }).template);
  const name = `${source.name}-run-${randomBytes(3).toString("hex")}`.slice(0, 63);
  const labels = { ...(template.metadata?.labels ?? {}) };
  // Out of the workload's selector: a Job controller adds its own; the Service must not route here.
  for (const k of ["controller-uid", "job-name", "batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name"]) delete labels[k];
  labels[APP_LABELS.name] = `${source.name}-run`.slice(0, 63);
  const spec = template.spec as { containers: Record<string, unknown>[]; restartPolicy?: string; topologySpreadConstraints?: unknown };
  const [main, ...rest] = spec.containers;
  const { livenessProbe: _l, readinessProbe: _r, startupProbe: _s, ports: _p, ...container } = main!;
  void [_l, _r, _s, _p];
  delete spec.topologySpreadConstraints;
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name,
      namespace: graph.namespace,
      labels: { [LABELS.stack]: graph.stack, [LABELS.node]: labels[LABELS.node] ?? source.name, [APP_LABELS.instance]: graph.stack, [APP_LABELS.managedBy]: "berth", [APP_LABELS.name]: labels[APP_LABELS.name]! },
      annotations: { [LABELS.node]: `${source.id}#run`, [LABELS.specHash]: "run" },
    },
    spec: {
      backoffLimit: 0,
      ttlSecondsAfterFinished: 600,
      template: { metadata: { labels }, spec: { ...spec, restartPolicy: "Never", containers: [{ ...container, command: [...cmd], args: [] }, ...rest] } },
    },
  };
}

/** Runs `cmd` once as the workload `which` would, streams its output and returns its exit code. */
export async function runKubernetesOneOff(client: KubeClient, graph: KubernetesGraph, which: string, cmd: readonly string[], options: KubernetesRunOptions): Promise<number> {
  const node = workloadNode(graph, which);
  const k = managedKind(node.kind);
  const path = node.id;
  const live = await client.read<KubeObject>(k.apiVersion, k.kind, node.name, graph.namespace);
  if (!live) {
    throw new BerthError({
      code: "engine.not-deployed",
      path,
      field: "service",
      found: `${graph.namespace}/${node.name}`,
      message: `${k.kind} '${node.name}' is not deployed in namespace '${graph.namespace}', so '${node.id}' cannot run yet.`,
      fix: "run `berth up <stackdir>` first",
    });
  }
  const job = oneOffJob(live, graph, { id: node.id, name: node.name }, cmd);
  await client.create(job);
  const ns = graph.namespace;
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  let log: AbortController | undefined;
  const onAbort = () => log?.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    // 1. The pod, once its container started (or failed to).
    let pod: KubeObject | undefined;
    for (;;) {
      if (options.signal?.aborted) return 130;
      pod = (await client.list<KubeObject>("v1", "Pod", ns, `job-name=${job.metadata.name}`))[0];
      const state = pod ? stateOf(pod) : undefined;
      if (pod && (state?.running || state?.terminated)) break;
      const stuck = state?.waiting?.reason && STUCK.has(state.waiting.reason) ? state.waiting : undefined;
      if (stuck || Date.now() > deadline) {
        const lines = await podDiagnosis(client, ns, `job-name=${job.metadata.name}`);
        throw new BerthError({
          code: stuck ? "engine.run-failed" : "engine.run-timeout",
          path,
          field: "command",
          found: cmd.join(" "),
          message: `The one-off pod of '${node.id}' did not start: ${stuck ? `${stuck.reason}${stuck.message ? ` (${stuck.message})` : ""}` : "timed out"}.\n${lines.map((l) => `  ${l}`).join("\n")}`,
          fix: "check the workload's image and the Secrets and ConfigMaps it mounts (`berth up` deploys them)",
        });
      }
      await sleep(500);
    }
    if (!pod) throw new Error("unreachable: the loop above ends with a pod");
    // 2. Its log, line by line, until the container ends.
    const out = lineWriter((text) => options.stdout.write(`${text}\n`));
    const ended = new Promise<void>((r) => {
      out.once("finish", r);
      out.once("close", r);
    });
    log = await client.followPodLog(ns, pod.metadata.name, containerName(pod), out);
    await ended;
    // 3. Its exit code.
    for (;;) {
      if (options.signal?.aborted) return 130;
      const p = await client.read<KubeObject>("v1", "Pod", pod.metadata.name, ns);
      const t = p ? stateOf(p)?.terminated : undefined;
      if (t) return t.exitCode;
      if (!p || Date.now() > deadline) {
        throw new BerthError({ code: "engine.run-timeout", path, field: "command", found: cmd.join(" "), message: `The one-off pod of '${node.id}' ${p ? "did not finish in time" : "disappeared before it finished"}.`, fix: "raise the timeout, or check the cluster's node" });
      }
      // The log can end a moment before the status says the container terminated.
      await sleep(500);
    }
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    log?.abort();
    await client
      .delete(job, "Foreground")
      .then(() => waitGone(client, job, 60_000))
      .catch((e: unknown) => options.stderr.write(`warning: could not delete the one-off Job ${ns}/${job.metadata.name}: ${serverMessage(e)}\n`));
  }
}

function stateOf(p: KubeObject): ContainerState | undefined {
  return ((p.status ?? {}) as { containerStatuses?: { state?: ContainerState }[] }).containerStatuses?.[0]?.state;
}

function containerName(p: KubeObject): string {
  return (p.spec as { containers: { name: string }[] }).containers[0]!.name;
}
