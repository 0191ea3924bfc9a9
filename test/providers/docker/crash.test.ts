import { describe, expect, it } from "vitest";
import { DockerEngineClient } from "../../../providers/shared/docker-api/client.ts";
import { down, planStack, up } from "../../../providers/docker/engine/engine.ts";
import { hasChanges } from "../../../providers/docker/engine/plan.ts";
import { berth, dockerTestFile, spawnBerth, uniqueStack } from "../../support/docker.ts";
import { seededRandom } from "../../support/seeded-random.ts";
import { expectWebConverged, FIXTURE, webEngineStack } from "./web-fixture.ts";

const { stateDir, track } = dockerTestFile();

function childEnv(stack: string, port: number, greeting: string): Record<string, string> {
  return {
    BERTH_TEST_STACK: stack,
    BERTH_STATE_DIR: stateDir,
    BERTH_CONFIG_TOKEN: "crash-token",
    BERTH_CONFIG_GREETING: greeting,
    BERTH_CONFIG_PORT: String(port),
  };
}

function engineFor(stack: string, port: number, greeting: string) {
  return { ...webEngineStack(stack, { token: "crash-token", greeting, port: String(port) }), client: new DockerEngineClient() };
}

describe("crash safety and concurrency of berth up", () => {
  it("converges after `berth up` is SIGKILLed at 20 seeded random points, with no duplicate and no unowned object", async () => {
    const stack = track(uniqueStack("crash"));
    const port = 25000 + Math.floor(Math.random() * 3000);
    const random = seededRandom(20261128);
    for (let i = 0; i < 20; i++) {
      const greeting = `g${i}`;
      // Give the killed run work to do: every fourth round from nothing, otherwise a replace.
      if (i % 4 === 0) {
        const e = engineFor(stack, port, greeting);
        await down(e.client, e.graph);
      }
      const child = spawnBerth(["up", FIXTURE], childEnv(stack, port, greeting));
      const exited = new Promise((r) => child.once("exit", r));
      const delay = 800 + Math.floor(random() * 7000);
      await Promise.race([exited, new Promise((r) => setTimeout(r, delay))]);
      child.kill("SIGKILL");
      await exited;

      const e = engineFor(stack, port, greeting);
      await up(e.client, e.graph, e.sources);
      await expectWebConverged(stack);
      expect(hasChanges(await planStack(e.client, e.graph, e.sources))).toBe(false);
    }
  }, 900_000);

  it("two concurrent ups on one stack: one waits for the other, nothing is duplicated", async () => {
    const stack = track(uniqueStack("conc"));
    const env = childEnv(stack, 28500 + Math.floor(Math.random() * 1000), "hello");
    const [a, b] = await Promise.all([berth(["up", FIXTURE], env), berth(["up", FIXTURE], env)]);
    expect([a.code, b.code, a.stderr + b.stderr]).toEqual([0, 0, expect.any(String)]);
    const outputs = [a.stdout, b.stdout];
    expect(outputs.filter((o) => o.includes(`No changes: '${stack}' is up to date.`))).toHaveLength(1);
    expect(outputs.filter((o) => o.includes(`'${stack}' is up: 7 changed`))).toHaveLength(1);
    await expectWebConverged(stack);
  }, 300_000);
});
