import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { expect } from "vitest";

/**
 * Compares `actual` with the checked-in golden file, byte for byte. With UPDATE_GOLDEN=1 it
 * writes the file instead (review the diff before committing it).
 */
export function expectGolden(file: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === "1") {
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`golden file ${file} is missing; run UPDATE_GOLDEN=1 npx vitest run test/examples`);
  expect(actual).toBe(readFileSync(file, "utf8"));
}
