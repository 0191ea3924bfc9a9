import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { StackConfig, synth } from "../../sdk/index.ts";
import { canonicalJsonPretty } from "../../sdk/graph/canonical.ts";
import { findCycles } from "../../sdk/graph/cycles.ts";
import { chatDevStack } from "../../examples/chat/stack.ts";
import { expectGolden } from "../support/golden.ts";

const GOLDEN = fileURLToPath(new URL("../../examples/chat/chat.golden.json", import.meta.url));
const CONFIG = {
  rootUrl: "http://127.0.0.1:3000",
  mailUrl: "smtp://smtp.email",
  mongoUrl: "mongodb://chat-mongo:27017/rocketchat",
  mongoOplogUrl: "mongodb://chat-mongo:27017/local",
  rocketchatUrl: "chat-rocketchat:3000",
  zmachineUrl: "http://chat-zmachine:80",
  botPassword: "HughTheBot",
};

const chatGraph = () => synth(chatDevStack(StackConfig.from(CONFIG)));

describe("examples/chat", () => {
  it("synthesizes to the checked-in golden graph", () => {
    expectGolden(GOLDEN, canonicalJsonPretty(chatGraph()));
  });

  it("never carries the bot password, only a reference to it mounted as a file", () => {
    const g = chatGraph();
    expect(canonicalJsonPretty(g)).not.toContain("HughTheBot");
    const hubot = g.nodes.find((n) => n.id === "Chat/hubot")!.spec;
    expect(hubot).toMatchObject({
      secrets: [{ secret: "secret/botPassword", target: "rocketchat_password", mode: 0o400 }],
      env: { ROCKETCHAT_PASSWORD_FILE: { kind: "literal", value: "/run/secrets/rocketchat_password" } },
    });
    expect(hubot).not.toHaveProperty("env.ROCKETCHAT_PASSWORD");
  });

  it("keeps the compose file's start order as an acyclic chain from mongo to hubot", () => {
    const g = chatGraph();
    expect(g.edges.filter((e) => e.kind === "depends")).toEqual([
      { from: "Chat/hubot", to: "Chat/zmachine", kind: "depends", condition: "started" },
      { from: "Chat/mongo-init-replica", to: "Chat/mongo", kind: "depends", condition: "healthy" },
      { from: "Chat/rocketchat", to: "Chat/mongo-init-replica", kind: "depends", condition: "completed" },
      { from: "Chat/zmachine", to: "Chat/rocketchat", kind: "depends", condition: "started" },
    ]);
    expect(findCycles(g.edges)).toEqual([]);
  });

  it("puts every workload on the one private network and uses volumes, never host paths", () => {
    const workloads = chatGraph().nodes.filter((n) => ["service", "job"].includes(n.spec.kind));
    expect(workloads.map((n) => n.id)).toEqual(["Chat/hubot", "Chat/mongo", "Chat/mongo-init-replica", "Chat/rocketchat", "Chat/zmachine"]);
    for (const w of workloads) expect(w.spec).toMatchObject({ networks: ["Chat/botnet"], binds: [] });
  });

  it("publishes the chat server and the bot, and only exposes the game API", () => {
    const ports = Object.fromEntries(chatGraph().nodes.filter((n) => "ports" in n.spec).map((n) => [n.id, (n.spec as { ports: unknown }).ports]));
    expect(ports).toEqual({
      "Chat/hubot": [{ container: 8080, published: 3001, protocol: "tcp" }],
      "Chat/mongo": [{ container: 27017, protocol: "tcp" }],
      "Chat/mongo-init-replica": [],
      "Chat/rocketchat": [{ container: 3000, published: 3000, protocol: "tcp" }],
      "Chat/zmachine": [{ container: 80, protocol: "tcp" }],
    });
  });
});
