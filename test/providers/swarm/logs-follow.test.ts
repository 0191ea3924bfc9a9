import { describe, expect, it } from "vitest";
import type { LogLine } from "../../../providers/docker/engine/follow.ts";
import { openSwarmSession, upSwarm } from "../../../providers/swarm/engine.ts";
import { followSwarmLogs } from "../../../providers/swarm/engine/follow.ts";
import { Image, Service, Size, Stack, Swarm, synth } from "../../../sdk/index.ts";
import { uniqueStack } from "../../support/docker.ts";
import { SWARM_BASE_IMAGE, swarmTestFile } from "../../support/swarm.ts";

const stack = uniqueStack("swf");
const { stateDir } = swarmTestFile(stack);
process.env.BERTH_STATE_DIR = stateDir;

describe("berth logs --follow on swarm", () => {
  it("follows every running task of a service, each line named by its task slot, until aborted", async () => {
    const s = new Stack(stack, { environment: "dev", target: new Swarm() });
    new Service(s, "ticker", {
      image: Image.fromRegistry(SWARM_BASE_IMAGE),
      command: ["sh", "-c", "i=0; while [ $i -lt 600 ]; do echo tick $i; i=$((i+1)); sleep 0.2; done"],
      replicas: 2,
      user: "1000:1000",
      resources: { cpu: 0.1, memory: Size.mebibytes(16) },
    });
    const w = openSwarmSession(synth(s), stateDir, () => undefined);
    await upSwarm(w.client, w.graph, w.sources);

    const stop = new AbortController();
    const seen: { line: LogLine; several: boolean }[] = [];
    const following = followSwarmLogs(w.client, w.graph, "ticker", 0, (line, several) => {
      seen.push({ line, several });
      const containers = new Set(seen.map((x) => x.line.container));
      if (containers.size === 2 && seen.length >= 6) stop.abort();
    }, stop.signal);
    const timeout = setTimeout(() => stop.abort(), 30_000);
    await following;
    clearTimeout(timeout);

    expect(new Set(seen.map((x) => x.line.container))).toEqual(new Set([`${stack}-ticker.1`, `${stack}-ticker.2`]));
    for (const { line, several } of seen) {
      expect(several).toBe(true);
      expect(line).toMatchObject({ stream: "stdout", text: expect.stringMatching(/^tick \d+$/) });
    }
  }, 180_000);
});
