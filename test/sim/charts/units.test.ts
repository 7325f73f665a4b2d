import { expect, test } from "vitest";
import { displayUnitFor, isValueUnit } from "../../../sim/charts/units.js";

test("durations pick seconds, milliseconds or microseconds from the largest magnitude", () => {
  expect(displayUnitFor("s", 0.042)).toEqual({ factor: 1000, label: "ms" });
  expect(displayUnitFor("s", 1.5)).toEqual({ factor: 1, label: "s" });
  expect(displayUnitFor("s", 0.0004)).toEqual({ factor: 1e6, label: "µs" });
  expect(displayUnitFor("ms", 2500)).toEqual({ factor: 1e-3, label: "s" });
  expect(displayUnitFor("ms", 0.5)).toEqual({ factor: 1000, label: "µs" });
  expect(displayUnitFor("us", 3_000_000)).toEqual({ factor: 1e-6, label: "s" });
  expect(displayUnitFor("s", 1)).toEqual({ factor: 1, label: "s" });
  expect(displayUnitFor("s", 0.001)).toEqual({ factor: 1000, label: "ms" });
});

test("a zero magnitude keeps the given unit", () => {
  expect(displayUnitFor("s", 0)).toEqual({ factor: 1, label: "s" });
  expect(displayUnitFor("us", 0)).toEqual({ factor: 1, label: "µs" });
});

test("bytes use powers of 1024, fractions become percent, other units pass through", () => {
  expect(displayUnitFor("B", 1023)).toEqual({ factor: 1, label: "B" });
  expect(displayUnitFor("B", 1024)).toEqual({ factor: 1 / 1024, label: "KiB" });
  expect(displayUnitFor("B", 1048576 * 3)).toEqual({ factor: 1 / 1048576, label: "MiB" });
  expect(displayUnitFor("B", 1024 ** 5)).toEqual({ factor: 1 / 1024 ** 3, label: "GiB" });
  expect(displayUnitFor("fraction", 0.5)).toEqual({ factor: 100, label: "%" });
  expect(displayUnitFor("/s", 5000)).toEqual({ factor: 1, label: "/s" });
  expect(displayUnitFor("count", 7)).toEqual({ factor: 1, label: "" });
});

test("an unknown unit or a negative or NaN magnitude is rejected", () => {
  expect(isValueUnit("ms")).toBe(true);
  expect(isValueUnit("hours")).toBe(false);
  expect(() => displayUnitFor("hours" as never, 1)).toThrow('unit: must be one of s, ms, us, /s, count, fraction, %, B (got "hours")');
  expect(() => displayUnitFor("s", -1)).toThrow(RangeError);
  expect(() => displayUnitFor("s", Number.NaN)).toThrow(RangeError);
});
