/**
 * Identity of a scenario: the SHA-256 of its canonical JSON. Uses node:crypto, so it lives apart
 * from the browser-safe parsing (load.ts, schema.ts).
 */
import { createHash } from "node:crypto";
import { stableStringify } from "../../sim/experiment/stableJson.js";
import type { Scenario } from "./types.js";

/**
 * SHA-256 (lower-case hex, 64 characters) of `stableStringify(scenario, 0)`: keys sorted, numbers in
 * ECMAScript's shortest round-trip form, Infinity as "Infinity". Two files that differ only in key
 * order, unit spelling ("1s" vs "1000ms") or stated defaults have the same hash; any change of a
 * canonical value (including name and description) changes it.
 * @throws InvariantError (from stableStringify) if the scenario holds NaN.
 */
export function scenarioHash(scenario: Scenario): string {
  return createHash("sha256").update(stableStringify(scenario, 0), "utf8").digest("hex");
}
