import { expect, test } from "vitest";
import { confidenceInterval, studentTCdf, studentTQuantile } from "../../../sim/experiment/confidence.js";

test("Student t quantiles match published table values to 6 digits", () => {
  // Abramowitz & Stegun Table 26.10; also any statistics textbook's t table.
  const table: [number, number, number][] = [
    [0.975, 1, 12.7062047],
    [0.975, 2, 4.30265273],
    [0.975, 9, 2.26215716],
    [0.975, 29, 2.04522964],
    [0.995, 9, 3.24983554],
    [0.95, 4, 2.13184679],
    [0.975, 1000, 1.96233908],
  ];
  for (const [p, dof, t] of table) expect(studentTQuantile(p, dof)).toBeCloseTo(t, 5);
  expect(studentTQuantile(0.025, 9)).toBeCloseTo(-2.26215716, 5);
  expect(studentTCdf(2.26215716, 9)).toBeCloseTo(0.975, 8);
});

test("the CI of known values is mean ± t·s/√n", () => {
  const ci = confidenceInterval([1, 2, 3, 4, 5], 0.95);
  const s = Math.sqrt(2.5);
  expect(ci.mean).toBe(3);
  expect(ci.stdDev).toBeCloseTo(s, 12);
  expect(ci.halfWidth).toBeCloseTo((2.7764451 * s) / Math.sqrt(5), 5);
  expect(ci.lower).toBeCloseTo(3 - ci.halfWidth, 12);
});

test("one replication gives a zero-width interval flagged by n = 1", () => {
  expect(confidenceInterval([7])).toMatchObject({ mean: 7, halfWidth: 0, n: 1 });
});

test("empty input, NaN values and a bad level are refused", () => {
  expect(() => confidenceInterval([])).toThrow(/values/);
  expect(() => confidenceInterval([1, Number.NaN])).toThrow(/values\[1\]/);
  expect(() => confidenceInterval([1, 2], 1)).toThrow(/level/);
  expect(() => studentTQuantile(1, 3)).toThrow(/p/);
});
