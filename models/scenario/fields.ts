/**
 * Leaf schemas of the scenario file format (Zod 4): durations, rates and sizes with units, bounded
 * integers and numbers, enums, booleans and strict objects. Each leaf carries one "expected ..."
 * phrase used for every way it can fail, so messages read the same whatever went wrong
 * (`expected an integer >= 1`); load.ts appends what was found. Unit strings are parsed by
 * units.ts (exact decimal scaling). Browser-safe: no node: imports.
 */
import { z } from "zod";
import { parseDurationSec, parseRatePerSec, parseSizeBytes, UnitError } from "./units.js";

/** Prefix of the message a strict object gives for unknown keys; load.ts reads the key list back from it. */
export const ALLOWED_KEYS_PREFIX = "allowed keys: ";

/** Renders a list of literal values for messages: `"a", "b" or "c"`. */
export function listValues(values: readonly (string | number)[]): string {
  const quoted = values.map((v) => JSON.stringify(v));
  return quoted.length <= 1 ? quoted.join("") : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}

/**
 * Describes a schema for editors (JSON Schema `description`, plus `default` when the default does
 * not depend on other fields). Put it on the input side of a transform: Zod's JSON Schema drops the
 * `default` of a transforming schema.
 */
function annotate<T extends z.ZodType>(schema: T, description: string, defaultInput?: unknown): T {
  return schema.meta(defaultInput === undefined ? { description } : { description, default: defaultInput }) as T;
}

/** Text of a number-or-string unit value; numbers are read as their decimal text (so 0 is "0"). */
function unitText(value: string | number): string {
  return typeof value === "number" ? String(value) : value;
}

/** The part of a UnitError message after its (empty) path: `"x" is not a duration (...); use ...`. */
function unitMessage(error: UnitError): string {
  return error.message.startsWith(": ") ? error.message.slice(2) : error.message;
}

/** Options of {@link durationSec}. */
export interface DurationOptions {
  description: string;
  /** Refuse 0 (default: 0 is allowed). */
  positive?: boolean;
  /** Accept "inf" (and "none" when noneIsInfinity) as Infinity (default: refuse unbounded). */
  unbounded?: boolean;
  /** Also accept the word "none" for Infinity (timeouts). */
  noneIsInfinity?: boolean;
  /** The input-side default shown in the JSON Schema, when it does not depend on other fields. */
  defaultInput?: string;
}

/**
 * A duration in seconds from a string with a unit (`"250ms"`, `"1.5s"`, `"0"`), see units.ts.
 * The YAML number 0 is accepted as "0"; any other bare number is refused (a number needs a unit).
 * Output: seconds, finite unless `unbounded`.
 */
export function durationSec(options: DurationOptions) {
  const expected = `expected a duration with a unit such as "250ms" or "2s"${options.noneIsInfinity ? ', or "none"' : ""}`;
  const input = annotate(z.union([z.string(), z.number()], { error: expected }), options.description, options.defaultInput);
  return input.transform((value, ctx) => {
    const text = unitText(value);
    if (options.noneIsInfinity === true && text.trim().toLowerCase() === "none") return Infinity;
    let sec: number;
    try {
      sec = parseDurationSec(text, "");
    } catch (error) {
      if (!(error instanceof UnitError)) throw error;
      ctx.issues.push({ code: "custom", message: unitMessage(error), input: value });
      return z.NEVER;
    }
    if (sec === Infinity && options.unbounded !== true) {
      ctx.issues.push({ code: "custom", message: `expected a finite duration, found ${JSON.stringify(value)}`, input: value });
      return z.NEVER;
    }
    if (sec === 0 && options.positive === true) {
      ctx.issues.push({ code: "custom", message: `expected a duration > 0, found ${JSON.stringify(value)}`, input: value });
      return z.NEVER;
    }
    return sec;
  });
}

/** A rate in events per second from a string with a unit (`"800/s"`, `"1.2k/s"`, `"0"`), see units.ts. Output: finite per-second rate >= 0. */
export function ratePerSec(description: string, defaultInput?: string) {
  const input = annotate(z.union([z.string(), z.number()], { error: 'expected a rate such as "800/s" or "1.2k/s"' }), description, defaultInput);
  return input.transform((value, ctx) => {
    try {
      return parseRatePerSec(unitText(value), "");
    } catch (error) {
      if (!(error instanceof UnitError)) throw error;
      ctx.issues.push({ code: "custom", message: unitMessage(error), input: value });
      return z.NEVER;
    }
  });
}

/** A size in bytes from a string with a 1024-based unit (`"1m"`, `"512k"`) or a whole number of bytes, see units.ts. */
export function sizeBytes(description: string) {
  const input = annotate(z.union([z.string(), z.number()], { error: 'expected a size such as "1m" or "512k"' }), description);
  return input.transform((value, ctx) => {
    try {
      return parseSizeBytes(unitText(value), "");
    } catch (error) {
      if (!(error instanceof UnitError)) throw error;
      ctx.issues.push({ code: "custom", message: unitMessage(error), input: value });
      return z.NEVER;
    }
  });
}

