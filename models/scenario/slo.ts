/**
 * Service-level objectives written as one string, `"<metric> <op> <value>"`:
 *
 *   "handshakeLatencyS.p99 < 100ms"   value 0.1 (a duration with a unit becomes seconds)
 *   "failureRate < 0.1%"              value 0.001 (a percentage becomes a fraction)
 *   "goodputPerSec >= 900/s"          value 900 (a rate becomes per second)
 *   "resumptionRate >= 0.9"           value 0.9 (a plain number is taken as is)
 *
 * The metric is a dotted name (letters, digits, `_`; dots between parts); which metrics exist is
 * the business of the result summaries, not of the schema. Browser-safe: no node: imports.
 */
import type { Slo } from "./types.js";
import { parseDurationSec, parseRatePerSec, UnitError } from "./units.js";

const SLO_PATTERN = /^\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*(<=|>=|<|>)\s*(\S(?:.*\S)?)\s*$/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?$/;
const PERCENT = /^([+-]?(\d+(\.\d+)?|\.\d+))\s*%$/;

/** The accepted form, for messages. */
export const SLO_FORM =
  '"<metric> <op> <value>" with op one of <, <=, >, >= and value a number, a percentage ("0.1%"), a duration ("100ms") or a rate ("900/s"), e.g. "handshakeLatencyS.p99 < 100ms"';

/**
 * Parses an SLO string (see the file header) into an {@link Slo}.
 * Percentages are divided by 100 (`"0.1%"` → 0.001), and `failures` with a percentage means
 * `failureRate` (the same alias the CLI's --slo accepts); durations become seconds and rates per-second
 * values by units.ts (exact decimal scaling).
 * @throws Error whose message says what is wrong and shows the accepted form (no path: the caller adds it).
 */
export function parseSlo(text: string): Slo {
  const match = SLO_PATTERN.exec(text);
  if (match === null) throw new Error(`expected ${SLO_FORM}, found ${JSON.stringify(text)}`);
  const op = match[2] as Slo["op"];
  const valueText = match[3]!;
  // "failures < 0.1%" means a failure rate: a percentage of a count would be a unit mistake.
  const metric = match[1]! === "failures" && PERCENT.test(valueText) ? "failureRate" : match[1]!;
  return { metric, op, value: parseSloValue(valueText, text) };
}

function parseSloValue(valueText: string, whole: string): number {
  if (PLAIN_NUMBER.test(valueText)) return Number(valueText);
  const percent = PERCENT.exec(valueText);
  if (percent !== null) return Number(percent[1]!) / 100;
  try {
    return valueText.includes("/") ? parseRatePerSec(valueText, "") : parseDurationSec(valueText, "");
  } catch (error) {
    if (!(error instanceof UnitError)) throw error;
    throw new Error(
      `the value ${JSON.stringify(valueText)} in ${JSON.stringify(whole)} is not a number, a percentage, a duration or a rate; expected ${SLO_FORM}`,
    );
  }
}
