import { expect, test } from "vitest";
import { formatNumber } from "../../../sim/report/format.js";

test("plain numbers keep three significant digits without trailing zeros", () => {
  expect(formatNumber(42.1234)).toBe("42.1");
  expect(formatNumber(0.0123456)).toBe("0.0123");
  expect(formatNumber(1.5)).toBe("1.5");
  expect(formatNumber(2)).toBe("2");
  expect(formatNumber(0.1)).toBe("0.1");
  expect(formatNumber(-3.14159)).toBe("-3.14");
  expect(formatNumber(0)).toBe("0");
  expect(formatNumber(-0)).toBe("0");
});

test("numbers of 100 and above are rounded to integers with comma thousands separators", () => {
  expect(formatNumber(123.4)).toBe("123");
  expect(formatNumber(99.96)).toBe("100");
  expect(formatNumber(12345.6)).toBe("12,346");
  expect(formatNumber(1234567)).toBe("1,234,567");
  expect(formatNumber(-5000)).toBe("-5,000");
});

test("very small and very large magnitudes use exponent form", () => {
  expect(formatNumber(0.0000123)).toBe("1.23e-5");
  expect(formatNumber(0.00001)).toBe("1e-5");
  expect(formatNumber(2e16)).toBe("2e16");
});

test("null and undefined print as an em dash; infinities as ∞", () => {
  expect(formatNumber(null)).toBe("—");
  expect(formatNumber(undefined)).toBe("—");
  expect(formatNumber(Infinity)).toBe("∞");
  expect(formatNumber(-Infinity, "s")).toBe("-∞ s");
});

test("durations switch between s, ms and µs per value", () => {
  expect(formatNumber(0.0421, "s")).toBe("42.1 ms");
  expect(formatNumber(1.25, "s")).toBe("1.25 s");
  expect(formatNumber(0.00025, "s")).toBe("250 µs");
  expect(formatNumber(2500, "ms")).toBe("2.5 s");
  expect(formatNumber(0, "s")).toBe("0 s");
  expect(formatNumber(-0.005, "s")).toBe("-5 ms");
});

test("fractions, percentages, rates, bytes and counts carry their unit", () => {
  expect(formatNumber(0.953, "fraction")).toBe("95.3%");
  expect(formatNumber(12.5, "%")).toBe("12.5%");
  expect(formatNumber(5000, "/s")).toBe("5,000/s");
  expect(formatNumber(1048576, "B")).toBe("1 MiB");
  expect(formatNumber(1536, "B")).toBe("1.5 KiB");
  expect(formatNumber(7, "count")).toBe("7");
});

test("NaN and unknown units are rejected", () => {
  expect(() => formatNumber(Number.NaN)).toThrow("value: must be a number or null (got NaN)");
  expect(() => formatNumber(1, "hours" as never)).toThrow(RangeError);
});
