/**
 * The Pulumi main of the AWS stack (Pulumi.yaml `main: pulumi.ts`): `pulumi up` creates the
 * objects the Fargate lowering describes with @pulumi/aws, the same ones `berth export --format
 * ecs` writes out. index.ts stays Pulumi-free, so `berth` never loads the Pulumi SDK.
 */
import { pulumiProgram } from "../../providers/pulumi-program.ts";
import stack from "./index.ts";

export default () => pulumiProgram(stack, { dir: import.meta.dirname });
