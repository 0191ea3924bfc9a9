import { describe, expect, it } from "vitest";
import { realizeSwarmWithPulumi } from "../../../providers/swarm/pulumi.ts";
import { goDuration } from "../../../providers/swarm/pulumi-args.ts";
import { recordRealization } from "../../support/pulumi-mocks.ts";
import { CANARY, DIGEST, serviceNode, smallSwarmGraph } from "./fixture-graph.ts";

const IMAGE = `docker.io/berth-local/busybox@${DIGEST}`;
const list = (labels: Readonly<Record<string, string>>) => Object.keys(labels).sort().map((label) => ({ label, value: labels[label]! }));

describe("realizeSwarmWithPulumi", () => {
  const run = recordRealization({
    project: "tiny",
    secretConfig: { "tiny:apiKey": CANARY },
    graph: smallSwarmGraph,
    realize: (g) => realizeSwarmWithPulumi(g, { onGap: () => undefined }),
  });
  const { byName } = run;

  it("creates one resource per swarm object, named by the node id, each service after what it uses and waits for", () => {
    expect(run.registered.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      "docker:index/network:Network backend",
      "docker:index/remoteImage:RemoteImage image/busybox-1",
      "docker:index/secret:Secret secret/apiKey",
      "docker:index/service:Service api",
      "docker:index/service:Service db",
      "docker:index/service:Service migrate",
      "docker:index/serviceConfig:ServiceConfig config/motd",
    ]);
    expect(byName("api").dependsOn).toEqual(["backend", "config/motd", "image/busybox-1", "migrate", "secret/apiKey"]);
    expect(byName("migrate").dependsOn).toEqual(["backend", "image/busybox-1"]);
  });

  it("passes the secret value only as a Pulumi secret, base64-encoded, under the versioned name", () => {
    const s = byName("secret/apiKey");
    expect(s.secretInputs).toEqual(["data"]);
    expect(s.inputs.data).toBe(Buffer.from(CANARY).toString("base64"));
    expect(s.inputs.name).toBe("tiny-secret-apikey-fa2c0e78");
    expect(JSON.stringify(run.registered.filter((r) => r.name !== "secret/apiKey"))).not.toContain(CANARY);
  });

  it("gives docker.Service the exact inputs of the lowered ServiceSpec", () => {
    const api = serviceNode(run.graph, "api");
    expect(byName("api").inputs).toEqual({
      name: "tiny-api",
      labels: list(api.spec.Labels),
      taskSpec: {
        containerSpec: {
          image: IMAGE,
          labels: list({ "berth.app": "tiny", "berth.node": "api", "berth.stack": "tiny" }),
          args: ["httpd", "-f", "-p", "8080"],
          env: { DB: "db", LEVEL: "debug" },
          user: "1000:1000",
          readOnly: true,
          init: true,
          capDrops: ["ALL"],
          healthcheck: { tests: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1"], interval: "2s", timeout: "5s", retries: 3, startPeriod: "0s" },
          stopGracePeriod: "5s",
          mounts: [{ type: "tmpfs", target: "/tmp", readOnly: false }],
          secrets: [{ secretId: "secret/apiKey-id", secretName: "tiny-secret-apikey-fa2c0e78", fileName: "api_key", fileUid: "1000", fileGid: "1000", fileMode: 0o400 }],
          configs: [{ configId: "config/motd-id", configName: "tiny-config-motd-5aa762ae", fileName: "/etc/motd", fileUid: "1000", fileGid: "1000", fileMode: 0o444 }],
        },
        resources: { limits: { nanoCpus: 5e8, memoryBytes: 32 * 2 ** 20 }, reservation: { nanoCpus: 1e8, memoryBytes: 16 * 2 ** 20 } },
        restartPolicy: { condition: "any", delay: "5s", maxAttempts: 0 },
        placement: { constraints: ["node.platform.os==linux"], prefs: ["spread=node.labels.zone"] },
        networksAdvanceds: [{ id: "backend-id", aliases: ["api"] }],
        logDriver: { name: "json-file", options: { "max-size": "10m", "max-file": "3" } },
      },
      mode: { replicated: { replicas: 2 } },
      updateConfig: { parallelism: 1, delay: "1s", failureAction: "rollback", monitor: "5s", maxFailureRatio: "0", order: "start-first" },
      rollbackConfig: { parallelism: 1, delay: "0s", failureAction: "pause", monitor: "15s", maxFailureRatio: "0", order: "start-first" },
      endpointSpec: { mode: "vip", ports: [{ protocol: "tcp", targetPort: 8080, publishedPort: 18080, publishMode: "ingress" }] },
    });
  });

  it("creates the overlay network attachable with the graph's labels", () => {
    const net = run.graph.nodes.find((n) => n.id === "backend")!;
    expect(byName("backend").inputs).toEqual({ name: "tiny-backend", driver: "overlay", attachable: true, internal: false, labels: list(net.kind === "swarm.network" ? net.create.Labels : {}) });
  });

  it("gives docker.ServiceConfig the config's ownership labels", () => {
    const motd = run.graph.nodes.find((n) => n.id === "config/motd")!;
    expect(byName("config/motd").inputs).toEqual({
      name: "tiny-config-motd-5aa762ae",
      data: Buffer.from("hello").toString("base64"),
      labels: list(motd.kind === "swarm.config" ? motd.labels : {}),
    });
  });

  it("reports every field @pulumi/docker 5.2.0 cannot express instead of dropping it silently", () => {
    expect(run.gaps.map((x) => `${x.node} ${x.field}`)).toEqual(["api Resources.Limits.Pids", "migrate Mode"]);
  });

  it("writes durations as Go duration strings", () => {
    expect([goDuration(0), goDuration(5e9), goDuration(1.5e9), goDuration(1500)]).toEqual(["0s", "5s", "1500ms", "1500ns"]);
  });
});
