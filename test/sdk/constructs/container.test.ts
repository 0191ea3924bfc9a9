import { describe, expect, it } from "vitest";
import { Container, DockerHost, Image, Stack, StackConfig, synth } from "../../../sdk/index.ts";
import { catchBerthError } from "../../support/berth-error.ts";

const newStack = () => new Stack("app", { environment: "dev", target: new DockerHost(), config: StackConfig.from({}) });

describe("Container", () => {
  it("synthesizes one un-replicated, restarting container with rolling-update settings", () => {
    const stack = newStack();
    new Container(stack, "admin", { image: Image.fromRegistry("busybox:1.36"), command: ["sleep", "infinity"] });
    const node = synth(stack).nodes.find((n) => n.id === "admin")!;
    expect(node.construct).toBe("Container");
    expect(node.spec).toMatchObject({ kind: "container", command: ["sleep", "infinity"], replicas: 1, restart: { policy: "unless-stopped" } });
    expect(node.spec).toHaveProperty("update");
    expect(node.spec).not.toHaveProperty("job");
  });

  it("does not accept replicas, because a Container is exactly one", () => {
    const e = catchBerthError(() => new Container(newStack(), "admin", { image: Image.fromRegistry("busybox:1.36"), replicas: 2 } as never));
    expect(e.issues).toEqual([
      { code: "props.invalid", path: "app/admin", field: "replicas", found: "2", message: "Container 'admin': replicas is not a known prop.", fix: 'Remove "replicas"; see the props\' TSDoc for what is accepted.' },
    ]);
  });

  it("fails without an image, asking for an Image", () => {
    const e = catchBerthError(() => new Container(newStack(), "admin", {} as never));
    expect(e.issues[0]).toMatchObject({ code: "props.invalid", path: "app/admin", field: "image", message: "Container 'admin': image must be an Image (Image.fromRegistry or Image.fromBuild)." });
  });
});
