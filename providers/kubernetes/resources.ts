/**
 * The non-workload objects: the Namespace, PersistentVolumeClaims, Secrets and ConfigMaps.
 *
 * - A Secret from config, the environment or a file is a Secret object without data: its value
 *   is written at apply time under the key `value`, never into the graph or an export.
 *   `Secret.fromKubernetesSecret(name, key)` refers to a Secret someone else manages: no
 *   object, the pods mount that key of it. Secrets Manager and SSM references cannot be read
 *   by pods (the capability table says so) and fail lowering.
 * - A Config is a ConfigMap whose key `content` holds the file.
 * - A Volume is a ReadWriteOnce claim (one writer), ReadWriteMany when declared `shared`; its
 *   size is the volume's, 1Gi when it sets none (a claim must ask for some).
 */
import { BerthError } from "../../sdk/core/errors.ts";
import type { GraphNode, SecretNode, VolumeNode } from "../../sdk/graph/schema.ts";
import type { ConfigMap, Namespace, ObjectMeta, PersistentVolumeClaim, Secret } from "./objects.ts";
import type { KeyRef } from "./pod.ts";
import { bytesQuantity } from "./quantities.ts";

/** The key a Berth-created Secret keeps its value under. */
export const SECRET_KEY = "value";
/** The key a ConfigMap keeps its content under. */
export const CONFIG_KEY = "content";
/** The size of a claim whose volume sets none. */
export const DEFAULT_CLAIM_BYTES = 2 ** 30;

/** The stack's Namespace. */
export function namespace(meta: ObjectMeta): Namespace {
  const { namespace: _ns, ...rest } = meta;
  void _ns;
  return { apiVersion: "v1", kind: "Namespace", metadata: rest };
}

/** A claim for a volume. */
export function claim(v: VolumeNode, meta: ObjectMeta): PersistentVolumeClaim {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: meta,
    spec: { accessModes: [v.shared ? "ReadWriteMany" : "ReadWriteOnce"], resources: { requests: { storage: bytesQuantity(v.sizeBytes ?? DEFAULT_CLAIM_BYTES) } } },
  };
}

/** A Secret object for a value Berth writes at apply time, or `undefined` for a reference to an existing Secret. */
export function secretObject(n: GraphNode & { spec: SecretNode }, meta: ObjectMeta): Secret | undefined {
  const src = n.spec.source;
  if (src.kind === "kubernetes") return undefined;
  if (src.kind === "aws-secrets-manager" || src.kind === "aws-ssm") {
    throw new BerthError({
      code: "kubernetes.secret-source",
      path: n.path,
      field: "source",
      found: src.arn,
      message: `${n.id} is an AWS ${src.kind === "aws-ssm" ? "SSM parameter" : "Secrets Manager secret"}, which pods cannot read without an operator.`,
      fix: "use Secret.fromKubernetesSecret(name, key) for a Secret the cluster already has, or Secret.fromConfig/fromEnv/fromFile",
    });
  }
  return { apiVersion: "v1", kind: "Secret", metadata: meta, type: "Opaque" };
}

/** Where pods find a secret's value: Berth's own Secret, or the referenced one. */
export function secretRef(n: GraphNode & { spec: SecretNode }): KeyRef {
  const src = n.spec.source;
  return src.kind === "kubernetes" ? { name: src.name, key: src.key } : { name: n.name, key: SECRET_KEY };
}

/** A ConfigMap holding a config's content. */
export function configMap(content: string, meta: ObjectMeta): ConfigMap {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: meta, data: { [CONFIG_KEY]: content } };
}
