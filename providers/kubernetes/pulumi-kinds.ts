/**
 * Which @pulumi/kubernetes class realizes a manifest, by the manifest's own `apiVersion` and
 * `kind`, never by the construct it came from: any object the lowering writes (today's kinds and
 * any a later construct adds) becomes a resource without code per construct. The table holds the
 * typed class of every kind Berth writes and of the usual workload kinds; any other kind is a
 * `apiextensions.CustomResource`, @pulumi/kubernetes's class for an arbitrary object (type token
 * `kubernetes:<apiVersion>:<kind>`).
 *
 * What Pulumi does differently per kind, and what the realizer does about it:
 * - `awaitsPods`: Pulumi's await logic for a Service waits until its endpoints are ready, and an
 *   Ingress until its backends have endpoints, i.e. until the workload's pods run. Workloads must
 *   therefore not depend on them (the engine applies them before workloads and never waits on
 *   them), or `pulumi up` would wait on itself until its timeout.
 * - `retainOnDelete`: `berth down` keeps claims (their data) unless `--volumes`; so does
 *   `pulumi destroy`. It keeps the Namespace too: deleting a namespace deletes everything in
 *   it, including what the stack does not own, which `berth down` checks first and Pulumi cannot.
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/** A manifest as the lowering writes it. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly [field: string]: unknown;
}

/** A resource class of @pulumi/kubernetes: the manifest's fields are its arguments. */
type KubeResourceClass = new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** How one kind is realized. */
export interface PulumiKind {
  readonly resource: KubeResourceClass;
  /** Pulumi waits for the pods behind it (Service endpoints, Ingress backends). */
  readonly awaitsPods?: boolean;
  /** Kept on `pulumi destroy`, as `berth down` keeps it. */
  readonly retainOnDelete?: boolean;
}

const key = (apiVersion: string, kind: string) => `${apiVersion}:${kind}`;

/** The typed classes, by `apiVersion:kind`. */
const TYPED: ReadonlyMap<string, PulumiKind> = new Map<string, PulumiKind>([
  [key("v1", "Namespace"), { resource: k8s.core.v1.Namespace, retainOnDelete: true }],
  [key("v1", "ServiceAccount"), { resource: k8s.core.v1.ServiceAccount }],
  [key("v1", "Secret"), { resource: k8s.core.v1.Secret }],
  [key("v1", "ConfigMap"), { resource: k8s.core.v1.ConfigMap }],
  [key("v1", "PersistentVolumeClaim"), { resource: k8s.core.v1.PersistentVolumeClaim, retainOnDelete: true }],
  [key("v1", "Service"), { resource: k8s.core.v1.Service, awaitsPods: true }],
  [key("networking.k8s.io/v1", "NetworkPolicy"), { resource: k8s.networking.v1.NetworkPolicy }],
  [key("networking.k8s.io/v1", "Ingress"), { resource: k8s.networking.v1.Ingress, awaitsPods: true }],
  [key("policy/v1", "PodDisruptionBudget"), { resource: k8s.policy.v1.PodDisruptionBudget }],
  [key("apps/v1", "Deployment"), { resource: k8s.apps.v1.Deployment }],
  [key("apps/v1", "StatefulSet"), { resource: k8s.apps.v1.StatefulSet }],
  [key("apps/v1", "DaemonSet"), { resource: k8s.apps.v1.DaemonSet }],
  [key("batch/v1", "Job"), { resource: k8s.batch.v1.Job }],
  [key("batch/v1", "CronJob"), { resource: k8s.batch.v1.CronJob }],
  [key("autoscaling/v2", "HorizontalPodAutoscaler"), { resource: k8s.autoscaling.v2.HorizontalPodAutoscaler }],
]);

/** Any other object: @pulumi/kubernetes's generic class, which passes every field through. */
const GENERIC: PulumiKind = { resource: k8s.apiextensions.CustomResource as unknown as KubeResourceClass };

/** How a manifest is realized: its typed class, or the generic one for a kind the table does not name. */
export function pulumiKindOf(m: Pick<Manifest, "apiVersion" | "kind">): PulumiKind {
  return TYPED.get(key(m.apiVersion, m.kind)) ?? GENERIC;
}
