import { describe, expect, test } from "vitest";
import { Engine } from "../../../sim/engine.js";
import { InvariantError } from "../../../sim/errors.js";
import { RandomStreams } from "../../../sim/random.js";
import { OpenLoopArrivals, type OpenLoopOptions } from "../../../models/load/openLoopArrivals.js";
import { buildRateSchedule } from "../../../models/load/rateSchedule.js";
import type { LoadSpec } from "../../../models/scenario/types.js";

type ScheduleLoad = Pick<LoadSpec, "ratePerSec" | "phases" | "ramps" | "spikes">;

interface Run {
  source: OpenLoopArrivals;
  timesSec: number[];
  nowMismatches: number;
}

/** Wires a source on a fresh engine with seeded streams, runs it to the end and records the onConnection times. */
function run(scheduleLoad: Partial<ScheduleLoad>, durationSec: number, options: Partial<OpenLoopOptions> = {}, seed = 1): Run {
  const engine = new Engine();
  const streams = new RandomStreams(seed);
  const timesSec: number[] = [];
  const result = { source: null as unknown as OpenLoopArrivals, timesSec, nowMismatches: 0 };
  const schedule = buildRateSchedule({ ratePerSec: 0, phases: [], ramps: [], spikes: [], ...scheduleLoad }, durationSec);
  result.source = new OpenLoopArrivals(engine, {
    schedule,
    spacing: "poisson",
    stream: streams.stream("arrivals"),
    durationSec,
    reuseFraction: 0,
    reuseWindows: [],
    reuseStream: streams.stream("reuse"),
    prewarm: [],
    onConnection: (timeSec) => {
      if (engine.nowSec !== timeSec) result.nowMismatches++;
      timesSec.push(timeSec);
    },
    ...options,
  });
  result.source.start();
  engine.runUntilEmpty();
  return result;
}

/** Counts of times in consecutive windows of widthSec over [0, durationSec). */
function windowCounts(timesSec: number[], durationSec: number, widthSec: number): number[] {
  const counts = new Array<number>(Math.ceil(durationSec / widthSec)).fill(0);
  for (const t of timesSec) counts[Math.floor(t / widthSec)]++;
  return counts;
}

function countIn(timesSec: number[], fromSec: number, toSec: number): number {
  return timesSec.filter((t) => t >= fromSec && t < toSec).length;
}

