import { existsSync, readFileSync } from "node:fs";
import { importError } from "./errors.ts";

/**
 * Parses a `.env` file the way compose does: `KEY=value` lines, `#` comments, optional
 * `export `, single quotes literal, double quotes with `\n` escapes, unquoted values trimmed
 * and cut at ` #`.
 */
export function parseEnvFile(text: string, file: string): Record<string, string> {
  const vars: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(?:=\s*(.*))?$/.exec(line);
    if (!m) {
      throw importError(
        { code: "import.env-file", message: `Line ${i + 1} of ${file} is not KEY=value.`, fix: "Write one KEY=value per line; quote values with spaces.", found: JSON.stringify(raw) },
        { file, line: i + 1, composePath: "(env file)" },
      );
    }
    const value = m[2] ?? "";
    vars[m[1]!] = unquote(value);
  });
  return vars;
}

function unquote(value: string): string {
  if (/^'.*'$/.test(value)) return value.slice(1, -1);
  if (/^".*"$/.test(value)) return value.slice(1, -1).replace(/\\n/g, "\n").replace(/\\"/g, '"');
  return value.replace(/\s+#.*$/, "").trim();
}

/** Reads an env file if it exists (a project's `.env` is optional). */
export function readEnvFile(file: string, required: boolean): Record<string, string> {
  if (!existsSync(file)) {
    if (!required) return {};
    throw importError({ code: "import.env-file", message: `Env file ${file} does not exist.`, fix: "Pass an existing file to --env-file, or leave the option out to read .env." }, { file, composePath: "(env file)" });
  }
  return parseEnvFile(readFileSync(file, "utf8"), file);
}
