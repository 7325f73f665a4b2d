import { describe, expect, test } from "vitest";
import type { WindowSeries } from "../../models/run.js";
import { herdAfter, phaseReadings, recoveryAfter, windowMax, windowMean } from "../../notebooks/lib/analysis.js";

/** A scripted series of 1 s windows: goodput, full handshakes and p99 as given, everything else zero. */
function series(goodput: number[], options: { full?: number[]; p99?: (number | null)[] } = {}): WindowSeries {
  const n = goodput.length;
  const zeros = () => Array.from({ length: n }, () => 0);
  return {
    windowSec: 1,
    startSec: Array.from({ length: n }, (_, i) => i),
    offeredPerS: goodput.map((g) => g + 10),
    attemptsPerS: zeros(),
    goodputPerS: goodput,
    fullPerS: options.full ?? zeros(),
    resumedPerS: zeros(),
    timeoutsPerS: zeros(),
    retriesPerS: zeros(),
    failuresPerS: zeros(),
    rejectionsPerS: zeros(),
    listenOverflowsPerS: zeros(),
    latencyP50S: Array.from({ length: n }, () => 0.001),
    latencyP99S: options.p99 ?? Array.from({ length: n }, () => 0.002),
    latencyP999S: Array.from({ length: n }, () => 0.003),
    workerUtilization: zeros(),
    runQueueDepth: zeros(),
    backlogDepth: zeros(),
    cacheEntries: zeros(),
    wastedCpuFraction: zeros(),
  };
}

describe("window readings", () => {
  test("mean and maximum take the windows starting in [from, to) and skip nulls", () => {
    const s = series([1, 2, 3, 4], { p99: [0.1, null, 0.5, 0.2] });
    expect(windowMean(s, "goodputPerS", { fromSec: 1, toSec: 3 })).toBe(2.5);
    expect(windowMean(s, "latencyP99S", { fromSec: 0, toSec: 2 })).toBe(0.1);
    expect(windowMax(s, "latencyP99S", { fromSec: 0, toSec: 4 })).toBe(0.5);
    expect(windowMean(s, "goodputPerS", { fromSec: 10, toSec: 20 })).toBeNull();
  });

  test("a range whose start is not before its end is refused", () => {
    expect(() => windowMean(series([1]), "goodputPerS", { fromSec: 2, toSec: 2 })).toThrow(/windowMean\.range/);
  });

  test("phase readings give each phase's means and its worst window p99", () => {
    const s = series([10, 10, 2, 4], { p99: [0.01, 0.01, 1, 3] });
    const [a, b] = phaseReadings(s, [{ label: "calm", fromSec: 0, toSec: 2 }, { label: "storm", fromSec: 2, toSec: 4 }]);
    expect(a).toMatchObject({ label: "calm", goodputPerS: 10, newConnectionsPerS: 20, maxWindowP99S: 0.01 });
    expect(b).toMatchObject({ label: "storm", goodputPerS: 3, maxWindowP99S: 3, meanWindowP50S: 0.001, timeoutsPerS: 0 });
    expect(() => phaseReadings(s, [])).toThrow(/non-empty/);
  });
});

describe("recoveryAfter", () => {
  test("finds the first window after the trigger from which goodput stays at 80 % of the baseline or more", () => {
    const r = recoveryAfter(series([100, 100, 0, 0, 50, 90, 85, 95]), { baseline: { fromSec: 0, toSec: 2 }, endSec: 3 });
    expect(r).toEqual({ baselinePerS: 100, recovered: true, atSec: 5, afterEndSec: 2 });
  });

  test("a run that ends below the threshold has not recovered, even if it came back for a while", () => {
    const r = recoveryAfter(series([100, 100, 0, 90, 90, 10]), { baseline: { fromSec: 0, toSec: 2 }, endSec: 3 });
    expect(r.recovered).toBe(false);
    expect(r.atSec).toBeNull();
  });

  test("a run that never dips recovers at once (0 s after the end) and the fraction is adjustable", () => {
    expect(recoveryAfter(series([100, 100, 100, 95]), { baseline: { fromSec: 0, toSec: 2 }, endSec: 2 }).afterEndSec).toBe(0);
    expect(recoveryAfter(series([100, 100, 100, 95]), { baseline: { fromSec: 0, toSec: 2 }, endSec: 2, fraction: 0.99 }).recovered).toBe(false);
  });

  test("bad options are refused: a fraction outside (0, 1], no baseline windows, an end after the last window", () => {
    const s = series([1, 2]);
    expect(() => recoveryAfter(s, { baseline: { fromSec: 0, toSec: 1 }, endSec: 1, fraction: 0 })).toThrow(/fraction/);
    expect(() => recoveryAfter(s, { baseline: { fromSec: 5, toSec: 6 }, endSec: 1 })).toThrow(/baseline/);
    expect(() => recoveryAfter(s, { baseline: { fromSec: 0, toSec: 1 }, endSec: 9 })).toThrow(/endSec/);
  });
});

describe("herdAfter", () => {
  test("gives the baseline, the peak and its window, the full handshakes above the baseline and the worst p99 from the event on", () => {
    const s = series([0, 0, 0, 0, 0, 0], { full: [10, 10, 100, 50, 10, 5], p99: [0.001, 0.001, 0.2, 0.1, null, 0.001] });
    expect(herdAfter(s, { baseline: { fromSec: 0, toSec: 2 }, atSec: 2 })).toEqual({ baselineFullPerS: 10, peakFullPerS: 100, peakAtSec: 2, extraFull: 130, maxP99S: 0.2 });
  });

  test("an event inside a window counts that window", () => {
    const s = series([0, 0, 0], { full: [1, 7, 1] });
    expect(herdAfter(s, { baseline: { fromSec: 0, toSec: 1 }, atSec: 1.5 }).peakAtSec).toBe(1);
    expect(() => herdAfter(s, { baseline: { fromSec: 0, toSec: 1 }, atSec: 3 })).toThrow(/atSec/);
  });
});
