import { Document } from "yaml";
import type { ConfigEntry } from "./map-context.ts";

/**
 * `Pulumi.yaml` and `Pulumi.<env>.yaml`: the project, and each config key the program reads
 * with the value the compose project had, and a comment saying where it came from.
 */
export function emitConfig(project: string, environment: string, entries: readonly ConfigEntry[]): { project: string; stack: string } {
  const sorted = [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const doc = new Document({ config: Object.fromEntries(sorted.map((e) => [`${project}:${e.key}`, e.value])) });
  const map = doc.get("config", true) as { items: { key: { commentBefore?: string }; value: unknown }[] } | undefined;
  sorted.forEach((e, i) => {
    const item = map?.items[i];
    if (item) item.key.commentBefore = ` ${e.origin}${e.secret ? " — SECRET: keep out of version control; prefer `pulumi config set --secret` or BERTH_CONFIG_*" : ""}`;
  });
  doc.commentBefore = ` Config of stack '${project}' (${environment}), written by \`berth import\`: the values the compose project interpolated or held.`;
  return {
    project: `name: ${project}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\ndescription: Imported from compose by \`berth import\`.\n`,
    stack: sorted.length ? doc.toString({ lineWidth: 0 }) : `# Config of stack '${project}' (${environment}): the compose project read no variables.\nconfig: {}\n`,
  };
}
