/**
 * The Pulumi main of the dev stack (Pulumi.yaml `main: pulumi.ts`): `pulumi up` deploys the same
 * target graph `berth up` deploys. index.ts stays Pulumi-free, so `berth` never loads the
 * Pulumi SDK; Pulumi calls the default export and records its result as the stack outputs.
 */
import { pulumiProgram } from "../../providers/pulumi-program.ts";
import stack from "./index.ts";

export default () => pulumiProgram(stack, { dir: import.meta.dirname });
