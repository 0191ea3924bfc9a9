import { describe, expect, it } from "vitest";
import { DEFAULTABLE_FEATURES, FEATURES, SUPPORTS, type Feature } from "../../../sdk/core/features.ts";
import { CAPABILITIES, TARGETS, capability } from "../../support/portability.ts";

describe("capability table", () => {
  it("covers every feature for every target with a support level and a one-line note", () => {
    expect(TARGETS).toEqual(["docker-host", "swarm", "fargate", "kubernetes"]);
    expect(Object.keys(CAPABILITIES).sort()).toEqual([...TARGETS].sort());
    for (const target of TARGETS) {
      expect(Object.keys(CAPABILITIES[target]).sort()).toEqual([...FEATURES].sort());
      for (const feature of FEATURES) {
        const c = capability(target, feature);
        expect(SUPPORTS).toContain(c.support);
        expect(c.note.length).toBeGreaterThan(3);
        expect(c.note).not.toContain("\n");
      }
    }
  });

  it("says what Berth's default becomes wherever a target cannot honour a feature Berth fills by default, and nowhere else", () => {
    const defaultable: readonly Feature[] = DEFAULTABLE_FEATURES;
    const notes: string[] = [];
    for (const target of TARGETS) {
      for (const feature of FEATURES) {
        const c = capability(target, feature);
        const needed = defaultable.includes(feature) && (c.support === "degraded" || c.support === "unsupported");
        expect({ target, feature, asDefault: c.asDefault !== undefined }).toEqual({ target, feature, asDefault: needed });
        if (c.asDefault !== undefined) notes.push(`${target} ${feature}: ${c.asDefault}`);
      }
    }
    expect(notes).toEqual([
      "docker-host update: replicas are replaced (removed, then recreated) and waited for until healthy; Berth's default rolling update and rollback do not apply",
      "swarm hardening.noNewPrivileges: not settable per service: left to the daemon (dockerd --no-new-privileges on every node); Berth's default is not applied",
      "fargate hardening.noNewPrivileges: Fargate's own runtime defaults (dockerSecurityOptions is not valid on Fargate); Berth's default is not applied",
    ]);
  });

  it("marks privileged, host namespaces and devices unsupported on swarm", () => {
    expect(capability("swarm", "privileged").support).toBe("unsupported");
    expect(capability("swarm", "hostPidIpc").support).toBe("unsupported");
    expect(capability("swarm", "devices").support).toBe("unsupported");
  });

  it("emulates dependsOn on swarm and Kubernetes by waiting for convergence", () => {
    expect(capability("swarm", "dependsOn.healthy")).toEqual({
      support: "emulated",
      note: "wait for convergence of the dependency (tasks healthy) before creating the service",
    });
    for (const f of ["dependsOn.started", "dependsOn.healthy", "dependsOn.completed"] as const) {
      expect(capability("kubernetes", f).support).toBe("emulated");
      expect(capability("docker-host", f).support).toBe("honoured");
    }
  });

  it("degrades no-new-privileges on swarm (daemon-wide only) and added capabilities on Fargate", () => {
    expect(capability("swarm", "hardening.noNewPrivileges").support).toBe("degraded");
    expect(capability("fargate", "hardening.capabilities.add")).toEqual({ support: "degraded", note: "only SYS_PTRACE can be added on Fargate" });
    expect(capability("fargate", "hardening.capabilities").support).toBe("honoured");
  });

  it("rejects host features on Fargate and degrades binds to hostPath on Kubernetes", () => {
    for (const f of ["hostNetwork", "privileged", "devices", "binds"] as const) expect(capability("fargate", f).support).toBe("unsupported");
    expect(capability("kubernetes", "binds")).toEqual({ support: "degraded", note: "hostPath volume on whichever node runs the pod" });
    expect(capability("docker-host", "update").support).toBe("degraded");
  });
});
