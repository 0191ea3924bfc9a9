import { describe, expect, it } from "vitest";
import { Image, formatImageRef, parseImageRef } from "../../../sdk/constructs/image.ts";
import { catchBerthError } from "../../support/berth-error.ts";

const DIGEST = `sha256:${"a".repeat(64)}`;

describe("parseImageRef", () => {
  it.each([
    ["postgres", { registry: "docker.io", repository: "library/postgres" }],
    ["postgres:16.4", { registry: "docker.io", repository: "library/postgres", tag: "16.4" }],
    ["spkane/mongo:3.2", { registry: "docker.io", repository: "spkane/mongo", tag: "3.2" }],
    ["docker.io/library/postgres:16.4", { registry: "docker.io", repository: "library/postgres", tag: "16.4" }],
    ["docker.io/postgres", { registry: "docker.io", repository: "library/postgres" }],
    ["ghcr.io/acme/api/worker:v1.2.3", { registry: "ghcr.io", repository: "acme/api/worker", tag: "v1.2.3" }],
    ["127.0.0.1:5000/shop/web:abc", { registry: "127.0.0.1:5000", repository: "shop/web", tag: "abc" }],
    ["registry.example.com:8443/team/app", { registry: "registry.example.com:8443", repository: "team/app" }],
    ["localhost/app:dev", { registry: "localhost", repository: "app", tag: "dev" }],
    ["localhost:5000/app", { registry: "localhost:5000", repository: "app" }],
    [`postgres@${DIGEST}`, { registry: "docker.io", repository: "library/postgres", digest: DIGEST }],
    [`postgres:16.4@${DIGEST}`, { registry: "docker.io", repository: "library/postgres", tag: "16.4", digest: DIGEST }],
    [`localhost:5000/app:1@${DIGEST}`, { registry: "localhost:5000", repository: "app", tag: "1", digest: DIGEST }],
    ["my_org/my-app__x.y:1.0_rc-2", { registry: "docker.io", repository: "my_org/my-app__x.y", tag: "1.0_rc-2" }],
  ])("parses %j the way Docker normalises it", (reference, ref) => {
    expect(parseImageRef(reference)).toEqual(ref);
  });

  it("formats a parsed reference back to its canonical string", () => {
    expect(formatImageRef(parseImageRef("postgres:16.4"))).toBe("docker.io/library/postgres:16.4");
    expect(formatImageRef(parseImageRef(`localhost:5000/app@${DIGEST}`))).toBe(`localhost:5000/app@${DIGEST}`);
  });

  it.each([
    ["", "it is empty"],
    ["Postgres:16", "the repository must be lowercase letters, digits and separators"],
    ["postgres:", 'tag "" has characters a tag cannot have'],
    ["postgres:16 4", 'tag "16 4" has characters a tag cannot have'],
    ["postgres:.hidden", 'tag ".hidden" has characters a tag cannot have'],
    ["postgres@sha256:abc", 'digest "sha256:abc" is not sha256:<64 lowercase hex>'],
    [`postgres@md5:${"a".repeat(32)}`, `digest "md5:${"a".repeat(32)}" is not sha256:<64 lowercase hex>`],
    ["library//postgres", "the repository must be lowercase letters, digits and separators"],
    ["-postgres", "the repository must be lowercase letters, digits and separators"],
    ["ghcr.io/", "the repository must be lowercase letters, digits and separators"],
  ])("rejects %j with an image.reference error saying what is wrong and how to write it", (reference, why) => {
    const e = catchBerthError(() => parseImageRef(reference));
    expect(e.issues).toEqual([
      {
        code: "image.reference",
        path: "Image.fromRegistry",
        field: "image",
        found: JSON.stringify(reference),
        message: `Image reference ${JSON.stringify(reference)} is not valid: ${why}.`,
        fix: 'Write [registry/]repository[:tag][@sha256:<digest>], e.g. "postgres:16.4".',
      },
    ]);
  });

  it("rejects a value that is not a string without crashing", () => {
    expect(catchBerthError(() => parseImageRef(42 as unknown as string)).code).toBe("image.reference");
  });
});

describe("Image", () => {
  it("keeps the reference as written and marks an inline digest as the pin", () => {
    expect(Image.fromRegistry("postgres:16.4").source).toEqual({
      kind: "registry",
      reference: "postgres:16.4",
      ref: { registry: "docker.io", repository: "library/postgres", tag: "16.4" },
    });
    expect(Image.fromRegistry(`postgres@${DIGEST}`).source).toMatchObject({ pinnedBy: "inline" });
  });

  it("names a registry image after its last path segment and tag", () => {
    expect(Image.fromRegistry("rocketchat/rocket.chat:0.61.0").name).toBe("rocket.chat-0.61.0");
    expect(Image.fromRegistry(`postgres@${DIGEST}`).name).toBe("postgres");
  });

  it("fills the defaults of a build and names it after the context and stage", () => {
    const img = Image.fromBuild({ context: "./web/", target: "runtime", args: { NODE_ENV: "production" } });
    expect(img.source).toEqual({ kind: "build", context: "./web/", dockerfile: "Dockerfile", args: { NODE_ENV: "production" }, target: "runtime" });
    expect(img.name).toBe("web-runtime");
    expect(Image.fromBuild({ context: ".", repository: "127.0.0.1:5000/shop/app" }).name).toBe("app");
  });

  it("fails a build without a context with image.build naming the field", () => {
    const e = catchBerthError(() => Image.fromBuild({ context: "" }));
    expect(e.issues).toEqual([
      { code: "image.build", path: "Image.fromBuild", field: "context", found: '""', message: "A build needs a context directory.", fix: 'Image.fromBuild({ context: "./web" })' },
    ]);
  });
});
