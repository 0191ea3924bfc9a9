import { resPidsLimit } from "../../../../sdk/policy/rules/res-pids-limit.ts";
import { describeResourceRule } from "../fixtures.ts";

describeResourceRule("res.pids-limit", resPidsLimit, { pids: 256 }, [
  "Job 'migrate' has no process limit.",
  "Container 'tool' has no process limit.",
  "Service 'web' has no process limit.",
]);
