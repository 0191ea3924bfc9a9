import type { z } from "zod";
import { composePath, importError, type ComposeLocation } from "./errors.ts";
import { ProjectSchema, type ComposeProject } from "./schema.ts";

/** Finds the location of a compose path in whichever file last wrote it. */
export type Locate = (path: readonly (string | number)[]) => ComposeLocation;

/**
 * Checks the merged project: the structural schema first (types and names), then what a
 * schema cannot say: every `depends_on` names a service, there is no dependency cycle, and
 * every network, volume, secret and config a service uses is declared.
 */
export function validateProject(data: Record<string, unknown>, locate: Locate): ComposeProject {
  if (data.services === undefined) {
    throw importError({ code: "import.schema", message: "The project has no services: key.", fix: "Add `services:` with at least one service." }, locate([]));
  }
  const parsed = ProjectSchema.safeParse(data);
  if (!parsed.success) throw schemaError(parsed.error.issues[0]!, data, locate);
  const project = parsed.data;
  const names = new Set(Object.keys(project.services));
  for (const [name, svc] of Object.entries(project.services)) {
    const deps = Array.isArray(svc.depends_on) ? svc.depends_on : Object.keys(svc.depends_on ?? {});
    deps.forEach((dep, i) => {
      if (names.has(dep)) return;
      const at = Array.isArray(svc.depends_on) ? ["services", name, "depends_on", i] : ["services", name, "depends_on", dep];
      throw importError(
        { code: "import.depends-on", message: `Service ${name} depends on ${dep}, which is not a service of this project.`, fix: `Define a service ${dep}, or remove it from depends_on (services: ${[...names].sort().join(", ")}).`, found: JSON.stringify(dep) },
        locate(at),
      );
    });
    if (svc.image === undefined && svc.build === undefined) {
      throw importError({ code: "import.schema", message: `Service ${name} has neither image nor build.`, fix: "Give it an image: or a build: context." }, locate(["services", name]));
    }
    checkDeclared(name, "networks", Array.isArray(svc.networks) ? svc.networks : Object.keys(svc.networks ?? {}), project.networks, locate, ["default"]);
    checkDeclared(name, "secrets", (svc.secrets ?? []).map((s) => (typeof s === "string" ? s : s.source)), project.secrets, locate);
    checkDeclared(name, "configs", (svc.configs ?? []).map((s) => (typeof s === "string" ? s : s.source)), project.configs, locate);
  }
  const cycle = findCycle(project);
  if (cycle) {
    throw importError(
      { code: "import.cycle", message: `depends_on forms a cycle: ${cycle.join(" → ")}.`, fix: "Remove one of these dependencies; a service cannot wait for itself." },
      locate(["services", cycle[0]!, "depends_on"]),
    );
  }
  return project;
}

function checkDeclared(service: string, kind: "networks" | "secrets" | "configs", used: readonly string[], declared: Record<string, unknown> | undefined, locate: Locate, implicit: readonly string[] = []): void {
  used.forEach((n, i) => {
    if (implicit.includes(n) || (declared && n in declared)) return;
    throw importError(
      { code: `import.undeclared-${kind.slice(0, -1)}`, message: `Service ${service} uses ${kind.slice(0, -1)} ${n}, which the top-level ${kind}: does not declare.`, fix: `Declare it under the top-level ${kind}: key.`, found: JSON.stringify(n) },
      locate(["services", service, kind, i]),
    );
  });
}

/** The first dependency cycle, as service names with the first repeated at the end. */
function findCycle(project: ComposeProject): string[] | undefined {
  const deps = (n: string) => {
    const d = project.services[n]?.depends_on;
    return Array.isArray(d) ? d : Object.keys(d ?? {});
  };
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === "done") return undefined;
    if (state.get(n) === "open") return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, "open");
    stack.push(n);
    for (const d of deps(n)) {
      const c = visit(d);
      if (c) return c;
    }
    stack.pop();
    state.set(n, "done");
    return undefined;
  };
  for (const n of Object.keys(project.services).sort()) {
    const c = visit(n);
    if (c) return c;
  }
  return undefined;
}

function schemaError(issue: z.core.$ZodIssue, data: Record<string, unknown>, locate: Locate): Error {
  const path = issue.path.map((p) => (typeof p === "number" ? p : String(p)));
  const found = valueAt(data, path);
  const where = composePath(path);
  const expected = issue.code === "invalid_type" ? `must be ${issue.expected === "array" ? "a list" : issue.expected === "object" ? "a mapping" : `a ${issue.expected}`}` : issue.message.replace(/^Invalid input/, "is not valid");
  return importError(
    { code: "import.schema", message: `${where} ${expected}.`, fix: "Write it as the compose specification describes it (`docker-compose -f <file> config` checks it too).", found: JSON.stringify(found) ?? "undefined" },
    locate(path),
  );
}

function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k as string] : undefined), data);
}
