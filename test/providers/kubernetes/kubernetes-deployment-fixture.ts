/**
 * A stack mixing a KubernetesDeployment with portable constructs: a network, a secret from
 * config and a config, an `api` KubernetesDeployment (two replicas, a sidecar, an init container,
 * a probe, the graph's secret as an env var and a file, the config as a file), and a portable
 * `web` Service that depends on it and reaches it by hostname.
 */
import { Config, Image, KubernetesDeployment, Network, Secret, Service, Size, Stack, StackConfig, synth, Kubernetes, type Target } from "../../../sdk/index.ts";
import type { Graph } from "../../../sdk/graph/schema.ts";
import { DIGEST } from "./fixture-graph.ts";

/** The namespace of the fixture. */
export const KD_NAMESPACE = "berth-tcons-fixture";
/** The secret's value: never in a target graph or an export. */
export const KD_CANARY = "canary-tcons-never-in-graphs";

/** Synthesizes the mixed stack (on Kubernetes unless `target` says otherwise). */
export function kubernetesDeploymentPortable(target: Target = new Kubernetes({ namespace: KD_NAMESPACE })): Graph {
  const stack = new Stack("mixed", { environment: "dev", target, config: StackConfig.from({ dbPassword: KD_CANARY }) });
  const backend = new Network(stack, "backend");
  const password = Secret.fromConfig("dbPassword");
  const settings = Config.fromText("settings", "level=info\n");
  const image = Image.fromRegistry(`berth-local/busybox:1@${DIGEST}`);
  const api = new KubernetesDeployment(stack, "api", {
    images: { api: image, proxy: image, warm: image },
    secrets: { "db-password": password },
    configs: { settings },
    networks: [backend],
    labels: { team: "payments" },
    spec: {
      replicas: 2,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { tier: "api" }, annotations: { "example.com/scrape": "true" } },
        spec: {
          securityContext: { runAsUser: 10001, runAsGroup: 10001, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
          initContainers: [{ name: "warm", command: ["true"], resources: { limits: { cpu: "50m", memory: "16Mi" } } }],
          containers: [
            {
              name: "api",
              command: ["sh", "-c", "mkdir -p /tmp/www && echo api > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www"],
              ports: [{ name: "http", containerPort: 8080 }],
              env: [{ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db-password", key: "password" } } }],
              readinessProbe: { httpGet: { path: "/", port: "http" }, periodSeconds: 2 },
              resources: { limits: { cpu: "100m", memory: "32Mi" }, requests: { cpu: "50m", memory: "16Mi" } },
              securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
              volumeMounts: [{ name: "tmp", mountPath: "/tmp" }, { name: "settings", mountPath: "/etc/app", readOnly: true }, { name: "secrets", mountPath: "/run/secrets", readOnly: true }],
            },
            {
              name: "proxy",
              command: ["sleep", "3600"],
              resources: { limits: { cpu: "50m", memory: "16Mi" } },
              securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
            },
          ],
          volumes: [{ name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "8Mi" } }, { name: "settings", configMap: { name: "settings" } }, { name: "secrets", secret: { secretName: "db-password" } }],
        },
      },
    },
  });
  new Service(stack, "web", {
    image,
    env: { API_URL: api.hostname },
    networks: [backend],
    dependsOn: [{ on: api, condition: "healthy" }],
    resources: { cpu: 0.1, memory: Size.mebibytes(32) },
    user: "10001:10001",
  });
  return synth(stack);
}
