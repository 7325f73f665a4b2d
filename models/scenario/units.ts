/**
 * Units in scenario files: durations, rates and sizes are strings with units (`"250ms"`,
 * `"5000/s"`, `"1m"`); these functions turn them into seconds, per-second rates and bytes, and
 * back for display. Parsing is exact: the decimal the user wrote is scaled by a power of ten in
 * decimal and rounded once, so `"250ms"` is exactly `0.25` and `"0.3ms"` is exactly `0.0003`.
 * Source: DESIGN.md "Engine rules" and style-anchors.md §4 (units live in names).
 */

/**
 * A scenario value that is not a valid duration, rate or size.
 * Message: `<path>: "<found>" is not a <kind>[ (<reason>)]; use <allowed>`.
 */
export class UnitError extends Error {
  /** Parameter path, e.g. "clients.timeout". */
  readonly path: string;
  /** The text found (non-strings are shown through String()). */
  readonly found: string;
  /** The allowed forms, in words with an example. */
  readonly allowed: string;
  constructor(options: { path: string; found: string; kind: string; allowed: string; reason?: string | undefined }) {
    const reason = options.reason === undefined ? "" : ` (${options.reason})`;
    super(`${options.path}: ${JSON.stringify(options.found)} is not a ${options.kind}${reason}; use ${options.allowed}`);
    this.name = "UnitError";
    this.path = options.path;
    this.found = options.found;
    this.allowed = options.allowed;
  }
}

const NUMBER = String.raw`(\d+(?:\.\d+)?|\.\d+)`;
const DURATION_PATTERN = new RegExp(String.raw`^${NUMBER}\s*(ns|us|µs|μs|ms|s|m|min|h)?$`);
const RATE_PATTERN = new RegExp(String.raw`^${NUMBER}\s*([kM])?\s*/\s*(us|µs|μs|ms|s|m|min|h)$`);
const SIZE_PATTERN = new RegExp(String.raw`^${NUMBER}\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$`, "i");
const INFINITY_PATTERN = /^(inf|infinity)$/i;

const DURATION_ALLOWED =
  'a number with a unit: ns, us (or µs), ms, s, m (or min), h (e.g. "250ms", "1.5s"); "0" alone; or "inf" for unbounded';
const RATE_ALLOWED =
  'a number, optionally with k (×1000) or M (×1,000,000), then "/" and a time unit: us, ms, s, m (or min), h (e.g. "5000/s", "1.2k/s", "300/min"); or "0"';
const SIZE_ALLOWED =
  'a whole number of bytes ("4096"), or a number with a 1024-based unit: k, m, g (nginx style) or KiB, MiB, GiB; KB, MB, GB are read as 1024-based too (e.g. "1m", "512k", "64KiB")';

/** Power of ten of a time unit in seconds (applied by decimal scaling, exact). */
function durationUnitExponent(unit: string): number {
  switch (unit) {
    case "ns":
      return -9;
    case "us":
    case "µs":
    case "μs":
      return -6;
    case "ms":
      return -3;
    default:
      return 0;
  }
}

/** Factor of a time unit in seconds beyond its power of ten (minutes and hours; one rounding). */
function durationUnitFactor(unit: string): number {
  if (unit === "m" || unit === "min") return 60;
  if (unit === "h") return 3600;
  return 1;
}

function fail(options: { path: string; found: unknown; kind: string; allowed: string; reason?: string | undefined }): never {
  throw new UnitError({ ...options, found: typeof options.found === "string" ? options.found : String(options.found) });
}

/** Why a string that did not match is wrong, when that can be said more precisely. */
function reasonFor(text: string): string | undefined {
  if (text.length === 0) return "empty";
  if (text.startsWith("-")) return "negative values are not allowed";
  if (/^\d+(\.\d+)?$|^\.\d+$/.test(text)) return "a number needs a unit";
  if (/\d[eE][+-]?\d/.test(text)) return "exponents are not allowed";
  return undefined;
}