describe("OpenLoopArrivals", () => {
  test("the generator's schedule is exact: uniform spacing at 100/s for 10 s gives 1000 arrivals at i/100 (within 1e-12 s)", () => {
    const { source, timesSec, nowMismatches } = run({ ratePerSec: 100 }, 10, { spacing: "uniform" });
    expect(timesSec.length).toBe(1000);
    expect(source.offered).toBe(1000);
    expect(source.newConnections).toBe(1000);
    for (let i = 0; i < 1000; i++) expect(Math.abs(timesSec[i] - i / 100)).toBeLessThan(1e-12);
    expect(nowMismatches).toBe(0);
  });

  test("uniform arrivals are evenly spaced in Λ: 10/s then 20/s from 1 s gives gaps of 0.1 s then 0.05 s", () => {
    const { timesSec } = run({ ratePerSec: 10, phases: [{ atSec: 1, ratePerSec: 20 }] }, 2, { spacing: "uniform" });
    expect(timesSec.length).toBe(30);
    for (let i = 0; i < 10; i++) expect(timesSec[i]).toBeCloseTo(i / 10, 12);
    for (let i = 0; i < 20; i++) expect(timesSec[10 + i]).toBeCloseTo(1 + i / 20, 12);
  });

  test("no arrival at or after durationSec, even when the schedule runs longer", () => {
    const engine = new Engine();
    const streams = new RandomStreams(3);
    const timesSec: number[] = [];
    const source = new OpenLoopArrivals(engine, {
      schedule: buildRateSchedule({ ratePerSec: 100, phases: [], ramps: [], spikes: [] }, 10),
      spacing: "uniform",
      stream: streams.stream("arrivals"),
      durationSec: 2.5,
      reuseFraction: 0,
      reuseWindows: [],
      reuseStream: streams.stream("reuse"),
      prewarm: [],
      onConnection: (t) => timesSec.push(t),
    });
    source.start();
    engine.runUntilEmpty();
    expect(timesSec.length).toBe(250);
    expect(Math.max(...timesSec)).toBeLessThan(2.5);
  });

  test("Poisson counts per 1 s window at 50/s over 10,000 s have mean and variance 50 (within 4 standard errors)", () => {
    const durationSec = 10_000;
    const { timesSec } = run({ ratePerSec: 50 }, durationSec, {}, 7);
    const counts = windowCounts(timesSec, durationSec, 1);
    const n = counts.length;
    const mean = counts.reduce((a, b) => a + b, 0) / n;
    const variance = counts.reduce((a, c) => a + (c - mean) ** 2, 0) / (n - 1);
    // SE(mean) = √(λ/n) ≈ 0.071; SE(sample variance) ≈ λ·√(2/(n−1) + 1/(λn)) ≈ 0.71 for Poisson counts.
    expect(Math.abs(mean - 50)).toBeLessThan(4 * Math.sqrt(50 / n));
    expect(Math.abs(variance - 50)).toBeLessThan(4 * 50 * Math.sqrt(2 / (n - 1) + 1 / (50 * n)));
  });

  test("Poisson counts in a spike window match the spike rate × duration within 4 standard deviations", () => {
    const { timesSec } = run({ ratePerSec: 100, spikes: [{ atSec: 10, forSec: 2, ratePerSec: 1000 }] }, 20, {}, 11);
    const inSpike = countIn(timesSec, 10, 12);
    expect(Math.abs(inSpike - 2000)).toBeLessThan(4 * Math.sqrt(2000));
    const outside = timesSec.length - inSpike;
    expect(Math.abs(outside - 1800)).toBeLessThan(4 * Math.sqrt(1800));
  });

  test("Poisson counts follow a ramp from 0 to 200/s: each 10 s bin holds ∫λ within 4 standard deviations, and bins increase", () => {
    const durationSec = 100;
    const { timesSec } = run({ ramps: [{ fromSec: 0, toSec: 100, startRatePerSec: 0, endRatePerSec: 200 }] }, durationSec, {}, 5);
    const counts = windowCounts(timesSec, durationSec, 10);
    for (let b = 0; b < 10; b++) {
      const expected = 10 * 2 * (10 * b + 5); // ∫ of 2t over [10b, 10b+10)
      expect(Math.abs(counts[b] - expected), "bin " + b).toBeLessThan(4 * Math.sqrt(expected));
    }
    expect(counts[9]).toBeGreaterThan(counts[5]);
    expect(counts[5]).toBeGreaterThan(counts[1]);
  });

  test("with reuseFraction 0.75 about 25 % of offered arrivals call onConnection, and the counters add up (uniform: Bernoulli draws)", () => {
    const { source, timesSec } = run({ ratePerSec: 100 }, 100, { reuseFraction: 0.75, spacing: "uniform" }, 2);
    const offered = source.offered;
    expect(offered).toBe(10_000);
    const expectedNew = 0.25 * offered;
    expect(Math.abs(timesSec.length - expectedNew)).toBeLessThan(4 * Math.sqrt(offered * 0.25 * 0.75));
    expect(source.newConnections).toBe(timesSec.length);
    expect(source.reused + source.newConnections).toBe(offered);
    expect(source.prewarmed).toBe(0);
  });

  test("Poisson with reuseFraction 0.75: new connections form a Poisson process at 25 % of the rate (thinning folded into the rate)", () => {
    const { source, timesSec } = run({ ratePerSec: 100 }, 1000, { reuseFraction: 0.75 }, 2);
    expect(Math.abs(timesSec.length - 25_000)).toBeLessThan(4 * Math.sqrt(25_000));
    const perSec = new Array(1000).fill(0);
    for (const t of timesSec) perSec[Math.floor(t)]++;
    const mean = perSec.reduce((a, b) => a + b, 0) / 1000;
    const variance = perSec.reduce((a, b) => a + (b - mean) ** 2, 0) / 999;
    expect(Math.abs(variance / mean - 1)).toBeLessThan(0.15); // Poisson: variance = mean
    // expected reused: Λ_offered − Λ_new up to the last event (just before 1000 s)
    expect(Math.abs(source.reused - 75_000)).toBeLessThan(20);
    expect(source.offered).toBeCloseTo(timesSec.length + source.reused, 9);
  });

  test("a reuse window replaces the fraction only inside the window", () => {
    const reuseWindows = [{ atSec: 40, forSec: 20, fraction: 0 }, { atSec: 70, forSec: 10, fraction: 1 }];
    const { timesSec } = run({ ratePerSec: 100 }, 100, { reuseFraction: 0.75, reuseWindows, spacing: "uniform" }, 4);
    const all = run({ ratePerSec: 100 }, 100, { spacing: "uniform" }, 4).timesSec; // same streams, no reuse: every offered arrival
    expect(countIn(timesSec, 40, 60)).toBe(countIn(all, 40, 60)); // fraction 0: every arrival is new
    expect(countIn(timesSec, 70, 80)).toBe(0); // fraction 1: all reused
    const before = countIn(all, 0, 40);
    expect(Math.abs(countIn(timesSec, 0, 40) - 0.25 * before)).toBeLessThan(4 * Math.sqrt(before * 0.25 * 0.75));
    const after = countIn(all, 80, 100);
    expect(Math.abs(countIn(timesSec, 80, 100) - 0.25 * after)).toBeLessThan(4 * Math.sqrt(after * 0.25 * 0.75));
  });

  test("Poisson: a reuse window changes the new-connection rate only inside the window", () => {
    const reuseWindows = [{ atSec: 40, forSec: 20, fraction: 0 }, { atSec: 70, forSec: 10, fraction: 1 }];
    const { timesSec } = run({ ratePerSec: 100 }, 100, { reuseFraction: 0.75, reuseWindows }, 4);
    expect(Math.abs(countIn(timesSec, 40, 60) - 2000)).toBeLessThan(4 * Math.sqrt(2000));
    expect(countIn(timesSec, 70, 80)).toBe(0);
    expect(Math.abs(countIn(timesSec, 0, 40) - 1000)).toBeLessThan(4 * Math.sqrt(1000));
    expect(Math.abs(countIn(timesSec, 80, 100) - 500)).toBeLessThan(4 * Math.sqrt(500));
  });

  test("uniform spacing: changing reuseFraction does not change the offered arrival times: new connections are nested subsets of them", () => {
    const none = run({ ratePerSec: 100, spikes: [{ atSec: 3, forSec: 1, ratePerSec: 500 }] }, 10, { reuseFraction: 0, spacing: "uniform" }, 9);
    const half = run({ ratePerSec: 100, spikes: [{ atSec: 3, forSec: 1, ratePerSec: 500 }] }, 10, { reuseFraction: 0.5, spacing: "uniform" }, 9);
    const most = run({ ratePerSec: 100, spikes: [{ atSec: 3, forSec: 1, ratePerSec: 500 }] }, 10, { reuseFraction: 0.75, spacing: "uniform" }, 9);
    expect(half.source.offered).toBe(none.source.offered);
    expect(most.source.offered).toBe(none.source.offered);
    const offeredTimes = new Set(none.timesSec);
    const halfTimes = new Set(half.timesSec);
    expect(half.timesSec.every((t) => offeredTimes.has(t))).toBe(true);
    expect(most.timesSec.every((t) => halfTimes.has(t))).toBe(true);
    expect(most.timesSec.length).toBeLessThan(half.timesSec.length);
  });

  test("the same seed gives identical arrival times, and a different seed different ones", () => {
    const a = run({ ratePerSec: 30 }, 20, {}, 12).timesSec;
    const b = run({ ratePerSec: 30 }, 20, {}, 12).timesSec;
    const c = run({ ratePerSec: 30 }, 20, {}, 13).timesSec;
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  test("a prewarm opens exactly N extra connections evenly spread over its window, each calling onConnection", () => {
    const { source, timesSec, nowMismatches } = run({ ratePerSec: 0 }, 20, { prewarm: [{ atSec: 5, overSec: 5, connections: 50 }, { atSec: 12, overSec: 1, connections: 0 }] });
    expect(timesSec.length).toBe(50);
    for (let j = 0; j < 50; j++) expect(timesSec[j]).toBeCloseTo(5 + j * 0.1, 12);
    expect(source.prewarmed).toBe(50);
    expect(source.newConnections).toBe(50);
    expect(source.offered).toBe(0);
    expect(nowMismatches).toBe(0);
  });

  test("prewarm connections add to open-loop arrivals and are never reused", () => {
    const { source } = run({ ratePerSec: 10 }, 10, { spacing: "uniform", reuseFraction: 1, prewarm: [{ atSec: 2, overSec: 3, connections: 7 }] });
    expect(source.offered).toBe(100);
    expect(source.reused).toBe(100);
    expect(source.prewarmed).toBe(7);
    expect(source.newConnections).toBe(7);
  });

  test("start twice throws an InvariantError", () => {
    const engine = new Engine();
    const streams = new RandomStreams(1);
    const source = new OpenLoopArrivals(engine, {
      schedule: buildRateSchedule({ ratePerSec: 1, phases: [], ramps: [], spikes: [] }, 10),
      spacing: "poisson",
      stream: streams.stream("a"),
      durationSec: 10,
      reuseFraction: 0,
      reuseWindows: [],
      reuseStream: streams.stream("r"),
      prewarm: [],
      onConnection: () => {},
    });
    source.start();
    expect(() => source.start()).toThrow(InvariantError);
  });

  test("bad inputs throw RangeErrors naming the path", () => {
    const bad: [Partial<OpenLoopOptions>, RegExp][] = [
      [{ reuseFraction: 1.5 }, /^load\.reuseFraction: must be a fraction in \[0, 1\] \(got 1\.5\)$/],
      [{ reuseFraction: Number.NaN }, /^load\.reuseFraction: .*got NaN/],
      [{ durationSec: -1 }, /^run\.durationSec: /],
      [{ reuseWindows: [{ atSec: -1, forSec: 1, fraction: 0.5 }] }, /^load\.reuseWindows\[0\]\.atSec: must be in \[0, run\.durationSec = 10\)/],
      [{ reuseWindows: [{ atSec: 1, forSec: 0, fraction: 0.5 }] }, /^load\.reuseWindows\[0\]\.forSec: /],
      [{ reuseWindows: [{ atSec: 1, forSec: 1, fraction: 2 }] }, /^load\.reuseWindows\[0\]\.fraction: must be a fraction in \[0, 1\]/],
      [{ reuseWindows: [{ atSec: 1, forSec: 3, fraction: 0.5 }, { atSec: 2, forSec: 1, fraction: 0.5 }] }, /^load\.reuseWindows\[1\]\.atSec: must be >= the end of load\.reuseWindows\[0\] = 4/],
      [{ prewarm: [{ atSec: 1, overSec: 1, connections: 2.5 }] }, /^load\.prewarm\[0\]\.connections: must be an integer >= 0 \(got 2\.5\)$/],
      [{ prewarm: [{ atSec: 1, overSec: 1, connections: 3 }, { atSec: 11, overSec: 1, connections: 3 }] }, /^load\.prewarm\[1\]\.atSec: /],
      [{ prewarm: [{ atSec: 8, overSec: 5, connections: 3 }] }, /^load\.prewarm\[0\]\.overSec: must be <= run\.durationSec - atSec = 2/],
      [{ spacing: "bursty" as "poisson" }, /^load\.arrivals: /],
    ];
    for (const [options, message] of bad) {
      expect(() => run({ ratePerSec: 1 }, 10, options)).toThrow(RangeError);
      expect(() => run({ ratePerSec: 1 }, 10, options)).toThrow(message);
    }
  });
});
