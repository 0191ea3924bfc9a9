/**
 * The stack `npm run bench -- docker` deploys, in a module of its own: the CLI contestant's stack
 * program imports it, and like any stack program it imports the sdk only (not the benchmark's
 * own machinery: dockerode, the engine, the compose export).
 */
import { DockerHost, Image, Network, Service, Size, Stack, StackConfig } from "../sdk/index.ts";

/** The image every service runs (scripts/offline-images.sh makes it). */
export const BENCH_IMAGE = "berth-local/busybox:1";

/**
 * The benchmark stack: `count` services on one network with limits. `variant` changes the
 * first service's env only, so a second deploy replaces exactly one container.
 */
export function benchStack(name: string, variant: string, count = 20): Stack {
  const stack = new Stack(name, { environment: "dev", target: new DockerHost(), config: StackConfig.from({}) });
  const net = new Network(stack, "net");
  const image = Image.fromRegistry(BENCH_IMAGE);
  for (let i = 0; i < count; i++) {
    new Service(stack, `svc${String(i).padStart(2, "0")}`, {
      image,
      command: ["sleep", "3600"],
      env: { INDEX: String(i), VARIANT: i === 0 ? variant : "1" },
      networks: [net],
      resources: { cpu: 0.1, memory: Size.mebibytes(16), pids: 32 },
      user: "65534:65534",
    });
  }
  return stack;
}
