import { resCpuRequest } from "../../../../sdk/policy/rules/res-cpu-request.ts";
import { describeResourceRule } from "../fixtures.ts";

describeResourceRule("res.cpu-request", resCpuRequest, { cpuReservation: 0.25 }, [
  "Job 'migrate' has no CPU reservation.",
  "Container 'tool' has no CPU reservation.",
  "Service 'web' has no CPU reservation.",
]);
