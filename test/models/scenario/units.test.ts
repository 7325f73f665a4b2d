import { describe, expect, test } from "vitest";
import { RandomStreams } from "../../../sim/random.js";
import {
  UnitError,
  formatDurationSec,
  formatRatePerSec,
  parseDurationSec,
  parseRatePerSec,
  parseSizeBytes,
} from "../../../models/scenario/units.js";

function thrown(run: () => unknown): UnitError {
  try {
    run();
  } catch (error) {
    if (error instanceof UnitError) return error;
    throw error;
  }
  throw new Error("expected a UnitError, nothing was thrown");
}

describe("parseDurationSec", () => {
  test.each([
    ["250ms", 0.25],
    ["30s", 30],
    ["1.5s", 1.5],
    ["2m", 120],
    ["2min", 120],
    ["1h", 3600],
    ["0.5h", 1800],
    ["500us", 0.0005],
    ["500µs", 0.0005],
    ["500μs", 0.0005],
    ["100ns", 1e-7],
    ["0.3ms", 0.0003],
    [".5s", 0.5],
    ["0", 0],
    ["0s", 0],
    [" 200 ms ", 0.2],
    ["7200s", 7200],
    ["inf", Infinity],
    ["Infinity", Infinity],
  ])("%j is %d seconds", (text, sec) => {
    expect(parseDurationSec(text, "clients.timeout")).toBe(sec);
  });

  test.each([
    ["250 parsecs", undefined],
    ["", "empty"],
    ["   ", "empty"],
    ["250", "a number needs a unit"],
    ["1.5", "a number needs a unit"],
    ["-5s", "negative values are not allowed"],
    ["-0s", "negative values are not allowed"],
    ["NaN", undefined],
    ["1e3ms", "exponents are not allowed"],
    ["5 s s", undefined],
    ["1.s", undefined],
    ["250MS", undefined],
    ["5000/s", undefined],
    ["-inf", "negative values are not allowed"],
  ])("%j throws a UnitError naming the path and listing the allowed forms", (text, reason) => {
    const error = thrown(() => parseDurationSec(text, "clients.timeout"));
    expect(error.path).toBe("clients.timeout");
    expect(error.found).toBe(text);
    expect(error.message).toContain(`clients.timeout: ${JSON.stringify(text)} is not a duration`);
    expect(error.message).toContain('ns, us (or µs), ms, s, m (or min), h (e.g. "250ms"');
    if (reason !== undefined) expect(error.message).toContain(`(${reason})`);
  });

  test("the message has the documented shape", () => {
    expect(() => parseDurationSec("250 parsecs", "clients.timeout")).toThrow(
      'clients.timeout: "250 parsecs" is not a duration; use a number with a unit: ns, us (or µs), ms, s, m (or min), h (e.g. "250ms", "1.5s"); "0" alone; or "inf" for unbounded',
    );
  });

  test("a non-string value (a bare YAML number) is refused with the path", () => {
    const error = thrown(() => parseDurationSec(250 as unknown as string, "run.duration"));
    expect(error.found).toBe("250");
    expect(error.message).toContain("run.duration");
  });
});

describe("parseRatePerSec", () => {
  test.each([
    ["5000/s", 5000],
    ["300/min", 5],
    ["300/m", 5],
    ["1/ms", 1000],
    ["2/us", 2_000_000],
    ["1.2k/s", 1200],
    ["1.5M/s", 1_500_000],
    ["3600/h", 1],
    ["0.5/s", 0.5],
    [" 900 / s ", 900],
    ["1.2 k/s", 1200],
    ["0", 0],
    ["0/s", 0],
  ])("%j is %d per second", (text, ratePerSec) => {
    expect(parseRatePerSec(text, "load.base")).toBe(ratePerSec);
  });

  test.each([
    ["5000", "a number needs a unit"],
    ["-5/s", "negative values are not allowed"],
    ["", "empty"],
    ["5000/sec", undefined],
    ["5000 per second", undefined],
    ["1.2K/s", undefined],
    ["5/", undefined],
    ["/s", undefined],
    ["1e3/s", "exponents are not allowed"],
    ["inf/s", undefined],
    ["250ms", undefined],
  ])("%j throws a UnitError naming the path and listing the allowed forms", (text, reason) => {
    const error = thrown(() => parseRatePerSec(text, "load.base"));
    expect(error.path).toBe("load.base");
    expect(error.message).toContain(`load.base: ${JSON.stringify(text)} is not a rate`);
    expect(error.allowed).toContain('"5000/s", "1.2k/s", "300/min"');
    if (reason !== undefined) expect(error.message).toContain(`(${reason})`);
  });
});

