/**
 * The Fargate engine session (the provider seam's `EngineSession`): the lowered graph, the
 * engine's own objects (cluster, security groups), one set of AWS clients and the secret values
 * resolved for this run, with the commands the CLI runs.
 *
 * `up` plans with read calls first and returns when nothing changes, so an up-to-date stack is
 * confirmed without a single mutating call (not even the lock's); otherwise it takes the stack's
 * lock (an SSM parameter) and applies; it plans again under the lock only when the stack's
 * generation (lock.ts) moved since it was read before the first observation, or the lock was
 * contended, i.e. another run may have mutated it. A stack that was never deployed (no
 * generation yet) cannot be a no-op, so its lock is taken while it is observed.
 */
import { BerthError } from "../../../sdk/core/errors.ts";
import { planHasChanges } from "../../shared/engine/plan.ts";
import type { StackLockOptions } from "../../shared/engine/stack-lock.ts";
import type { EngineSession, SessionOptions, StackInput, TargetFacts } from "../../shared/provider.ts";
import { resolveSecretValue, type SecretSources } from "../../shared/secret-values.ts";
import type { FargateGraph } from "../target.ts";
import { lowerFargateStack } from "../provider.ts";
import { applyFargate } from "./apply.ts";
import { AwsApi, awsMessage } from "./aws.ts";
import { engineObjects, type EngineObjects } from "./desired.ts";
import { followFargate, logsFargate, psFargate, runFargate, workloadOf } from "./inspect.ts";
import { acquireAwsLock, generationBracket, lockParameter, readGeneration, type HeldAwsLock } from "./lock.ts";
import { DELETE_ORDER, remove } from "./mutate.ts";
import { liveKey, observeStack, ownedBy, type LiveStack } from "./observe.ts";
import { desiredObjects, planFargate, resolvedNetwork, type FargatePlan, type SecretValues } from "./plan.ts";

/** A Fargate session: the seam's commands plus the AWS calls behind them. */
export interface FargateEngineSession extends EngineSession {
  readonly api: AwsApi;
  readonly graph: FargateGraph;
  readonly objects: EngineObjects;
  plan(): Promise<FargatePlan>;
}

/** Every owned secret's value, resolved by the shared resolver (never printed). */
function secretValues(graph: FargateGraph, sources: SecretSources): SecretValues {
  const values = new Map<string, Buffer>();
  for (const n of graph.nodes) {
    if (n.kind !== "aws.secret") continue;
    values.set(n.id, resolveSecretValue({ secret: n.source, path: n.path, field: `secrets.${n.source}`, usedAs: `the Secrets Manager secret ${n.name}`, from: n.from }, sources));
  }
  return values;
}

/** Fails clearly when AWS does not answer (no credentials, no endpoint, no region). */
function unreachable(graph: FargateGraph, e: unknown): BerthError {
  if (e instanceof BerthError) return e;
  return new BerthError({
    code: "engine.unreachable",
    path: graph.stack,
    field: "target",
    found: `${graph.region}${process.env.AWS_ENDPOINT_URL ? ` at ${process.env.AWS_ENDPOINT_URL}` : ""}`,
    message: `AWS did not answer: ${awsMessage(e)}.`,
    fix: "check the credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID...), the region and AWS_ENDPOINT_URL: aws sts get-caller-identity",
  });
}

/** One line per listener of the stack's load balancer. */
async function endpoints(api: AwsApi, graph: FargateGraph): Promise<string[]> {
  const lb = graph.nodes.find((n) => n.kind === "aws.load-balancer");
  if (!lb) return [];
  const d = await api.find<{ LoadBalancers?: { DNSName?: string }[] }>("elb", "DescribeLoadBalancers", { Names: [lb.name] }, ["LoadBalancerNotFoundException"]);
  const dns = d?.LoadBalancers?.[0]?.DNSName ?? lb.name;
  return graph.nodes.flatMap((n) => (n.kind === "aws.listener" ? [`${n.source.split("/").pop()}: http://${dns}:${n.input.Port}`] : []));
}

