import { describe, expect, it } from "vitest";
import { DockerHost, Duration, Image, Job, Service, Stack, StackConfig, synth } from "../../../sdk/index.ts";
import { catchBerthError } from "../../support/berth-error.ts";

const newStack = () => new Stack("app", { environment: "dev", target: new DockerHost(), config: StackConfig.from({}) });

describe("Job", () => {
  it("runs to completion with three bounded retries and no update settings by default", () => {
    const stack = newStack();
    new Job(stack, "migrate", { image: Image.fromRegistry("busybox:1.36"), command: ["migrate"] });
    const spec = synth(stack).nodes.find((n) => n.id === "migrate")!.spec;
    expect(spec).toMatchObject({ kind: "job", replicas: 1, restart: { policy: "on-failure", maxAttempts: 3 }, job: {} });
    expect(spec).not.toHaveProperty("update");
    expect(spec).not.toHaveProperty("rollback");
    expect(spec).toMatchObject({ defaults: ["capabilities.drop", "init", "logging", "noNewPrivileges", "readOnlyRootFilesystem", "restart"] });
  });

  it("stores the deadline in ms and the retries both on the job and as the restart bound", () => {
    const stack = newStack();
    new Job(stack, "migrate", { image: Image.fromRegistry("busybox:1.36"), deadline: Duration.minutes(5), retries: 2 });
    expect(synth(stack).nodes.find((n) => n.id === "migrate")!.spec).toMatchObject({
      job: { deadlineMs: 300_000, retries: 2 },
      restart: { policy: "on-failure", maxAttempts: 2 },
    });
  });

  it("counts a restart bound derived from the program's retries as the program's, not a default", () => {
    const stack = newStack();
    new Job(stack, "migrate", { image: Image.fromRegistry("busybox:1.36"), retries: 2 });
    expect(synth(stack).nodes.find((n) => n.id === "migrate")!.spec).toMatchObject({ defaults: ["capabilities.drop", "init", "logging", "noNewPrivileges", "readOnlyRootFilesystem"] });
  });

  it("takes its retries from restart onFailure when retries is not given", () => {
    const stack = newStack();
    new Job(stack, "migrate", { image: Image.fromRegistry("busybox:1.36"), restart: { onFailure: 7 } });
    expect(synth(stack).nodes.find((n) => n.id === "migrate")!.spec).toMatchObject({ job: { retries: 7 }, restart: { policy: "on-failure", maxAttempts: 7 } });
  });

  it("lets a service wait for its completion", () => {
    const stack = newStack();
    const image = Image.fromBuild({ context: "./web" });
    const migrate = new Job(stack, "migrate", { image, command: ["migrate"] });
    new Service(stack, "web", { image, dependsOn: [{ on: migrate, condition: "completed" }] });
    const g = synth(stack);
    expect(g.edges).toContainEqual({ from: "web", to: "migrate", kind: "depends", condition: "completed" });
    // One image value shared by both workloads is one node.
    expect(g.nodes.filter((n) => n.spec.kind === "image").map((n) => n.id)).toEqual(["image/web"]);
  });

  it("fails a zero deadline, which no platform accepts", () => {
    const e = catchBerthError(() => new Job(newStack(), "migrate", { image: Image.fromRegistry("busybox:1.36"), deadline: Duration.seconds(0) }));
    expect(e.issues[0]).toMatchObject({ code: "props.invalid", path: "app/migrate", field: "deadline", message: "Job 'migrate': deadline must be more than zero." });
  });

  it("fails unbounded or fractional retries", () => {
    const e = catchBerthError(() => new Job(newStack(), "migrate", { image: Image.fromRegistry("busybox:1.36"), retries: 1.5 }));
    expect(e.issues[0]).toMatchObject({ code: "props.invalid", field: "retries" });
    expect(catchBerthError(() => new Job(newStack(), "m", { image: Image.fromRegistry("busybox:1.36"), retries: 1000 })).issues[0]!.fix).toBe("Give a value of at most 100.");
  });
});
