import type { Reporter, TestModule } from "vitest/node";

/**
 * Prints one plain closing line, `N passed, N failed, N skipped`, that CI systems read.
 * A test file that fails to load counts as one failure, and so does a file whose hook failed
 * while none of its tests did (vitest then reports those tests skipped: a `beforeAll` that
 * finds no Docker engine must read as a failure, never as a skip).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of testModules) {
      const tests = [...m.children.allTests()];
      const states = tests.map((t) => t.result().state);
      if (m.state() === "failed" && !states.includes("failed")) failed++;
      for (const state of states) {
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else skipped++;
      }
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