describe("parseSizeBytes", () => {
  test.each([
    ["4096", 4096],
    ["4096B", 4096],
    ["0", 0],
    ["512k", 524_288],
    ["512K", 524_288],
    ["1m", 1_048_576],
    ["1M", 1_048_576],
    ["1g", 1_073_741_824],
    ["1MB", 1_048_576],
    ["1MiB", 1_048_576],
    ["64KiB", 65_536],
    ["64KB", 65_536],
    ["2 GiB", 2_147_483_648],
    ["1.5k", 1536],
    ["10m", 10_485_760],
  ])("%j is %d bytes", (text, sizeBytes) => {
    expect(parseSizeBytes(text, "fleet.sessionCache.size")).toBe(sizeBytes);
  });

  test.each([
    ["", "empty"],
    ["-1m", "negative values are not allowed"],
    ["1.5", "not a whole number of bytes"],
    ["0.1k", "not a whole number of bytes"],
    ["1t", undefined],
    ["1 megabyte", undefined],
    ["99999999999g", "too large"],
    ["1e6", undefined],
    ["m", undefined],
  ])("%j throws a UnitError naming the path and listing the allowed forms", (text, reason) => {
    const error = thrown(() => parseSizeBytes(text, "fleet.sessionCache.size"));
    expect(error.path).toBe("fleet.sessionCache.size");
    expect(error.message).toContain(`fleet.sessionCache.size: ${JSON.stringify(text)} is not a size`);
    expect(error.allowed).toContain('"1m", "512k", "64KiB"');
    if (reason !== undefined) expect(error.message).toContain(`(${reason})`);
  });
});

describe("formatting", () => {
  test.each([
    [0, "0"],
    [0.25, "250ms"],
    [30, "30s"],
    [90, "90s"],
    [7200, "7200s"],
    [1.5, "1.5s"],
    [0.0005, "500us"],
    [1e-7, "100ns"],
    [0.001, "1ms"],
    [0.0003, "300us"],
    [1e21, "1000000000000000000000s"],
    [Infinity, "inf"],
  ])("duration %d seconds is displayed as %j", (sec, text) => {
    expect(formatDurationSec(sec)).toBe(text);
  });

  test.each([
    [5000, "5000/s"],
    [0.5, "0.5/s"],
    [0, "0/s"],
    [1e-7, "0.0000001/s"],
    [1e21, "1000000000000000000000/s"],
  ])("rate %d per second is displayed as %j", (ratePerSec, text) => {
    expect(formatRatePerSec(ratePerSec)).toBe(text);
  });

  test("parse(format(x)) returns exactly x for typical and awkward values", () => {
    const rng = new RandomStreams(7).stream("units.roundTrip");
    const values = [0, 0.1 + 0.2, 1 / 3, 2 / 3, 5e-10, 123.456, 0.000999, 1e-3, 1e-6, 59.99, 3600.5, 2 ** -30];
    for (let i = 0; i < 2000; i++) values.push(rng.next() * 10 ** Math.floor(rng.next() * 16 - 10));
    for (const x of values) {
      expect(parseDurationSec(formatDurationSec(x), "p")).toBe(x);
      expect(parseRatePerSec(formatRatePerSec(x), "p")).toBe(x);
    }
    expect(parseDurationSec(formatDurationSec(Infinity), "p")).toBe(Infinity);
  });

  test("formatting a negative, NaN (or, for rates, infinite) value throws a RangeError", () => {
    expect(() => formatDurationSec(-1)).toThrow(RangeError);
    expect(() => formatDurationSec(Number.NaN)).toThrow(RangeError);
    expect(() => formatRatePerSec(-1)).toThrow(RangeError);
    expect(() => formatRatePerSec(Number.NaN)).toThrow(RangeError);
    expect(() => formatRatePerSec(Infinity)).toThrow(RangeError);
  });
});
