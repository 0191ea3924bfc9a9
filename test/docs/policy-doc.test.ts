import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { POLICY_DOC_PATH, renderPolicyDoc } from "../../scripts/policy-doc.ts";
import { BUILTIN_RULES } from "../../sdk/policy/registry.ts";
import { DOCKER_TARGET_RULES } from "../../providers/docker/rules.ts";

const committed = readFileSync(resolve(import.meta.dirname, "../..", POLICY_DOC_PATH), "utf8");

describe("docs/policy.md", () => {
  it("is exactly what `npm run docs:policy` generates from the rule registry", () => {
    // On failure: run `npm run docs:policy` and commit docs/policy.md.
    expect(committed).toBe(renderPolicyDoc());
  });

  it("lists every registered rule once, target rules included", () => {
    for (const rule of [...BUILTIN_RULES, ...DOCKER_TARGET_RULES]) {
      expect(committed.split("\n").filter((l) => l.startsWith(`| \`${rule.id}\` |`)), rule.id).toHaveLength(1);
    }
  });

  it("marks the Docker host's res.fits-host as a target rule with the fact it needs", () => {
    expect(committed).toContain(
      "| `res.fits-host` | A container's CPU limit fits the Docker engine's CPUs | error | error | D | Docker host target rule: the lowered graph, and the Docker engine's CPU count |",
    );
  });

  it("explains itself without pointing at documents outside the repository", () => {
    expect(committed).not.toMatch(/DESIGN\.md|POLICY\.md|§/);
  });
});
