/**
 * sdk/graph/kubernetes-api-schema.ts is generated from @kubernetes/client-node's models by
 * scripts/kubernetes-schema.ts: the committed file is what the generator writes for the
 * installed client, and the schemas it holds accept the API objects the client's types describe
 * and refuse a misspelt field.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderKubernetesSchema } from "../../../scripts/kubernetes-schema.ts";
import { V1Container, V1DeploymentSpec } from "../../../sdk/graph/kubernetes-api-schema.ts";

describe("the generated Kubernetes API schema", () => {
  it("is what `npm run gen:kubernetes-schema` writes for the installed @kubernetes/client-node", () => {
    expect(readFileSync(join(import.meta.dirname, "../../../sdk/graph/kubernetes-api-schema.ts"), "utf8")).toBe(renderKubernetesSchema());
  });

  it("accepts a Deployment spec as the API takes it, with int-or-string fields either way, and names a misspelt or missing field", () => {
    const spec = {
      replicas: 3,
      selector: { matchLabels: { app: "x" } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
      template: { spec: { containers: [{ name: "x", image: "nginx", ports: [{ containerPort: 80 }], livenessProbe: { httpGet: { port: "http", path: "/" } } }], tolerations: [{ key: "k", operator: "Exists" }] } },
    };
    expect(V1DeploymentSpec.safeParse(spec).success).toBe(true);
    const bad = V1Container.safeParse({ image: "nginx", imagePullPolicie: "Always" });
    expect(bad.success ? [] : bad.error.issues.map((i) => `${i.code} ${i.path.join(".")}${i.code === "unrecognized_keys" ? ` ${i.keys.join(",")}` : ""}`)).toEqual(["invalid_type name", "unrecognized_keys  imagePullPolicie"]);
  });
});
