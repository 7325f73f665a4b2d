import { describe, expect, test } from "vitest";
import {
  ALLOWED_KEYS_PREFIX,
  bool,
  durationSec,
  exactlyOneOf,
  fraction,
  integer,
  integerOrUnlimited,
  listValues,
  number,
  oneOf,
  ratePerSec,
  sizeBytes,
  strict,
} from "../../../models/scenario/fields.js";

/** The output, or the messages of the issues (Zod's own, before load.ts adds paths and found values). */
function run(schema: { safeParse(x: unknown): { success: boolean; data?: unknown; error?: { issues: { message: string }[] } } }, input: unknown) {
  const r = schema.safeParse(input);
  return r.success ? { ok: r.data } : { errors: r.error!.issues.map((i) => i.message) };
}

describe("durationSec", () => {
  test("converts unit strings to seconds and accepts the number 0", () => {
    const d = durationSec({ description: "d" });
    expect(run(d, "250ms")).toEqual({ ok: 0.25 });
    expect(run(d, "2m")).toEqual({ ok: 120 });
    expect(run(d, 0)).toEqual({ ok: 0 });
  });

  test("refuses a bare number, Infinity unless unbounded, and 0 when positive", () => {
    expect(run(durationSec({ description: "d" }), 5).errors?.[0]).toContain('"5" is not a duration (a number needs a unit)');
    expect(run(durationSec({ description: "d" }), "inf")).toEqual({ errors: ['expected a finite duration, found "inf"'] });
    expect(run(durationSec({ description: "d", unbounded: true }), "inf")).toEqual({ ok: Infinity });
    expect(run(durationSec({ description: "d", positive: true }), "0s")).toEqual({ errors: ['expected a duration > 0, found "0s"'] });
  });

  test('reads "none" as Infinity only where allowed', () => {
    expect(run(durationSec({ description: "d", unbounded: true, noneIsInfinity: true }), "none")).toEqual({ ok: Infinity });
    expect(run(durationSec({ description: "d" }), "none").errors?.[0]).toContain('"none" is not a duration');
  });

  test("refuses a value that is neither string nor number", () => {
    expect(run(durationSec({ description: "d" }), true)).toEqual({ errors: ['expected a duration with a unit such as "250ms" or "2s"'] });
  });
});

describe("ratePerSec and sizeBytes", () => {
  test("rates convert to per second", () => {
    expect(run(ratePerSec("r"), "1.2k/s")).toEqual({ ok: 1200 });
    expect(run(ratePerSec("r"), "300/min")).toEqual({ ok: 5 });
    expect(run(ratePerSec("r"), 0)).toEqual({ ok: 0 });
    expect(run(ratePerSec("r"), "5").errors?.[0]).toContain('"5" is not a rate (a number needs a unit)');
  });

  test("sizes convert to bytes, 1024-based", () => {
    expect(run(sizeBytes("s"), "1m")).toEqual({ ok: 1_048_576 });
    expect(run(sizeBytes("s"), 4096)).toEqual({ ok: 4096 });
    expect(run(sizeBytes("s"), "1x").errors?.[0]).toContain('"1x" is not a size');
  });
});

describe("numbers, enums, booleans", () => {
  test("integer bounds give one message however they fail", () => {
    const i = integer({ min: 1, description: "i" });
    expect(run(i, 3)).toEqual({ ok: 3 });
    for (const bad of [0, 1.5, "2", Number.NaN, Infinity]) expect(run(i, bad)).toEqual({ errors: ["expected an integer >= 1"] });
    expect(run(integer({ min: 1, max: 9, description: "i" }), 10)).toEqual({ errors: ["expected an integer in [1, 9]"] });
  });

  test("integerOrUnlimited maps its word to Infinity", () => {
    const cap = integerOrUnlimited({ min: 1, word: "none", description: "c" });
    expect(run(cap, "none")).toEqual({ ok: Infinity });
    expect(run(cap, 5)).toEqual({ ok: 5 });
    expect(run(cap, 0)).toEqual({ errors: ['expected an integer >= 1, or "none"'] });
  });

  test("number bounds are stated in the message, exclusive ones with < or >", () => {
    expect(run(number({ description: "n", min: 0, minExclusive: true, max: 1 }), 0)).toEqual({ errors: ["expected a number > 0 and <= 1"] });
    expect(run(number({ description: "n", max: 1, maxExclusive: true }), 1)).toEqual({ errors: ["expected a number < 1"] });
    expect(run(fraction("f"), 1.5)).toEqual({ errors: ["expected a number >= 0 and <= 1"] });
    expect(run(number({ description: "n" }), Infinity)).toEqual({ errors: ["expected a finite number"] });
  });

  test("enums list their values and booleans say true or false", () => {
    expect(run(oneOf(["a", "b", "c"], "e"), "d")).toEqual({ errors: ['expected one of "a", "b" or "c"'] });
    expect(run(bool("b"), "yes")).toEqual({ errors: ["expected true or false"] });
    expect(listValues(["x"])).toBe('"x"');
  });
});

describe("strict objects", () => {
  test("an unknown key's message lists the allowed keys", () => {
    const s = strict({ a: number({ description: "a" }).optional(), b: number({ description: "b" }).optional() });
    expect(run(s, { c: 1 })).toEqual({ errors: [`${ALLOWED_KEYS_PREFIX}a, b`] });
    expect(run(s, 5)).toEqual({ errors: ["expected an object with keys a, b"] });
  });

  test("exactlyOneOf needs exactly one key", () => {
    const s = exactlyOneOf({ x: number({ description: "x" }).optional(), y: number({ description: "y" }).optional() }, "xy");
    expect(run(s, { x: 1 })).toEqual({ ok: { x: 1 } });
    expect(run(s, {})).toEqual({ errors: ["expected exactly one of the keys x, y, found none"] });
    expect(run(s, { x: 1, y: 2 })).toEqual({ errors: ["expected exactly one of the keys x, y, found x and y"] });
  });
});
