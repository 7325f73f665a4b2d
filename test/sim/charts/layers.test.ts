import { expect, test } from "vitest";
import { checkValues, colorScale, maxAbsOf, niceDomain, rowsExtent } from "../../../sim/charts/layers.js";
import { SERIES_COLORS } from "../../../sim/charts/theme.js";

test("a linear nice domain extends to a 1-2-5 step and includes 0 when asked", () => {
  expect(niceDomain({ lo: 12.3, hi: 187 }, { log: false, zero: true })).toEqual([0, 200]);
  expect(niceDomain({ lo: 12.3, hi: 187 }, { log: false, zero: false })).toEqual([0, 200]);
  expect(niceDomain({ lo: 0.31, hi: 0.47 }, { log: false, zero: false })).toEqual([0.3, 0.5]);
  expect(niceDomain({ lo: -3, hi: 7 }, { log: false, zero: true })).toEqual([-4, 8]);
});

test("a constant or empty extent still gives a non-empty domain", () => {
  expect(niceDomain({ lo: 5, hi: 5 }, { log: false, zero: false })).toEqual([4.4, 5.6]);
  expect(niceDomain({ lo: 0, hi: 0 }, { log: false, zero: true })).toEqual([0, 1]);
  expect(niceDomain(null, { log: false, zero: true })).toEqual([0, 1]);
  expect(niceDomain(null, { log: true, zero: false })).toEqual([1, 10]);
  expect(niceDomain({ lo: 1, hi: 1 }, { log: true, zero: false })).toEqual([1, 10]);
});

test("a log nice domain runs from the 1, 2 or 5 × 10^k below to the one above", () => {
  expect(niceDomain({ lo: 1.8, hi: 250 }, { log: true, zero: false })).toEqual([1, 500]);
  expect(niceDomain({ lo: 0.0031, hi: 0.005 }, { log: true, zero: false })).toEqual([0.002, 0.005]);
  expect(niceDomain({ lo: 7, hi: 1001 }, { log: true, zero: false })).toEqual([5, 2000]);
});

test("extents and magnitudes skip nulls", () => {
  expect(rowsExtent([{ x: 0, series: "a", y: null, lower: 2, upper: 9 }, { x: 1, series: "a", y: -1, lower: null, upper: null }])).toEqual({ lo: -1, hi: 9 });
  expect(rowsExtent([{ x: 0, series: "a", y: null, lower: null, upper: null }])).toBeNull();
  expect(maxAbsOf([[1, null, -7], undefined, [3]])).toBe(7);
  expect(maxAbsOf([[null]])).toBe(0);
});

test("more series than colours reuse the palette", () => {
  const names = Array.from({ length: 12 }, (_, i) => `s${i}`);
  expect(colorScale(names)).toEqual({ domain: names, range: [...SERIES_COLORS] });
  expect(colorScale(["only"]).range).toEqual([SERIES_COLORS[0]]);
});

test("checkValues names the index of a bad value and rejects nulls where not allowed", () => {
  expect(() => checkValues([1, null], { path: "v", length: 2 })).not.toThrow();
  expect(() => checkValues([1, null], { path: "v", length: 2, allowNull: false })).toThrow("v[1]: must be a finite number (got null)");
  expect(() => checkValues("12", { path: "v", length: 2 })).toThrow('v: must be an array of 2 values (one per x) (got "12")');
});