/** Opens a session; `resolveSecrets: false` for commands that read no secret values. */
export function openFargateSession(stack: StackInput, options: SessionOptions = {}): FargateEngineSession {
  const graph = lowerFargateStack(stack);
  const objects = engineObjects(stack.graph, graph);
  const api = new AwsApi(graph.region, lockParameter(graph.stack));
  const sources: SecretSources = { config: stack.config, stackDir: stack.dir, env: process.env };
  const values = options.resolveSecrets === false ? new Map<string, Buffer>() : secretValues(graph, sources);
  const observe = (): Promise<LiveStack> => observeStack(api, graph, objects).catch((e: unknown) => Promise.reject(unreachable(graph, e)));
  const planWith = async (): Promise<{ plan: FargatePlan; live: LiveStack }> => {
    const live = await observe();
    return { plan: await planFargate(api, graph, objects, live, values), live };
  };
  const locked = async <T>(command: string, lock: StackLockOptions | undefined, work: () => Promise<T>): Promise<T> => {
    const held = await acquireAwsLock(api, graph.stack, command, lock);
    try {
      return await generationBracket(api, graph.stack, held, work);
    } finally {
      await held.release();
    }
  };
  const liveById = (live: LiveStack) => new Map(desiredObjects(graph, objects).flatMap((d) => {
    const o = live.objects.get(liveKey(d.kind, d.name));
    return o ? [[d.id, o] as const] : [];
  }));
  return {
    stack: graph.stack,
    lowered: graph,
    api,
    graph,
    objects,
    async facts(): Promise<TargetFacts> {
      try {
        await api.call("sts", "GetCallerIdentity", {});
        return {};
      } catch (e) {
        throw unreachable(graph, e);
      }
    },
    plan: async () => (await planWith()).plan,
    async up(o) {
      // The generation is read before the observation starts (lock.ts says why).
      const seen = await readGeneration(api, graph.stack).catch((e: unknown) => Promise.reject(unreachable(graph, e)));
      const observed = planWith();
      // A stack Berth never deployed has no generation yet (the parameter outlives `down`), so its
      // plan creates objects: the lock is taken while the stack is observed, not after.
      const early = seen === 0 && graph.nodes.length > 0 ? acquireAwsLock(api, graph.stack, "berth up", o.lock) : Promise.resolve(undefined);
      early.catch(() => undefined); // awaited below; a failure while the observation runs is not unhandled
      let held: HeldAwsLock | undefined;
      try {
        const first = await observed;
        held = await early;
        if (!held && !planHasChanges(first.plan)) return { plan: first.plan, changed: false, applied: 0, unchanged: first.plan.changes.length, endpoints: await endpoints(api, graph) };
        const lock = (held ??= await acquireAwsLock(api, graph.stack, "berth up", o.lock));
        return await generationBracket(api, graph.stack, lock, async (opened) => {
          // No other run mutated the stack since the generation was read: the first observation is current.
          const { plan, live } = opened === seen + 1 && !lock.contended ? first : await planWith();
          if (!planHasChanges(plan)) return { plan, changed: false, applied: 0, unchanged: plan.changes.length, endpoints: await endpoints(api, graph) };
          const r = await applyFargate({ api, lowered: graph, objects, r: live.resolution, values, live: liveById(live), deployments: new Map() }, plan, { parallelism: o.parallelism, timeoutMs: o.timeoutMs, ...(o.onEvent ? { onEvent: o.onEvent } : {}) });
          return { plan, changed: true, applied: r.applied, unchanged: r.unchanged, endpoints: await endpoints(api, graph) };
        });
      } finally {
        // Also when the observation failed while the early lock was being taken.
        held ??= await early.catch(() => undefined);
        await held?.release();
      }
    },
    async down(o) {
      const live = await observe();
      const owned = [...live.objects.values()].filter((x) => ownedBy(x, graph.stack));
      if (owned.length === 0) return { removed: {} };
      return locked("berth down", o.lock, async () => {
        const removed: Record<string, string[]> = {};
        const again = await observe();
        const mine = [...again.objects.values()].filter((x) => ownedBy(x, graph.stack) && (o.volumes || (x.kind !== "aws.log-group" && x.kind !== "aws.efs-file-system")));
        for (const kind of DELETE_ORDER) {
          const batch = mine.filter((x) => x.kind === kind);
          if (kind === "ecs.cluster" && batch.length) {
            // The cluster goes only when no other service runs in it.
            const others = [...again.objects.values()].filter((x) => x.kind === "ecs.service" && !ownedBy(x, graph.stack));
            if (others.length) continue;
          }
          await Promise.all(batch.map((x) => remove(api, graph, { kind: x.kind, name: x.name, liveId: x.id })));
          if (batch.length) removed[plural(kind)] = batch.map((x) => x.name).sort();
        }
        return removed;
      }).then((removed) => ({ removed }));
    },
    ps: () => psFargate(api, graph),
    logs: (workload, tail) => logsFargate(api, graph, workload, tail),
    follow: (workload, tail, onLine, signal) => followFargate(api, graph, workload, tail, onLine, signal),
    async run(workload, command, io) {
      const w = workloadOf(graph, workload);
      const live = await observe();
      return runFargate(api, graph, workload, command, resolvedNetwork(graph, objects, live.resolution, w), io);
    },
  };
}

/** `services`, `task-definitions`, ... for `berth down`'s report. */
function plural(kind: string): string {
  const k = kind.replace(/^[a-z0-9]+\./, "");
  return k.endsWith("s") ? k : `${k}s`;
}
