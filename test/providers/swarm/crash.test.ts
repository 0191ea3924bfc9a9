/**
 * Crash safety of `berth up` on swarm: the CLI is SIGKILLed at seeded random points while it
 * rotates a secret and updates a service; after each kill the next `up` converges, and the
 * stack owns exactly what its graph says: one service, one network, only the current version
 * of its secret (old versions are neither leaked nor lost).
 */
import { spawn } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { BERTH_BIN, berth, REPO_ROOT, uniqueStack, writeStackProgram } from "../../support/docker.ts";
import { seededRandom } from "../../support/seeded-random.ts";
import { SWARM_BASE_IMAGE, swarmOwned, swarmTestFile } from "../../support/swarm.ts";

const stack = uniqueStack("swcrash");
const { stateDir, dir } = swarmTestFile(stack);
const ROUNDS = 8;

beforeAll(() => {
  writeStackProgram(dir, ["Duration", "Image", "Secret", "Service", "Size", "Stack", "StackConfig", "Swarm"], [
    `const config = StackConfig.from({}, process.env);`,
    `const stack = new Stack(${JSON.stringify(stack)}, { environment: "dev", target: new Swarm(), config });`,
    `new Service(stack, "app", {`,
    `  image: Image.fromRegistry(${JSON.stringify(SWARM_BASE_IMAGE)}),`,
    `  command: ["sh", "-c", "cat /run/secrets/token >/dev/null && exec sleep 3600"],`,
    `  replicas: 2,`,
    `  env: { ROUND: process.env.BERTH_TEST_ROUND ?? "0" },`,
    `  secrets: { token: Secret.fromConfig("token") },`,
    `  resources: { cpu: 0.1, memory: Size.mebibytes(16) },`,
    `  user: "1000:1000",`,
    `  stopGracePeriod: Duration.seconds(1),`,
    `});`,
    `stack.portability.acknowledge("hardening.noNewPrivileges", { reason: "the test swarm's daemon default is accepted" });`,
    `export default stack;`,
  ]);
});

describe("crash safety of berth up on swarm", () => {
  it(`converges after \`berth up\` is SIGKILLed at ${ROUNDS} seeded random points while it rotates a secret, leaving only what the graph names`, async () => {
    const random = seededRandom(20261129);
    const env = (round: number) => ({ BERTH_STATE_DIR: stateDir, BERTH_CONFIG_TOKEN: `token-${round}`, BERTH_TEST_ROUND: String(round) });
    const first = await berth(["up", dir], env(0));
    expect([first.code, first.stderr]).toEqual([0, ""]);
    let landed = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const child = spawn(process.execPath, [BERTH_BIN, "up", dir], { cwd: REPO_ROOT, env: { ...process.env, ...env(round) }, stdio: "ignore" });
      const exited = new Promise((r) => child.once("exit", r));
      await Promise.race([exited, new Promise((r) => setTimeout(r, 300 + Math.floor(random() * 3000)))]);
      if (child.exitCode === null) landed++;
      child.kill("SIGKILL");
      await exited;

      const converge = await berth(["up", dir], env(round));
      expect([round, converge.code, converge.stderr]).toEqual([round, 0, ""]);
      const plan = await berth(["plan", dir, "--exit-code"], env(round));
      expect([round, plan.code]).toEqual([round, 0]);
      const owned = await swarmOwned(stack);
      expect([round, owned.services, owned.networks.length, owned.secrets.length, owned.configs]).toEqual([round, [`${stack}-app`], 1, 1, []]);
    }
    // Most kills must land while the run works, or the test proves nothing.
    expect(landed).toBeGreaterThanOrEqual(ROUNDS - 2);
  }, 900_000);
});
