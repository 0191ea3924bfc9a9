import { rmSync } from "node:fs";
import { join } from "node:path";
import type Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StackConfig, synth } from "../../../sdk/index.ts";
import { EngineClient } from "../../../providers/docker/engine/client.ts";
import { lowerForEngine, planStack, up } from "../../../providers/docker/engine/engine.ts";
import { hasChanges } from "../../../providers/docker/engine/plan.ts";
import { build } from "./fixtures/web/index.ts";
import { cleanupStack, ensureBaseImage, freePort, named, owned, tempStateDir, uniqueStack } from "../../support/docker.ts";

const FIXTURE = join(import.meta.dirname, "fixtures/web");
const stateDir = tempStateDir();
process.env.BERTH_STATE_DIR = stateDir;
const stacks: string[] = [];

/**
 * A run killed while its `POST /networks/create` was in flight: dockerd finishes that request
 * while the next run works. This client makes the same request (without dockerd's best-effort
 * duplicate check, which a concurrent create slips past) just before or just after its own.
 */
class KilledRunsLateCreate extends EngineClient {
  constructor(private readonly when: "before" | "after") {
    super();
  }
  override async createNetwork(body: Docker.NetworkCreateOptions): Promise<string> {
    const late = () => this.docker.createNetwork({ ...body, CheckDuplicate: false });
    if (this.when === "before") await late();
    const id = await super.createNetwork(body);
    if (this.when === "after") await late();
    return id;
  }
}

async function deploy(stack: string, client: EngineClient) {
  const config = StackConfig.from({ token: "race-token", greeting: "hi", port: String(await freePort()) });
  const graph = lowerForEngine(synth(build(stack, { config })), FIXTURE);
  const sources = { config: (k: string) => config.get(k), stackDir: FIXTURE, env: {} };
  return { graph, sources, up: () => up(client, graph, sources), plan: () => planStack(new EngineClient(), graph, sources) };
}

beforeAll(async () => {
  await ensureBaseImage();
}, 120_000);

afterAll(async () => {
  for (const s of stacks) await cleanupStack(s, stateDir);
  rmSync(stateDir, { recursive: true, force: true });
}, 120_000);

describe("a network created twice under one name by a killed run and the next", () => {
  for (const when of ["before", "after"] as const) {
    it(`does not fail up, and leaves one network, when the killed run's create lands ${when} this run's`, async () => {
      const stack = uniqueStack(`race-${when}`);
      stacks.push(stack);
      const d = await deploy(stack, new KilledRunsLateCreate(when));
      await d.up();
      const expected = {
        containers: [`${stack}-init-1`, `${stack}-web-1`, `${stack}-worker-1`],
        networks: [`${stack}-net`],
        volumes: [`${stack}-data`],
      };
      expect(await owned(stack)).toEqual(expected);
      expect(await named(stack)).toEqual(expected);
      expect(hasChanges(await d.plan())).toBe(false);
    }, 180_000);
  }
});
