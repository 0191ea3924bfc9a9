import { describe, expect, it } from "vitest";
import { DockerHost, Size, Stack, StackConfig, Volume, synth } from "../../../sdk/index.ts";
import { catchBerthError } from "../../support/berth-error.ts";

const newStack = () => new Stack("app", { environment: "dev", target: new DockerHost(), config: StackConfig.from({}) });

describe("Volume", () => {
  it("synthesizes a single-writer volume without a size by default", () => {
    const stack = newStack();
    new Volume(stack, "data");
    expect(synth(stack).nodes[0]).toMatchObject({ id: "data", construct: "Volume", spec: { kind: "volume", shared: false, labels: {} } });
    expect(synth(stack).nodes[0]!.spec).not.toHaveProperty("sizeBytes");
  });

  it("stores the size in bytes and the shared flag", () => {
    const stack = newStack();
    new Volume(stack, "data", { size: Size.gibibytes(10), shared: true, labels: { backup: "daily" } });
    expect(synth(stack).nodes[0]!.spec).toEqual({ kind: "volume", sizeBytes: 10_737_418_240, shared: true, labels: { backup: "daily" } });
  });

  it("fails a size given as a bare number, asking for a Size", () => {
    const e = catchBerthError(() => new Volume(newStack(), "data", { size: 10 as unknown as Size }));
    expect(e.issues[0]).toMatchObject({ code: "props.invalid", path: "app/data", field: "size", found: "10", message: "Volume 'data': size must be a Size, e.g. Size.mebibytes(64).", fix: "Give a Size, e.g. Size.mebibytes(64)." });
  });

  it("fails a zero size instead of dropping it silently", () => {
    const e = catchBerthError(() => new Volume(newStack(), "data", { size: Size.bytes(0) }));
    expect(e.issues[0]).toMatchObject({ code: "props.invalid", field: "size", message: "Volume 'data': size must be more than zero." });
  });
});
