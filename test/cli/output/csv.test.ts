import { describe, expect, test } from "vitest";
import { timeSeriesCsv, toCsv } from "../../../cli/output/csv.js";
import type { WindowSeries } from "../../../models/run.js";

describe("CSV", () => {
  test("writes a header and rows, numbers in shortest round-trip form and null as an empty field", () => {
    expect(toCsv(["a", "b", "c"], [[1, 0.1, null], [-2.5e-7, 1e21, "x"]])).toBe("a,b,c\n1,0.1,\n-2.5e-7,1e+21,x\n");
  });

  test("quotes fields that hold a comma, a quote or a newline, doubling inner quotes", () => {
    expect(toCsv(["name"], [['say "hi", then\nleave']])).toBe('name\n"say ""hi"", then\nleave"\n');
  });

  test("refuses a row of the wrong length and a NaN", () => {
    expect(() => toCsv(["a", "b"], [[1]])).toThrow(/row 0: must have 2 fields/);
    expect(() => toCsv(["a"], [[Number.NaN]])).toThrow(/NaN/);
  });

  test("a time series becomes one row per window with startSec first and every series after it", () => {
    const n = (v: number) => [v, v + 1];
    const series: WindowSeries = {
      windowSec: 1, startSec: [0, 1], offeredPerS: n(10), attemptsPerS: n(20), goodputPerS: n(30), fullPerS: n(40), resumedPerS: n(50),
      timeoutsPerS: n(0), retriesPerS: n(0), failuresPerS: n(0), rejectionsPerS: n(0), listenOverflowsPerS: n(0),
      latencyP50S: [0.001, null], latencyP99S: [0.002, null], latencyP999S: [0.003, null],
      workerUtilization: [0.5, 0.25], runQueueDepth: n(0), backlogDepth: n(0), cacheEntries: n(0), wastedCpuFraction: n(0),
    };
    const lines = timeSeriesCsv(series).trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]!.split(",")).toEqual(["startSec", ...Object.keys(series).filter((k) => k !== "windowSec" && k !== "startSec")]);
    expect(lines[0]!.startsWith("startSec,offeredPerS,attemptsPerS,goodputPerS")).toBe(true);
    expect(lines[2]!.split(",").slice(0, 4)).toEqual(["1", "11", "21", "31"]);
    expect(lines[2]!.split(",")[11]).toBe("");
  });
});
