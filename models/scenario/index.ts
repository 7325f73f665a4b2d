/**
 * The scenario: file format (schema), defaults with their sources, loading, errors, hashing and
 * JSON Schema. This index includes the node:-only parts (file.ts reads files, hash.ts uses
 * node:crypto); browser code (notebooks) imports load.js, schema.js and jsonSchema.js directly.
 */
export type * from "./types.js";
export { parseDurationSec, parseRatePerSec, parseSizeBytes, formatDurationSec, formatRatePerSec, UnitError } from "./units.js";
export { scenarioSchema, rawScenarioSchema, type RawScenario, type ScenarioInput } from "./schema.js";
export { distribution, type DistributionInput } from "./distributionSchema.js";
export { parseSlo } from "./slo.js";
export {
  SOFTWARE,
  type ServerSoftware,
  RUN_DEFAULTS,
  CLIENT_DEFAULTS,
  FLEET_DEFAULTS,
  LISTEN_BACKLOG_DEFAULT,
  SOMAXCONN_DEFAULT,
  HANDSHAKE_CPU_CV,
  handshakeCpuDefault,
  secondPhaseFractionDefault,
  sessionCacheDefaults,
  ticketDefaults,
} from "./defaults.js";
export { ScenarioError, formatIssue, formatPath, parsePath, type ScenarioIssue } from "./issues.js";
export {
  parseScenario,
  loadScenarioText,
  readScenarioText,
  applyOverrides,
  scenarioFormatOf,
  scenarioNameFromSource,
  type ScenarioFormat,
  type LoadScenarioTextOptions,
} from "./load.js";
export { loadScenarioFile } from "./file.js";
export { scenarioHash } from "./hash.js";
export { scenarioJsonSchema, scenarioJsonSchemaText, SCENARIO_JSON_SCHEMA_PATH } from "./jsonSchema.js";
