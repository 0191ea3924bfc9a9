/**
 * The Pulumi main of the prod stack (Pulumi.yaml `main: pulumi.ts`): `pulumi up` applies to the
 * cluster the same Kubernetes objects `berth up` applies, with the database password from the
 * stack's encrypted Pulumi config (`shop:dbPassword`). index.ts stays Pulumi-free, so `berth`
 * never loads the Pulumi SDK; Pulumi calls the default export and records its result as the
 * stack outputs (endpoints, and object names by kind).
 */
import { pulumiProgram } from "../../providers/pulumi-program.ts";
import stack from "./index.ts";

export default () => pulumiProgram(stack, { dir: import.meta.dirname });
