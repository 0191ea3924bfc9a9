/**
 * The portability report: the capability table as data, which features a graph
 * uses, and how each target provides them.
 * @packageDocumentation
 */
export { degraded, emulated, honoured, unsupported, type Capability, type DefaultableCapability, type TargetCapabilities } from "./capabilities.ts";
export { featuresUsed, nodeFeatures, type FeatureNodes, type FeatureUse, type FeatureUsage } from "./features-used.ts";
export {
  portabilityReport,
  portabilityFindings,
  resolveAcknowledgement,
  failsCheck,
  entryFails,
  explicitNodes,
  isDefaultOnly,
  type PortabilityReport,
  type PortabilityEntry,
  type PortabilityOptions,
  type AcknowledgementInfo,
  type AcknowledgementOutcome,
} from "./report.ts";
export { formatPortability, formatPortabilityFinding, acknowledgeLine, portabilitySummary } from "./format.ts";
