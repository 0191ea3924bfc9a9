import { chatDevStack } from "../stack.ts";

/** `berth synth examples/chat/dev`: config from Pulumi.dev.yaml next to this file. */
export default chatDevStack();
