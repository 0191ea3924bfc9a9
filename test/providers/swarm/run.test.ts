/**
 * `berth run` on swarm: a one-off process with the deployed service's image, env and secrets,
 * its output streamed, its exit code returned, nothing left behind.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { berth, uniqueStack, writeStackProgram } from "../../support/docker.ts";
import { SWARM_BASE_IMAGE, swarmOwned, swarmTestFile } from "../../support/swarm.ts";

const stack = uniqueStack("swrun");
const { stateDir, dir } = swarmTestFile(stack);
const env = { BERTH_STATE_DIR: stateDir, BERTH_CONFIG_TOKEN: "swarm-run-token", BERTH_CONFIG_GREETING: "hello from swarm" };

beforeAll(async () => {
  writeStackProgram(dir, ["Config", "Image", "Secret", "Service", "Size", "Stack", "StackConfig", "Swarm"], [
    `const stack = new Stack(${JSON.stringify(stack)}, { environment: "dev", target: new Swarm(), config: StackConfig.from({}, process.env) });`,
    `new Service(stack, "app", {`,
    `  image: Image.fromRegistry(${JSON.stringify(SWARM_BASE_IMAGE)}),`,
    `  command: ["sleep", "3600"],`,
    `  env: { GREETING: Config.value("greeting") },`,
    `  secrets: { token: Secret.fromConfig("token") },`,
    `  resources: { cpu: 0.1, memory: Size.mebibytes(16) },`,
    `  user: "1000:1000",`,
    `});`,
    `stack.portability.acknowledge("hardening.noNewPrivileges", { reason: "the test swarm's daemon default is accepted" });`,
    `export default stack;`,
  ]);
  const up = await berth(["up", dir], env);
  expect([up.code, up.stderr]).toEqual([0, ""]);
}, 180_000);

describe("berth run on swarm", () => {
  it("runs a one-off with the service's env and secrets, streams its output and exits with its code, leaving no service behind", async () => {
    const r = await berth(["run", dir, "app", "--", "sh", "-c", "echo $GREETING; cat /run/secrets/token; echo; echo oops >&2; exit 3"], env);
    expect([r.code, r.stdout, r.stderr]).toEqual([3, "hello from swarm\nswarm-run-token\n", "oops\n"]);
    expect((await swarmOwned(stack)).services).toEqual([`${stack}-app`]);
    const again = await berth(["up", dir], env);
    expect(again.stdout).toContain(`No changes: '${stack}' is up to date.`);
  }, 180_000);

  it("fails clearly for a service that is not deployed", async () => {
    const r = await berth(["run", dir, "nope", "--", "true"], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("nope");
  }, 120_000);
});
