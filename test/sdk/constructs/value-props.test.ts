import { afterEach, describe, expect, it } from "vitest";
import { DockerHost, Duration, Image, Job, Service, Size, Stack, StackConfig } from "../../../sdk/index.ts";
import { catchBerthError } from "../../support/berth-error.ts";

const newStack = () => new Stack("app", { environment: "dev", target: new DockerHost(), config: StackConfig.from({}) });
const image = Image.fromRegistry("nginx:1.27");
const sizeName = Object.getOwnPropertyDescriptor(Size, "name")!;

describe("props that take a value class", () => {
  afterEach(() => void Object.defineProperty(Size, "name", sizeName));

  it("says how to make a Size when resources.memory is a number", () => {
    const e = catchBerthError(() => new Service(newStack(), "api", { image, resources: { memory: 64 as unknown as Size } }));
    expect(e.message).toMatchInlineSnapshot(`
      "✖ [props.invalid] Service 'api': resources.memory must be a Size, e.g. Size.mebibytes(64).
        → at app/api  (field: resources.memory, found: 64)
        Fix: Give a Size, e.g. Size.mebibytes(64)."
    `);
  });

  it("says how to make a Duration when stopGracePeriod is a string", () => {
    const e = catchBerthError(() => new Service(newStack(), "api", { image, stopGracePeriod: "30s" as unknown as Duration }));
    expect(e.message).toMatchInlineSnapshot(`
      "✖ [props.invalid] Service 'api': stopGracePeriod must be a Duration, e.g. Duration.seconds(30).
        → at app/api  (field: stopGracePeriod, found: "30s")
        Fix: Give a Duration, e.g. Duration.seconds(30)."
    `);
  });

  it("words a Job's deadline the same way", () => {
    const e = catchBerthError(() => new Job(newStack(), "migrate", { image, deadline: 600 as unknown as Duration }));
    expect(e.issues.map((i) => [i.field, i.message, i.fix])).toEqual([
      ["deadline", "Job 'migrate': deadline must be a Duration, e.g. Duration.seconds(30).", "Give a Duration, e.g. Duration.seconds(30)."],
    ]);
  });

  it("never shows the class name, which a bundler renames (_Size)", () => {
    Object.defineProperty(Size, "name", { value: "_Size" });
    const e = catchBerthError(() => new Service(newStack(), "api", { image, logging: { maxSize: "10m" as unknown as Size } }));
    expect(e.issues.map((i) => i.message)).toEqual(["Service 'api': logging.maxSize must be a Size, e.g. Size.mebibytes(64)."]);
    expect(e.message).not.toContain("_Size");
  });

  it("names the construct a network list needs", () => {
    const e = catchBerthError(() => new Service(newStack(), "api", { image, networks: ["backend" as never] }));
    expect(e.issues.map((i) => [i.field, i.message, i.fix])).toEqual([["networks.0", "Service 'api': networks.0 must be a Network construct.", "Give a Network construct."]]);
  });
});
