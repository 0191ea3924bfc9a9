import { resCpuLimit } from "../../../../sdk/policy/rules/res-cpu-limit.ts";
import { describeResourceRule } from "../fixtures.ts";

describeResourceRule("res.cpu-limit", resCpuLimit, { cpu: 0.5 }, [
  "Job 'migrate' has no CPU limit.",
  "Container 'tool' has no CPU limit.",
  "Service 'web' has no CPU limit.",
]);
