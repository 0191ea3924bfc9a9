/** Supply chain rules: image references and build contexts. */
import type { Rule } from "../types.ts";
import { buildBasePinned } from "./build-base-pinned.ts";
import { buildNoBakedConfig } from "./build-no-baked-config.ts";
import { imageDigestPinned } from "./image-digest-pinned.ts";
import { imageLockFresh } from "./image-lock-fresh.ts";
import { imageNoLatest } from "./image-no-latest.ts";
import { imageRegistryAllowlist } from "./image-registry-allowlist.ts";
import { imageTagRequired } from "./image-tag-required.ts";

/** In catalogue order. */
export const SUPPLY_CHAIN_RULES: readonly Rule[] = [
  imageTagRequired,
  imageNoLatest,
  imageDigestPinned,
  imageRegistryAllowlist,
  imageLockFresh,
  buildBasePinned,
  buildNoBakedConfig,
];
