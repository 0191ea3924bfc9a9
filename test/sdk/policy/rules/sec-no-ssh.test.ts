import { describe, expect, it } from "vitest";
import { secNoSsh } from "../../../../sdk/policy/rules/sec-no-ssh.ts";
import { graphWith, violations, workload } from "../fixtures.ts";

describe("sec.no-ssh", () => {
  it("passes a web server", () => {
    const g = graphWith([workload("Shop/web", { ports: [{ container: 8080, published: 8080, protocol: "tcp" }], command: ["serve", "--ssh-keys=off"] })]);
    expect(violations(secNoSsh, g)).toEqual([]);
  });

  it("fails port 22 published and port 22 exposed", () => {
    const g = graphWith([
      workload("Shop/bastion", { ports: [{ container: 2222, published: 22, protocol: "tcp" }] }),
      workload("Shop/box", { ports: [{ container: 22, protocol: "tcp" }] }),
    ]);
    expect(violations(secNoSsh, g).map(({ field, found, message }) => ({ field, found, message }))).toEqual([
      { field: "ports[0].published", found: "22", message: "Service 'bastion' publishes the SSH port 22." },
      { field: "ports[0].container", found: "22", message: "Service 'box' exposes the SSH port 22." },
    ]);
  });

  it("fails a command that starts sshd through a shell", () => {
    const g = graphWith([workload("Shop/box", { command: ["sh", "-c", "/usr/sbin/sshd -D & exec app"] })]);
    expect(violations(secNoSsh, g).map(({ field, found, message }) => ({ field, found, message }))).toEqual([
      { field: "command", found: '["sh","-c","/usr/sbin/sshd -D & exec app"]', message: "Service 'box' runs an SSH daemon." },
    ]);
  });
});
