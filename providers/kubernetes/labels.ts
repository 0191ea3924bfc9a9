/**
 * Labels and annotations of every object Berth writes to a cluster. Kubernetes label values
 * are at most 63 characters of `[A-Za-z0-9_.-]`, so what does not fit goes to annotations:
 *
 * - labels: the recommended `app.kubernetes.io/*` set, and Berth's ownership labels
 *   `berth.app`, `berth.stack`, `berth.node` (the kebab-case name of the portable node the
 *   object comes from, `shop-web`) and `berth.version`, and the stack's ApplySet label
 *   `applyset.kubernetes.io/part-of` (applyset.ts); selectors use labels only;
 * - annotations: `berth.node` (the exact target node id, `Shop/web#service`, which has `/`),
 *   `berth.spec-hash` (64 hex characters, one more than a label value may have).
 *
 * User labels (the stack's and a workload's) that are not valid Kubernetes labels become
 * annotations rather than failing the apply.
 */
import { BERTH_VERSION, LABELS } from "../shared/labels.ts";
import { APPLYSET } from "./applyset.ts";
import { LabelKey, LabelValue, type ObjectMeta } from "./objects.ts";

/** The recommended labels (kubernetes.io "Recommended Labels"). */
export const APP_LABELS = {
  name: "app.kubernetes.io/name",
  instance: "app.kubernetes.io/instance",
  component: "app.kubernetes.io/component",
  partOf: "app.kubernetes.io/part-of",
  managedBy: "app.kubernetes.io/managed-by",
} as const;

/** Label of the pods of every Berth network they join (`berth.net/shop-backend: "true"`). */
export const NETWORK_LABEL_PREFIX = "berth.net/";
/** Label of pods whose every network is internal: their egress is limited to their networks. */
export const INTERNAL_EGRESS_LABEL = "berth.egress";

/** What labels of one stack share. */
export interface StackLabels {
  readonly stack: string;
  readonly app: string;
  readonly namespace: string;
  /** The stack's own labels (StackProps.labels). */
  readonly user: Readonly<Record<string, string>>;
  /** Value of `berth.version`. @default BERTH_VERSION */
  readonly version?: string;
  /** The stack's ApplySet id, the value of `applyset.kubernetes.io/part-of` (applyset.ts). */
  readonly applyset: string;
}

/** True when `key: value` is a valid Kubernetes label. */
export function isLabel(key: string, value: string): boolean {
  return LabelKey.safeParse(key).success && LabelValue.safeParse(value).success;
}

/** The selector of a workload's pods: stable across updates (a Deployment's selector is immutable). */
export function podSelector(s: StackLabels, workloadName: string): Record<string, string> {
  return { [APP_LABELS.instance]: s.stack, [APP_LABELS.name]: workloadName };
}

/**
 * The metadata of one object: `name` in the stack's namespace (omitted for cluster-scoped
 * objects), labels as above, `component` the portable kind it lowers (`service`, `network`...),
 * `sourceName` the portable node's name, `id` the target node id.
 */
export function objectMeta(
  s: StackLabels,
  o: { name: string; id: string; sourceName: string; component: string; user?: Readonly<Record<string, string>>; annotations?: Readonly<Record<string, string>>; clusterScoped?: boolean },
): ObjectMeta {
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = { ...(o.annotations ?? {}) };
  for (const [k, v] of Object.entries({ ...s.user, ...(o.user ?? {}) })) {
    if (isLabel(k, v)) labels[k] = v;
    else annotations[k] = v;
  }
  Object.assign(labels, {
    [APP_LABELS.name]: o.sourceName,
    [APP_LABELS.instance]: s.stack,
    [APP_LABELS.component]: o.component,
    [APP_LABELS.managedBy]: "berth",
    [LABELS.stack]: s.stack,
    [LABELS.node]: o.sourceName,
    [LABELS.version]: s.version ?? BERTH_VERSION,
    [APPLYSET.partOf]: s.applyset,
  });
  // The app name is the user's; it is a label only when Kubernetes accepts it as one.
  if (isLabel(LABELS.app, s.app)) Object.assign(labels, { [LABELS.app]: s.app, [APP_LABELS.partOf]: s.app });
  else annotations[LABELS.app] = s.app;
  annotations[LABELS.node] = o.id;
  return { name: o.name, ...(o.clusterScoped ? {} : { namespace: s.namespace }), labels: sorted(labels), annotations: sorted(annotations) };
}

/** Labels of a pod template: the object's, without `berth.version` (a Berth upgrade alone must not roll every Deployment) or the ApplySet's (pods are not members). */
export function podTemplateLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  const { [LABELS.version]: _v, [APPLYSET.partOf]: _a, ...rest } = labels;
  void _v;
  void _a;
  return rest;
}

/** A record with its keys sorted (deterministic manifests). */
export function sorted<V>(r: Readonly<Record<string, V>>): Record<string, V> {
  return Object.fromEntries(Object.keys(r).sort().map((k) => [k, r[k]!]));
}
