import { DockerHost, Stack, type StackConfig } from "../../sdk/index.ts";
import { Chat } from "./chat.ts";

/**
 * The chat project's dev environment: one Docker host, ports bound to loopback. `config`
 * replaces `Pulumi.dev.yaml` (tests pass an in-memory StackConfig).
 */
export function chatDevStack(config?: StackConfig): Stack {
  const stack = new Stack("chat", {
    environment: "dev",
    target: new DockerHost({ bindAddress: "127.0.0.1" }),
    ...(config ? { config } : {}),
  });
  new Chat(stack, "Chat");
  stack.portability.acknowledge("update", {
    reason: "dev replaces containers in place; there is one host and no rollout to gate",
  });
  return stack;
}