/**
 * A duration in seconds from a scenario string.
 * Accepted: a non-negative decimal number (no sign, no exponent), optional spaces, and a unit:
 * `ns`, `us`/`µs`, `ms`, `s`, `m`/`min`, `h` (lower case). A number without a unit is refused,
 * except zero (`"0"`). `"inf"`/`"Infinity"` (any case) give Infinity, for unbounded lifetimes;
 * a schema where unbounded makes no sense must refuse Infinity itself.
 * Examples: "250ms" → 0.25, "1.5s" → 1.5, "2m" → 120, "500us" → 0.0005, "0" → 0.
 * @throws UnitError naming `path`, showing the text and the allowed forms.
 */
export function parseDurationSec(text: string, path: string): number {
  const trimmed = typeof text === "string" ? text.trim() : "";
  if (INFINITY_PATTERN.test(trimmed)) return Infinity;
  const match = DURATION_PATTERN.exec(trimmed);
  if (match === null) fail({ path, found: text, kind: "duration", allowed: DURATION_ALLOWED, reason: reasonFor(trimmed) });
  const digits = match[1]!;
  const unit = match[2];
  if (unit === undefined) {
    if (Number(digits) === 0) return 0;
    fail({ path, found: text, kind: "duration", allowed: DURATION_ALLOWED, reason: "a number needs a unit" });
  }
  const sec = Number(`${digits}e${durationUnitExponent(unit)}`) * durationUnitFactor(unit);
  if (!Number.isFinite(sec)) fail({ path, found: text, kind: "duration", allowed: DURATION_ALLOWED, reason: "too large" });
  return sec;
}

/**
 * A rate in events per second from a scenario string.
 * Accepted: a non-negative decimal number, an optional multiplier `k` (10³) or `M` (10⁶), `/`, and a
 * time unit `us`/`µs`, `ms`, `s`, `m`/`min`, `h`; spaces allowed around the parts; or `"0"`.
 * Examples: "5000/s" → 5000, "300/min" → 5, "1/ms" → 1000, "1.2k/s" → 1200.
 * @throws UnitError naming `path`, showing the text and the allowed forms.
 */
export function parseRatePerSec(text: string, path: string): number {
  const trimmed = typeof text === "string" ? text.trim() : "";
  const match = RATE_PATTERN.exec(trimmed);
  if (match === null) {
    if (/^(\d+(\.\d+)?|\.\d+)$/.test(trimmed) && Number(trimmed) === 0) return 0;
    fail({ path, found: text, kind: "rate", allowed: RATE_ALLOWED, reason: reasonFor(trimmed) });
  }
  const multiplierExponent = match[2] === "k" ? 3 : match[2] === "M" ? 6 : 0;
  const unit = match[3]!;
  // Per unit of time: per ms is ×10³ per second, per minute is ÷60.
  const ratePerSec = Number(`${match[1]!}e${multiplierExponent - durationUnitExponent(unit)}`) / durationUnitFactor(unit);
  if (!Number.isFinite(ratePerSec)) fail({ path, found: text, kind: "rate", allowed: RATE_ALLOWED, reason: "too large" });
  return ratePerSec;
}

/**
 * A size in bytes from a scenario string, nginx style.
 * Accepted: a whole number of bytes (`"4096"`, optional `B`), or a number with a 1024-based unit,
 * case-insensitive: `k`/`KB`/`KiB` (2¹⁰), `m`/`MB`/`MiB` (2²⁰), `g`/`GB`/`GiB` (2³⁰).
 * Decision: KB, MB and GB are 1024-based, as nginx's `k`/`m` are (`shared:SSL:1m` is 1 MiB), since
 * scenario sizes describe nginx zones; decimals are allowed if the result is whole ("1.5k" → 1536).
 * @throws UnitError naming `path` if the text does not match, the result is not a whole number of
 *   bytes, or it exceeds Number.MAX_SAFE_INTEGER.
 */
