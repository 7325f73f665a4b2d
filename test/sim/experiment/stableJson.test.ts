import { expect, test } from "vitest";
import { stableStringify } from "../../../sim/experiment/stableJson.js";
import { InvariantError } from "../../../sim/errors.js";

test("key order does not change the bytes", () => {
  const a = { b: 1, a: { y: [1, 2], x: "s" } };
  const b = { a: { x: "s", y: [1, 2] }, b: 1 };
  expect(stableStringify(a)).toBe(stableStringify(b));
  expect(stableStringify(a, 0)).toBe('{"a":{"x":"s","y":[1,2]},"b":1}');
});

test("the output parses back to an equal value", () => {
  const v = { n: 0.1 + 0.2, neg: -3e-12, big: 1e21, arr: [null, true, "x"], nested: { deep: [{ k: 1 }] } };
  expect(JSON.parse(stableStringify(v))).toEqual(v);
});

test("NaN throws with its path; Infinity is written as a string; undefined fields are left out", () => {
  expect(() => stableStringify({ a: [1, Number.NaN] })).toThrow(InvariantError);
  expect(() => stableStringify({ a: [1, Number.NaN] })).toThrow(/\$\.a\[1\]/);
  expect(stableStringify({ i: Infinity, u: undefined }, 0)).toBe('{"i":"Infinity"}');
});

test("cycles and functions are refused", () => {
  const o: Record<string, unknown> = {};
  o.self = o;
  expect(() => stableStringify(o)).toThrow(/cycle/);
  expect(() => stableStringify({ f: () => 1 })).toThrow(/function/);
});
