/**
 * Importing the chat compose file gives the program examples/chat was ported to by hand, as far
 * as the compose file says it: the same workloads and kinds, images, networks, published ports,
 * env names with the same config keys for endpoints, and the bot password as a mounted secret.
 * What the hand port added (limits, healthchecks, users, named volumes instead of bind mounts,
 * a replica-set init that waits for mongo to be healthy) is not in the compose file, so an
 * importer cannot know it; the test lists those differences exactly.
 */
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { StackConfig } from "../../sdk/config/stack-config.ts";
import { synth } from "../../sdk/constructs/synth.ts";
import type { Graph } from "../../sdk/graph/schema.ts";
import { chatDevStack } from "../../examples/chat/stack.ts";
import { importCompose } from "../../importer/compose/index.ts";
import { evaluateProgram } from "../../importer/compose/evaluate.ts";

type Fields = Record<string, Record<string, unknown>>;

/** The fields a compose file can say, per workload, with the component prefix taken off. */
function keyFields(graph: Graph): Fields {
  const strip = (id: string) => id.replace(/^Chat\//, "");
  const out: Fields = {};
  for (const n of graph.nodes as any[]) {
    if (!["service", "job"].includes(n.spec?.kind)) continue;
    const s = n.spec;
    out[strip(n.id)] = {
      kind: s.kind,
      image: s.image,
      command: s.command,
      networks: s.networks.map(strip),
      ports: s.ports,
      restart: s.restart.policy,
      env: Object.fromEntries(Object.entries<any>(s.env).map(([k, v]) => [k, v.kind === "config" ? `config:${v.key}` : v.kind])),
      secrets: s.secrets.map((x: any) => x.target),
      dependsOn: graph.edges.filter((e: any) => e.kind === "depends" && e.from === n.id).map((e: any) => `${strip(e.to)}:${e.condition ?? "started"}`),
      mounts: [...s.volumes.map((v: any) => `volume ${v.path}`), ...s.binds.map((b: any) => `bind ${b.path}`)],
    };
  }
  return out;
}

describe("importing the chat compose file gives the program examples/chat is", () => {
  const devConfig = (parse(readFileSync(join(import.meta.dirname, "../../examples/chat/dev/Pulumi.dev.yaml"), "utf8")) as { config: Record<string, string> }).config;
  const example = keyFields(synth(chatDevStack(StackConfig.from(Object.fromEntries(Object.entries(devConfig).map(([k, v]) => [k.replace(/^chat:/, ""), v]))))));
  const outDir = join(tmpdir(), "berth-import-chat");
  const result = importCompose({ files: ["/work/shared/fixtures/chat-compose.yml"], outDir, env: {}, name: "chat" });
  const stack = evaluateProgram(result.model, result.config, outDir);
  const imported = keyFields(synth(stack, { config: stack.config }));

  it("has the same workloads, kinds, images, networks and restart policies", () => {
    const pick = (f: Fields) => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, [v.kind, v.image, v.networks, v.restart]]));
    expect(pick(imported)).toEqual(pick(example));
  });

  it("reads endpoints from config under the hand port's keys and mounts the bot password as a secret file", () => {
    expect(imported.rocketchat!.env).toEqual(example.rocketchat!.env);
    expect(imported.hubot!.secrets).toEqual(["rocketchat_password"]);
    expect(imported.hubot!.secrets).toEqual(example.hubot!.secrets);
    expect(Object.keys(imported.hubot!.env as object).sort()).toEqual(Object.keys(example.hubot!.env as object).sort());
  });

  it("differs only where the hand port added what the compose file does not say, or named a key after the service", () => {
    const diffs = Object.keys(example).flatMap((w) =>
      Object.keys(example[w]!)
        .filter((f) => JSON.stringify(example[w]![f]) !== JSON.stringify(imported[w]![f]))
        .map((f) => `${w}.${f}: ${JSON.stringify(imported[w]![f])} → ${JSON.stringify(example[w]![f])}`),
    );
    expect(diffs).toEqual([
      // The importer names a config key after the env variable; the hand port after the service it points at.
      expect.stringMatching(/^hubot\.env: .*"HUBOT_ZMACHINE_SERVER":"config:hubotZmachineServer".* → .*"HUBOT_ZMACHINE_SERVER":"config:zmachineUrl"/),
      // Bind mounts stay host paths (IMPORT.md says how to move them); the hand port made Volumes.
      'hubot.mounts: ["bind /home/hubot/scripts"] → ["volume /home/hubot/scripts"]',
      // The hand port exposes mongo on its network explicitly; compose relied on the shared network.
      'mongo.ports: [] → [{"container":27017,"protocol":"tcp"}]',
      'mongo.mounts: ["bind /data/db"] → ["volume /data/db"]',
      // The compose file's init command was a placeholder; the hand port wrote the real one,
      // with mongo's host from a graph reference, after mongo is healthy.
      'mongo-init-replica.command: ["mongo","mongo/rocketchat","--eval","rs.initiate({ ..."] → ["sh","-c","mongo \\"$MONGO_HOST/rocketchat\\" --eval \\"rs.initiate({ _id: \'rs0\', members: [ { _id: 0, host: \'localhost:27017\' } ]})\\""]',
      'mongo-init-replica.env: {} → {"MONGO_HOST":"ref"}',
      'mongo-init-replica.dependsOn: ["mongo:started"] → ["mongo:healthy"]',
      // Rocket.Chat needs the replica set; compose only waited for mongo to start.
      'rocketchat.dependsOn: ["mongo:started"] → ["mongo-init-replica:completed"]',
      'rocketchat.mounts: ["bind /app/uploads"] → ["volume /app/uploads"]',
      'zmachine.mounts: ["bind /root/saves","bind /root/zcode"] → ["volume /root/saves","volume /root/zcode"]',
    ]);
  });
});