/** An integer in [min, max] (max defaults to Number.MAX_SAFE_INTEGER). */
export function integer(options: { min: number; max?: number; description: string; defaultInput?: number }) {
  const expected =
    options.max === undefined ? `expected an integer >= ${options.min}` : `expected an integer in [${options.min}, ${options.max}]`;
  let schema = z.int({ error: expected }).min(options.min, { error: expected });
  if (options.max !== undefined) schema = schema.max(options.max, { error: expected });
  return annotate(schema, options.description, options.defaultInput);
}

/**
 * An integer >= min, or a word (`"none"` for a cap that is off, `"unbounded"` for a capacity) meaning
 * no limit. Output: the integer, or Infinity.
 */
export function integerOrUnlimited(options: { min: number; word: "none" | "unbounded"; description: string; defaultInput?: string }) {
  const expected = `expected an integer >= ${options.min}, or "${options.word}"`;
  const branches = [z.int({ error: expected }).min(options.min, { error: expected }), z.literal(options.word, { error: expected })] as const;
  const input = annotate(z.union(branches, { error: expected }), options.description, options.defaultInput);
  return input.transform((value) => (typeof value === "number" ? value : Infinity));
}

/** Options of {@link number}: inclusive bounds unless marked exclusive. */
export interface NumberOptions {
  description: string;
  min?: number;
  max?: number;
  /** The lower bound itself is refused (`> min`). */
  minExclusive?: boolean;
  /** The upper bound itself is refused (`< max`). */
  maxExclusive?: boolean;
  defaultInput?: number;
}

/** A finite number within the given bounds (NaN and ±Infinity are refused by Zod 4's number). */
export function number(options: NumberOptions) {
  const lo = options.min === undefined ? undefined : `${options.minExclusive === true ? "> " : ">= "}${options.min}`;
  const hi = options.max === undefined ? undefined : `${options.maxExclusive === true ? "< " : "<= "}${options.max}`;
  const expected =
    lo !== undefined && hi !== undefined
      ? `expected a number ${lo} and ${hi}`
      : lo !== undefined
        ? `expected a number ${lo}`
        : hi !== undefined
          ? `expected a number ${hi}`
          : "expected a finite number";
  let schema = z.number({ error: expected });
  if (options.min !== undefined) {
    schema = options.minExclusive === true ? schema.gt(options.min, { error: expected }) : schema.min(options.min, { error: expected });
  }
  if (options.max !== undefined) {
    schema = options.maxExclusive === true ? schema.lt(options.max, { error: expected }) : schema.max(options.max, { error: expected });
  }
  return annotate(schema, options.description, options.defaultInput);
}

/** A fraction in [0, 1]. */
export function fraction(description: string, defaultInput?: number) {
  return number({ description, min: 0, max: 1, defaultInput });
}

/** One of the given strings. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, description: string, defaultInput?: T[number]) {
  return annotate(z.enum(values, { error: `expected one of ${listValues(values)}` }), description, defaultInput);
}

/** true or false. */
export function bool(description: string, defaultInput?: boolean) {
  return annotate(z.boolean({ error: "expected true or false" }), description, defaultInput);
}

/** Error map of a strict object: unknown keys list the allowed keys; a non-object names the keys it may hold. */
function strictObjectError(keys: readonly string[]) {
  return (issue: { code?: string }): string | undefined => {
    if (issue.code === "unrecognized_keys") return ALLOWED_KEYS_PREFIX + keys.join(", ");
    if (issue.code === "invalid_type") return `expected an object with keys ${keys.join(", ")}`;
    return undefined;
  };
}

/** An object that refuses unknown keys; the error names the allowed keys (load.ts adds a "did you mean" suggestion). */
export function strict<S extends z.core.$ZodLooseShape>(shape: S, description?: string) {
  const schema = z.strictObject(shape, { error: strictObjectError(Object.keys(shape)) });
  return description === undefined ? schema : annotate(schema, description);
}

/**
 * An object holding exactly one of the given keys (a tagged value written as its tag:
 * `{constant: "100ms"}`); the caller marks every field of `shape` optional. Unknown keys are
 * refused as in {@link strict}.
 */
export function exactlyOneOf<S extends z.core.$ZodLooseShape>(shape: S, description: string) {
  const keys = Object.keys(shape);
  const schema = z.strictObject(shape, { error: strictObjectError(keys) }).superRefine((value, ctx) => {
    const present = keys.filter((k) => (value as Record<string, unknown>)[k] !== undefined);
    if (present.length === 1) return;
    const message =
      present.length === 0
        ? `expected exactly one of the keys ${keys.join(", ")}, found none`
        : `expected exactly one of the keys ${keys.join(", ")}, found ${present.join(" and ")}`;
    ctx.addIssue({ code: "custom", message, input: value });
  });
  return annotate(schema, description);
}

/**
 * A list of things at given times, `[{at, <key>}, ...]` (a measured run's pauses, replayed): `at`
 * a duration from t = 0, `<key>` (how long each lasts) a duration > 0. The error for a value that
 * is not such a list names both keys.
 */
export function timedList<K extends string>(key: K, descriptions: { at: string; key: string; list: string }) {
  const at = durationSec({ description: descriptions.at });
  const length = durationSec({ description: descriptions.key, positive: true });
  const item = strict({ at, [key]: length } as { at: typeof at } & Record<K, typeof length>);
  return z.array(item, { error: `expected a list of {at, ${key}}` }).meta({ description: descriptions.list });
}
