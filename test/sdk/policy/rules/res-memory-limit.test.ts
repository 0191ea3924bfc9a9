import { resMemoryLimit } from "../../../../sdk/policy/rules/res-memory-limit.ts";
import { describeResourceRule } from "../fixtures.ts";

describeResourceRule("res.memory-limit", resMemoryLimit, { memoryBytes: 536870912 }, [
  "Job 'migrate' has no memory limit.",
  "Container 'tool' has no memory limit.",
  "Service 'web' has no memory limit.",
]);
