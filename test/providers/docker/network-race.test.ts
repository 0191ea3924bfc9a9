import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { DockerEngineClient } from "../../../providers/shared/docker-api/client.ts";
import { planStack, up } from "../../../providers/docker/engine/engine.ts";
import { hasChanges } from "../../../providers/docker/engine/plan.ts";
import { dockerTestFile, freePort, uniqueStack } from "../../support/docker.ts";
import { expectWebConverged, webEngineStack } from "./web-fixture.ts";

const { track } = dockerTestFile();

/**
 * A run killed while its `POST /networks/create` was in flight: dockerd finishes that request
 * while the next run works. This client makes the same request (without dockerd's best-effort
 * duplicate check, which a concurrent create slips past) just before or just after its own.
 */
class KilledRunsLateCreate extends DockerEngineClient {
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

async function deploy(stack: string, client: DockerEngineClient) {
  const { graph, sources } = webEngineStack(stack, { token: "race-token", greeting: "hi", port: String(await freePort()) });
  return { graph, sources, up: () => up(client, graph, sources), plan: () => planStack(new DockerEngineClient(), graph, sources) };
}

describe("a network created twice under one name by a killed run and the next", () => {
  for (const when of ["before", "after"] as const) {
    it(`does not fail up, and leaves one network, when the killed run's create lands ${when} this run's`, async () => {
      const stack = track(uniqueStack(`race-${when}`));
      const d = await deploy(stack, new KilledRunsLateCreate(when));
      await d.up();
      await expectWebConverged(stack);
      expect(hasChanges(await d.plan())).toBe(false);
    }, 180_000);
  }
});
