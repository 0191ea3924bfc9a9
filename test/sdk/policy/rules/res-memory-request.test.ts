import { resMemoryRequest } from "../../../../sdk/policy/rules/res-memory-request.ts";
import { describeResourceRule } from "../fixtures.ts";

describeResourceRule("res.memory-request", resMemoryRequest, { memoryReservationBytes: 268435456 }, [
  "Job 'migrate' has no memory reservation.",
  "Container 'tool' has no memory reservation.",
  "Service 'web' has no memory reservation.",
]);
