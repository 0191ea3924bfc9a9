import { describe, expect, it } from "vitest";
import { berth, dockerTestFile, owned, uniqueStack } from "../../support/docker.ts";
import { FIXTURE } from "./web-fixture.ts";

const { stateDir, track } = dockerTestFile();
const stack = track(uniqueStack("cli"));
const port = 29600 + Math.floor(Math.random() * 300);
const env = { BERTH_TEST_STACK: stack, BERTH_STATE_DIR: stateDir, BERTH_CONFIG_TOKEN: "cli-canary-91b2", BERTH_CONFIG_GREETING: "hi", BERTH_CONFIG_PORT: String(port) };

describe("berth plan | up | ps | logs | run | down on the command line", () => {
  it("drives a stack end to end with the documented exit codes and output", async () => {
    const plan = await berth(["plan", FIXTURE, "--exit-code"], env);
    expect(plan.code).toBe(4);
    expect(plan.stdout.trim().split("\n")).toEqual([
      `+ create  volume      ${stack}-data`,
      "+ create  image       image-app",
      `+ create  network     ${stack}-net`,
      expect.stringMatching(new RegExp(`^\\+ create  file        ${stateDir}/${stack}/secrets/[a-f0-9]{16}/token$`)),
      `+ create  container   ${stack}-init-1`,
      `+ create  container   ${stack}-web-1`,
      `+ create  container   ${stack}-worker-1`,
      `Plan for '${stack}': 7 create.`,
    ]);

    const up = await berth(["up", FIXTURE], env);
    expect([up.code, up.stderr]).toEqual([0, ""]);
    expect(up.stdout).toContain(`create container ${stack}-web-1: done`);
    expect(up.stdout.trim().split("\n").slice(-2)).toEqual([`'${stack}' is up: 7 changed, 0 unchanged.`, `  ${stack}-web-1: http://127.0.0.1:${port}`]);

    const again = await berth(["plan", FIXTURE, "--exit-code", "--json"], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: true, changes: false });

    const ps = await berth(["ps", FIXTURE, "--json"], env);
    expect(JSON.parse(ps.stdout).containers.map((c: { name: string; state: string }) => [c.name, c.state])).toEqual([
      [`${stack}-init-1`, "exited"],
      [`${stack}-web-1`, "running"],
      [`${stack}-worker-1`, "running"],
    ]);

    const logs = await berth(["logs", FIXTURE, "worker", "--tail", "5"], env);
    expect([logs.code, logs.stdout]).toEqual([0, "worker up\n"]);

    const run = await berth(["run", FIXTURE, "web", "--", "sh", "-c", "echo $GREETING; exit 3"], env);
    expect([run.code, run.stdout]).toEqual([3, "hi\n"]);

    for (const out of [plan.stdout, up.stdout, again.stdout, ps.stdout, logs.stdout, run.stdout]) expect(out).not.toContain("cli-canary-91b2");

    const down = await berth(["down", FIXTURE], env);
    expect([down.code, down.stdout.trim().split("\n")]).toEqual([
      0,
      [`- container ${stack}-init-1`, `- container ${stack}-web-1`, `- container ${stack}-worker-1`, `- network ${stack}-net`, `'${stack}' is down (volumes kept; --volumes removes them).`],
    ]);
  }, 300_000);

  it("refuses to deploy with exit code 3 when a service asks for more CPUs than the engine has", async () => {
    const r = await berth(["up", FIXTURE], { ...env, BERTH_CONFIG_CPU: "512" });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`✖ [res.fits-host] Service 'web' asks for 512 CPUs but the Docker host has`);
    expect(r.stderr).toContain("nothing was applied");
    const left = await owned(stack);
    expect([left.containers, left.networks]).toEqual([[], []]);
  }, 120_000);

  it("fails with exit code 1 and a clear message for an unknown service", async () => {
    const r = await berth(["logs", FIXTURE, "nope"], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`✖ [cli.unknown-service] Stack '${stack}' has no service, container or job 'nope'.`);
  }, 120_000);
});
