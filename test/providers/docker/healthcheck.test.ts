import { describe, expect, it } from "vitest";
import { DockerHost, Duration, Image, Service, Size, Stack, StackConfig, synth } from "../../../sdk/index.ts";
import { DockerEngineClient } from "../../../providers/shared/docker-api/client.ts";
import { lowerForEngine, up } from "../../../providers/docker/engine/engine.ts";
import { BASE_IMAGE, docker, dockerTestFile, uniqueStack } from "../../support/docker.ts";

const { track } = dockerTestFile();

/** A stack whose one service listens on 8080 and is checked by a tcp healthcheck on `port`. */
function tcpChecked(port: number) {
  const name = track(uniqueStack("hc"));
  const stack = new Stack(name, { environment: "dev", target: new DockerHost(), config: StackConfig.from({}) });
  new Service(stack, "api", {
    image: Image.fromRegistry(BASE_IMAGE),
    command: ["httpd", "-f", "-p", "8080"],
    healthcheck: { tcp: { port }, interval: Duration.seconds(1), timeout: Duration.seconds(2), retries: 2 },
    resources: { cpu: 0.1, memory: Size.mebibytes(16) },
    user: "1000:1000",
  });
  return { name, graph: lowerForEngine(synth(stack), process.cwd()) };
}

describe("tcp healthchecks on a real engine", () => {
  it("reports a busybox service healthy once its port accepts connections", async () => {
    const s = tcpChecked(8080);
    await up(new DockerEngineClient(), s.graph, { config: () => undefined, stackDir: process.cwd(), env: {} }, { timeoutMs: 60_000 });
    const state = await docker.getContainer(`${s.name}-api-1`).inspect();
    expect(state.State.Health?.Status).toBe("healthy");
  }, 120_000);

  it("fails up naming the service when the checked port never opens", async () => {
    const s = tcpChecked(8081);
    await expect(up(new DockerEngineClient(), s.graph, { config: () => undefined, stackDir: process.cwd(), env: {} }, { timeoutMs: 60_000 })).rejects.toThrow(/api/);
  }, 120_000);
});
