import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BerthError } from "../../../sdk/core/errors.ts";
import { Duration, Image, Job, Service, Size, Stack, Swarm, synth } from "../../../sdk/index.ts";
import { openSwarmSession, upSwarm } from "../../../providers/swarm/engine.ts";
import { tempStateDir, uniqueStack } from "../../support/docker.ts";
import { cleanupSwarmStack, ensureSwarm, ensureSwarmBaseImage, SWARM_BASE_IMAGE, swarmOwned } from "../../support/swarm.ts";

const stack = uniqueStack("swj");
const stateDir = tempStateDir();

function program(jobCommand: string[]) {
  const s = new Stack(stack, { environment: "dev", target: new Swarm() });
  const migrate = new Job(s, "migrate", { image: Image.fromRegistry(SWARM_BASE_IMAGE), command: jobCommand, retries: 1, deadline: Duration.seconds(90), user: "1000:1000" });
  new Service(s, "app", {
    image: Image.fromRegistry(SWARM_BASE_IMAGE),
    command: ["sleep", "3600"],
    user: "1000:1000",
    resources: { cpu: 0.1, memory: Size.mebibytes(16) },
    dependsOn: [{ on: migrate, condition: "completed" }],
  });
  return openSwarmSession(synth(s), stateDir, () => undefined);
}

describe.sequential("swarm jobs", () => {
  beforeAll(async () => {
    process.env.BERTH_STATE_DIR = stateDir;
    await ensureSwarm();
    await ensureSwarmBaseImage();
  }, 180_000);

  afterAll(async () => {
    await cleanupSwarmStack(stack);
    rmSync(stateDir, { recursive: true, force: true });
  }, 180_000);

  it("fails `up` naming a job that exits non-zero after its retries, and creates nothing that depends on it", async () => {
    const s = program(["sh", "-c", "exit 3"]);
    const error = await upSwarm(s.client, s.graph, s.sources).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(BerthError);
    const issue = (error as BerthError).issues[0]!;
    expect(issue.message).toMatch(new RegExp(`^'migrate' \\(${stack}-migrate\\) failed: the job failed 2 time\\(s\\)\\n  Task errors:\\n    failed: task: non-zero exit \\(3\\)`));
    expect((await swarmOwned(stack)).services).toEqual([`${stack}-migrate`]);
  }, 180_000);

  it("runs the fixed job as a new iteration and then creates what waited for it", async () => {
    const s = program(["true"]);
    await upSwarm(s.client, s.graph, s.sources);
    expect(s.client.engine.mutations.map((m) => `${m.op} ${m.target}`)).toEqual([`service.update ${stack}-migrate`, `service.create ${stack}-app`]);
    const again = program(["true"]);
    await upSwarm(again.client, again.graph, again.sources);
    expect(again.client.engine.mutations).toEqual([]);
  }, 180_000);
});
