/**
 * The stack's ApplySet (KEP-3659), so `kubectl` and other tools see the objects Berth owns as
 * one set: every object the lowering writes carries `applyset.kubernetes.io/part-of: <id>`, and
 * one parent ConfigMap in the stack's namespace (`<stack>-applyset`) carries the id label, the
 * tooling (`berth/v1`) and the group-kinds the set contains.
 *
 * The id is the KEP's formula, the one kubectl computes: `applyset-` + base64url without
 * padding of sha256(`<name>.<namespace>.<Kind>.<group>`) + `-v1` (a ConfigMap's group is empty).
 * Cluster-scoped members (the Namespace) carry the label too, as kubectl labels them; pods are
 * not members (their controllers are), so pod templates do not carry it.
 */
import * as crypto from "node:crypto";

/** The KEP's label and annotation keys. */
export const APPLYSET = {
  partOf: "applyset.kubernetes.io/part-of",
  id: "applyset.kubernetes.io/id",
  tooling: "applyset.kubernetes.io/tooling",
  containsGroupKinds: "applyset.kubernetes.io/contains-group-kinds",
} as const;

/** Value of the tooling annotation: kubectl refuses to act on a parent another tool manages. */
export const APPLYSET_TOOLING = "berth/v1";

/** Node id of the parent object in the Kubernetes target graph. */
export const APPLYSET_NODE_ID = "#applyset";

/** Name of the parent ConfigMap of a stack. */
export function applysetParentName(stack: string): string {
  return `${stack}-applyset`;
}

/** The KEP-3659 id of the ApplySet whose parent is this object (group empty for core kinds). */
export function applysetId(parent: { name: string; namespace: string; kind: string; group: string }): string {
  const digest = crypto.createHash("sha256").update(`${parent.name}.${parent.namespace}.${parent.kind}.${parent.group}`).digest("base64url");
  return `applyset-${digest}-v1`;
}

/** The id of a stack's ApplySet: its parent is the ConfigMap `<stack>-applyset` in the namespace. */
export function stackApplysetId(stack: string, namespace: string): string {
  return applysetId({ name: applysetParentName(stack), namespace, kind: "ConfigMap", group: "" });
}

/** `Kind.group` of an object (`Deployment.apps`), `Kind` alone for the core group. */
export function groupKind(o: { apiVersion: string; kind: string }): string {
  const slash = o.apiVersion.indexOf("/");
  return slash < 0 ? o.kind : `${o.kind}.${o.apiVersion.slice(0, slash)}`;
}

/** The contains-group-kinds annotation's value: the members' group-kinds, sorted, comma-separated. */
export function containsGroupKinds(members: readonly { apiVersion: string; kind: string }[]): string {
  return [...new Set(members.map(groupKind))].sort().join(",");
}
