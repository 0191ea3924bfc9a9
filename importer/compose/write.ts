import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { importError } from "./errors.ts";
import type { ImportResult } from "./pipeline.ts";

/**
 * Writes an import's files. An existing program is not overwritten unless asked: an import
 * is a starting point people edit, and a second run must not lose their edits.
 */
export function writeImport(outDir: string, result: ImportResult, overwrite = false): string[] {
  const dir = resolve(outDir);
  if (!overwrite && existsSync(join(dir, "index.ts"))) {
    throw importError({ code: "import.exists", message: `${join(dir, "index.ts")} already exists.`, fix: "Pass another --out directory, or --force to overwrite it." }, { file: join(dir, "index.ts"), composePath: "(output)" });
  }
  mkdirSync(dir, { recursive: true });
  return Object.entries(result.files).map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  });
}
