import { describe, expect, it } from "vitest";
import { DockerHost, Network, Stack, StackConfig, synth } from "../../../sdk/index.ts";
import { catchBerthError } from "../../support/berth-error.ts";

const newStack = () => new Stack("app", { environment: "dev", target: new DockerHost(), config: StackConfig.from({}) });

describe("Network", () => {
  it("synthesizes a routable network without labels by default", () => {
    const stack = newStack();
    new Network(stack, "backend");
    expect(synth(stack).nodes).toEqual([
      {
        id: "backend",
        path: "app/backend",
        name: "backend",
        construct: "Network",
        hash: "d4d7663239f8a378bc78922069258c076535f6079caf06b2a7882760dbd4f4fd",
        spec: { kind: "network", internal: false, labels: {} },
      },
    ]);
  });

  it("keeps internal and labels", () => {
    const stack = newStack();
    new Network(stack, "private", { internal: true, labels: { tier: "data" } });
    expect(synth(stack).nodes[0]!.spec).toEqual({ kind: "network", internal: true, labels: { tier: "data" } });
  });

  it("fails a non-boolean internal with props.invalid naming the construct path and field", () => {
    const e = catchBerthError(() => new Network(newStack(), "n", { internal: "yes" as unknown as boolean }));
    expect(e.issues).toEqual([
      {
        code: "props.invalid",
        path: "app/n",
        field: "internal",
        found: '"yes"',
        message: "Network 'n': internal expected boolean, received string.",
        fix: "Give a value of type boolean.",
      },
    ]);
  });

  it("fails an unknown prop naming the key as the field", () => {
    const e = catchBerthError(() => new Network(newStack(), "n", { driver: "overlay" } as never));
    expect(e.issues).toEqual([
      { code: "props.invalid", path: "app/n", field: "driver", found: '"overlay"', message: "Network 'n': driver is not a known prop.", fix: 'Remove "driver"; see the props\' TSDoc for what is accepted.' },
    ]);
  });
});
