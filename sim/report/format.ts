/**
 * Number formatting for report tables: a few significant digits, a readable unit, the same text
 * on every machine (no locale: the thousands separator is always ",", the minus sign "-").
 * Browser-safe.
 */
import { displayUnitFor, isValueUnit, VALUE_UNITS, type ValueUnit } from "../charts/units.js";

/** Text written for a missing value (null or undefined): an em dash. */
export const MISSING_TEXT = "—";

/**
 * Formats one number for a table cell.
 * - null/undefined → "—"; ±Infinity → "∞" / "-∞"; 0 → "0".
 * - |x| ≥ 100: rounded to an integer with "," thousands separators ("12,346");
 *   otherwise 3 significant digits without trailing zeros ("42.1", "0.0123", "1.5");
 *   below 1e-4 (after unit scaling) in exponent form ("1.23e-5").
 * - With a unit, each value picks its own readable unit (see displayUnitFor in charts/units):
 *   `formatNumber(0.0421, "s")` → "42.1 ms", `formatNumber(2500, "ms")` → "2.5 s",
 *   `formatNumber(0.953, "fraction")` → "95.3%", `formatNumber(5000, "/s")` → "5,000/s",
 *   `formatNumber(1048576, "B")` → "1 MiB", `formatNumber(7, "count")` → "7".
 * @throws RangeError for NaN (a bug upstream, never a value to print) or an unknown unit.
 */
export function formatNumber(value: number | null | undefined, unit?: ValueUnit): string {
  if (value === null || value === undefined) return MISSING_TEXT;
  if (typeof value !== "number" || Number.isNaN(value)) throw new RangeError(`value: must be a number or null (got ${String(value)})`);
  if (unit !== undefined && !isValueUnit(unit)) throw new RangeError(`unit: must be one of ${VALUE_UNITS.join(", ")} (got ${JSON.stringify(unit)})`);
  if (!Number.isFinite(value)) return `${value < 0 ? "-" : ""}∞${unit === undefined ? "" : suffix(displayUnitFor(unit, 0).label)}`;
  if (unit === undefined) return formatPlain(value);
  const display = displayUnitFor(unit, Math.abs(value));
  return formatPlain(value * display.factor) + suffix(display.label);
}

/** " ms" for word units, "%" and "/s" attached, nothing for a plain count. */
function suffix(label: string): string {
  if (label === "") return "";
  return label === "%" || label === "/s" ? label : ` ${label}`;
}

function formatPlain(x: number): string {
  if (x === 0) return "0";
  const abs = Math.abs(x);
  const sign = x < 0 ? "-" : "";
  if (abs >= 1e15 || abs < 1e-4) return sign + trimExponent(abs.toExponential(2));
  const rounded = Number(abs.toPrecision(3));
  if (rounded >= 100) return sign + groupThousands(Math.round(abs));
  return sign + trimZeros(abs.toPrecision(3));
}

/** "1.50" → "1.5", "2.00" → "2", "0.0120" → "0.012"; integers untouched. */
function trimZeros(text: string): string {
  if (!text.includes(".")) return text;
  return text.replace(/0+$/, "").replace(/\.$/, "");
}

/** "1.20e-5" → "1.2e-5", "1.00e+15" → "1e15". */
function trimExponent(text: string): string {
  const [mantissa = "", exponent = ""] = text.split("e");
  return `${trimZeros(mantissa)}e${exponent.replace("+", "")}`;
}

function groupThousands(n: number): string {
  const digits = String(n);
  let out = "";
  for (let i = 0; i < digits.length; i += 1) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ",";
    out += digits[i];
  }
  return out;
}
