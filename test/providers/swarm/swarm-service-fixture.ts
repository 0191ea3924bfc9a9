/**
 * A swarm stack with a target-level SwarmService beside portable services, shared by the
 * SwarmService synth, lowering, portability, export and Pulumi tests: `agent` (global mode,
 * a placement constraint, a secret, a network) waits for the portable `db`, and the portable
 * `web` waits for `agent` and reads its hostname.
 */
import { Image, Network, Secret, Service, Size, Stack, StackConfig, Swarm, SwarmService, synth, type Target } from "../../../sdk/index.ts";
import type { Graph } from "../../../sdk/graph/schema.ts";
import { lowerSwarm } from "../../../providers/swarm/lower.ts";
import type { SwarmGraph } from "../../../providers/swarm/target.ts";
import { CANARY, DIGEST } from "./fixture-graph.ts";

/** The stack program, on `target` (Swarm by default). */
export function swarmServiceStack(target: Target = new Swarm()): Stack {
  const stack = new Stack("mixed", { environment: "dev", target, config: StackConfig.from({ token: CANARY }) });
  const net = new Network(stack, "backend");
  const base = Image.fromRegistry(`berth-local/busybox:1@${DIGEST}`);
  const db = new Service(stack, "db", { image: base, command: ["sleep", "3600"], networks: [net], user: "1000:1000" });
  const agent = new SwarmService(stack, "agent", {
    image: base,
    secrets: { token: Secret.fromConfig("token") },
    networks: [net],
    dependsOn: [db],
    spec: {
      Labels: { team: "infra" },
      TaskTemplate: {
        ContainerSpec: {
          Args: ["sleep", "3600"],
          Env: ["MODE=edge"],
          User: "1000:1000",
          ReadOnly: true,
          Hostname: "agent",
          StopSignal: "SIGINT",
          Sysctls: { "net.ipv4.ip_unprivileged_port_start": "0" },
          CapabilityDrop: ["ALL"],
        },
        Resources: { Limits: { MemoryBytes: Size.mebibytes(16).toBytes() } },
        RestartPolicy: { Condition: "on-failure", MaxAttempts: 3, Window: 60e9 },
        Placement: { Constraints: ["node.role==manager"] },
      },
      Mode: { Global: {} },
    },
  });
  new Service(stack, "web", { image: base, command: ["sleep", "3600"], networks: [net], user: "1000:1000", env: { AGENT: agent.hostname }, dependsOn: [{ on: agent, condition: "started" }] });
  return stack;
}

/** The stack's portable graph. */
export function swarmServicePortable(target?: Target): Graph {
  return synth(swarmServiceStack(target));
}

/** The stack lowered for swarm. */
export function swarmServiceGraph(): SwarmGraph {
  return lowerSwarm(swarmServicePortable());
}