export function parseSizeBytes(text: string, path: string): number {
  const trimmed = typeof text === "string" ? text.trim() : "";
  const match = SIZE_PATTERN.exec(trimmed);
  if (match === null) {
    const reason = trimmed.startsWith("-") || trimmed.length === 0 ? reasonFor(trimmed) : undefined;
    fail({ path, found: text, kind: "size", allowed: SIZE_ALLOWED, reason });
  }
  const unit = (match[2] ?? "b").toLowerCase();
  const power = unit.startsWith("k") ? 1 : unit.startsWith("m") ? 2 : unit.startsWith("g") ? 3 : 0;
  const sizeBytes = Number(match[1]!) * 1024 ** power;
  if (!Number.isSafeInteger(sizeBytes)) {
    const reason = Number.isInteger(sizeBytes) || !Number.isFinite(sizeBytes) ? "too large" : "not a whole number of bytes";
    fail({ path, found: text, kind: "size", allowed: SIZE_ALLOWED, reason });
  }
  return sizeBytes;
}

/**
 * Display form of a duration in seconds, which parses back to exactly the same number:
 * `parseDurationSec(formatDurationSec(x), p) === x` for every x >= 0.
 * Rule: "0" for 0, "inf" for Infinity; otherwise the largest of s, ms, us, ns in which the value is
 * >= 1 (ns below 1 µs), never m or h; the number is JavaScript's shortest round-trip decimal,
 * shifted in decimal (no rounding). Examples: 0.25 → "250ms", 30 → "30s", 90 → "90s",
 * 7200 → "7200s", 0.0005 → "500us".
 * @throws RangeError if sec is NaN or negative.
 */
export function formatDurationSec(sec: number): string {
  if (!(sec >= 0)) throw new RangeError(`formatDurationSec: sec must be a number >= 0 (got ${sec})`);
  if (sec === 0) return "0";
  if (sec === Infinity) return "inf";
  if (sec >= 1) return `${shiftedDecimal(sec, 0)}s`;
  if (sec >= 1e-3) return `${shiftedDecimal(sec, 3)}ms`;
  if (sec >= 1e-6) return `${shiftedDecimal(sec, 6)}us`;
  return `${shiftedDecimal(sec, 9)}ns`;
}

/**
 * Display form of a rate: the shortest round-trip decimal (never in exponent notation) and "/s",
 * e.g. 5000 → "5000/s", 0.5 → "0.5/s". `parseRatePerSec(formatRatePerSec(x), p) === x` for every
 * finite x >= 0.
 * @throws RangeError if ratePerSec is NaN, negative or infinite.
 */
export function formatRatePerSec(ratePerSec: number): string {
  if (!(ratePerSec >= 0 && ratePerSec < Infinity)) {
    throw new RangeError(`formatRatePerSec: ratePerSec must be a finite number >= 0 (got ${ratePerSec})`);
  }
  return `${shiftedDecimal(ratePerSec, 0)}/s`;
}

/**
 * x × 10^places as a plain decimal string (no exponent), by moving the decimal point of x's
 * shortest round-trip representation: exact, so Number(result + "e-" + places) === x.
 */
function shiftedDecimal(x: number, places: number): string {
  const text = String(x);
  const eAt = text.indexOf("e");
  const mantissa = eAt < 0 ? text : text.slice(0, eAt);
  const exponent = (eAt < 0 ? 0 : Number(text.slice(eAt + 1))) + places;
  const dot = mantissa.indexOf(".");
  const intDigits = dot < 0 ? mantissa : mantissa.slice(0, dot);
  let digits = intDigits + (dot < 0 ? "" : mantissa.slice(dot + 1));
  let point = intDigits.length + exponent;
  if (point <= 0) {
    digits = "0".repeat(1 - point) + digits;
    point = 1;
  }
  if (point > digits.length) digits += "0".repeat(point - digits.length);
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, "");
  const fraction = digits.slice(point).replace(/0+$/, "");
  return fraction.length > 0 ? `${whole}.${fraction}` : whole;
}
