/**
 * The web fixture (fixtures/web) as the engine tests use it: lowered for the engine with given
 * config values, and the exact objects it leaves on the host once up.
 */
import { join } from "node:path";
import { expect } from "vitest";
import { type Image, StackConfig, synth } from "../../../sdk/index.ts";
import { lowerForEngine } from "../../../providers/docker/engine/engine.ts";
import type { SecretSources } from "../../../providers/shared/secret-values.ts";
import type { DockerGraph } from "../../../providers/docker/target.ts";
import { build } from "./fixtures/web/index.ts";
import { named, owned } from "../../support/docker.ts";

/** The fixture's stack directory (its default export is the program the CLI runs). */
export const FIXTURE = join(import.meta.dirname, "fixtures/web");

/** The fixture stack lowered for the engine, with the config and sources `up` reads. */
export interface WebEngineStack {
  readonly config: StackConfig;
  readonly graph: DockerGraph;
  readonly sources: SecretSources;
}

/** The fixture stack `stack` with config `values` (token, greeting, port), lowered for the engine. */
export function webEngineStack(stack: string, values: Readonly<Record<string, string>>, webImage?: Image): WebEngineStack {
  const config = StackConfig.from(values);
  const graph = lowerForEngine(synth(build(stack, { config, ...(webImage ? { webImage } : {}) })), FIXTURE);
  return { config, graph, sources: { config: (k: string) => config.get(k), stackDir: FIXTURE, env: {} } };
}

/** The containers, network and volume the fixture stack owns once up, sorted as {@link owned} lists them. */
export function webObjects(stack: string): { containers: string[]; networks: string[]; volumes: string[] } {
  return {
    containers: [`${stack}-init-1`, `${stack}-web-1`, `${stack}-worker-1`],
    networks: [`${stack}-net`],
    volumes: [`${stack}-data`],
  };
}

/** Asserts the stack holds exactly the fixture's objects: all owned, none duplicated, none unowned. */
export async function expectWebConverged(stack: string): Promise<void> {
  expect(await owned(stack)).toEqual(webObjects(stack));
  expect(await named(stack)).toEqual(webObjects(stack));
}
