import { describe, expect, it } from "vitest";
import { FEATURES, SUPPORTS } from "../../../sdk/core/features.ts";
import { CAPABILITIES, TARGETS, capability } from "../../../sdk/portability/capabilities.ts";

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
