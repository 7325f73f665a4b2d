import { describe, expect, test } from "vitest";
import { InvariantError } from "../../../sim/errors.js";
import { buildRateSchedule } from "../../../models/load/rateSchedule.js";
import type { LoadSpec } from "../../../models/scenario/types.js";

type ScheduleLoad = Pick<LoadSpec, "ratePerSec" | "phases" | "ramps" | "spikes">;

function load(partial: Partial<ScheduleLoad>): ScheduleLoad {
  return { ratePerSec: 0, phases: [], ramps: [], spikes: [], ...partial };
}

/**
 * Base 10/s; phase 20/s at 5 s; ramp 20 -> 40 over [10, 20) (slope 2/s²); phase 5/s at 25 s; spike 100/s on [12, 14); 30 s.
 * Segments and Λ by hand:
 *   [0,5) 10/s: 50 -> Λ(5)=50;  [5,10) 20/s: 100 -> Λ(10)=150;  [10,12) 20->24: 2·22 = 44 -> Λ(12)=194;
 *   [12,14) spike 100/s: 200 -> Λ(14)=394;  [14,20) 28->40: 6·34 = 204 -> Λ(20)=598;  [20,25) 40/s: 200 -> Λ(25)=798;
 *   [25,30) 5/s: 25 -> Λ(30)=823.
 */
const combined = load({
  ratePerSec: 10,
  phases: [{ atSec: 25, ratePerSec: 5 }, { atSec: 5, ratePerSec: 20 }],
  ramps: [{ fromSec: 10, toSec: 20, startRatePerSec: 20, endRatePerSec: 40 }],
  spikes: [{ atSec: 12, forSec: 2, ratePerSec: 100 }],
});

describe("buildRateSchedule", () => {
  test("base, phases, a ramp and a spike give the hand-computed segments", () => {
    const s = buildRateSchedule(combined, 30);
    expect(s.segments()).toEqual([
      { startSec: 0, endSec: 5, rateAtStartPerSec: 10, slopePerSecPerSec: 0 },
      { startSec: 5, endSec: 10, rateAtStartPerSec: 20, slopePerSecPerSec: 0 },
      { startSec: 10, endSec: 12, rateAtStartPerSec: 20, slopePerSecPerSec: 2 },
      { startSec: 12, endSec: 14, rateAtStartPerSec: 100, slopePerSecPerSec: 0 },
      { startSec: 14, endSec: 20, rateAtStartPerSec: 28, slopePerSecPerSec: 2 },
      { startSec: 20, endSec: 25, rateAtStartPerSec: 40, slopePerSecPerSec: 0 },
      { startSec: 25, endSec: 30, rateAtStartPerSec: 5, slopePerSecPerSec: 0 },
    ]);
    expect(s.totalExpectedArrivals).toBe(823);
  });

  test("rateAt is exact at chosen points, including the spike override and the ramp resuming after it", () => {
    const s = buildRateSchedule(combined, 30);
    const points: [number, number][] = [[0, 10], [4.5, 10], [5, 20], [11, 22], [12, 100], [13.5, 100], [14, 28], [17, 34], [19.5, 39], [20, 40], [24, 40], [25, 5], [29.9, 5]];
    for (const [t, rate] of points) expect(s.rateAt(t), "λ(" + t + ")").toBe(rate);
    expect(s.rateAt(30)).toBe(0);
    expect(s.rateAt(-1)).toBe(0);
  });

  test("cumulative is exact at chosen points", () => {
    const s = buildRateSchedule(combined, 30);
    const points: [number, number][] = [[0, 0], [2, 20], [5, 50], [7, 90], [11, 171], [12, 194], [13, 294], [14, 394], [17, 487], [20, 598], [25, 798], [30, 823], [40, 823]];
    for (const [t, cum] of points) expect(s.cumulative(t), "Λ(" + t + ")").toBe(cum);
  });

  test("inverseCumulative inverts cumulative: exact at hand-computed points and within 1e-12 s on a grid", () => {
    const s = buildRateSchedule(combined, 30);
    expect(s.inverseCumulative(0)).toBe(0);
    expect(s.inverseCumulative(171)).toBe(11);
    expect(s.inverseCumulative(294)).toBe(13);
    expect(s.inverseCumulative(487)).toBe(17);
    expect(s.inverseCumulative(823)).toBe(Infinity);
    expect(s.inverseCumulative(1000)).toBe(Infinity);
    for (let t = 0; t < 30; t += 0.0137) expect(Math.abs(s.inverseCumulative(s.cumulative(t)) - t)).toBeLessThan(1e-12);
    // Backwards after forwards (the cursor falls back to a binary search).
    expect(s.inverseCumulative(90)).toBe(7);
  });

  test("nextArrivalSec agrees with Λ⁻¹(Λ(from) + gap) across segments, forwards and backwards", () => {
    const s = buildRateSchedule(combined, 30);
    expect(s.nextArrivalSec(2, 30)).toBe(5); // 10/s for 3 s
    expect(s.nextArrivalSec(2, 70)).toBe(7); // 30 then 40 at 20/s
    expect(s.nextArrivalSec(11, 123)).toBe(13); // 23 to the spike, 100 in it
    expect(s.nextArrivalSec(29, 5)).toBe(Infinity); // only 5 expected arrivals left
    expect(s.nextArrivalSec(30, 0.1)).toBe(Infinity);
    for (let from = 0; from < 30; from += 0.731) {
      for (const gap of [0.01, 0.7, 3, 41, 250]) {
        const expected = s.inverseCumulative(s.cumulative(from) + gap);
        const got = s.nextArrivalSec(from, gap);
        if (expected === Infinity) expect(got).toBe(Infinity);
        else expect(Math.abs(got - expected), "from " + from + " gap " + gap).toBeLessThan(1e-9);
      }
    }
    expect(s.nextArrivalSec(0, 1)).toBeCloseTo(0.1, 15);
  });

  test("segments with rate 0 are skipped: the next arrival comes when the rate turns on", () => {
    const s = buildRateSchedule(load({ ratePerSec: 0, phases: [{ atSec: 5, ratePerSec: 10 }, { atSec: 8, ratePerSec: 0 }, { atSec: 9, ratePerSec: 10 }] }), 10);
    expect(s.inverseCumulative(0)).toBe(5);
    expect(s.nextArrivalSec(1, 1)).toBeCloseTo(5.1, 14);
    expect(s.nextArrivalSec(7.5, 10)).toBeCloseTo(9.5, 14); // 5 before 8, none in [8, 9), 5 after 9
    expect(s.inverseCumulative(30)).toBe(9); // Λ is flat at 30 on [8, 9]: the time it rises again
    expect(s.nextArrivalSec(8.5, 0)).toBe(9);
    expect(s.rateAt(8.5)).toBe(0);
  });

  test("a ramp from rate 0 solves the pure quadratic, and a tiny slope matches the constant-rate answer", () => {
    const fromZero = buildRateSchedule(load({ ramps: [{ fromSec: 0, toSec: 10, startRatePerSec: 0, endRatePerSec: 100 }] }), 10);
    // Λ(t) = 5 t² on the ramp: Λ = 2 at t = √0.4.
    expect(fromZero.nextArrivalSec(0, 2)).toBeCloseTo(Math.sqrt(0.4), 15);
    expect(fromZero.inverseCumulative(2)).toBeCloseTo(Math.sqrt(0.4), 15);
    const tiny = buildRateSchedule(load({ ramps: [{ fromSec: 0, toSec: 10, startRatePerSec: 100, endRatePerSec: 100 + 1e-9 }] }), 10);
    expect(tiny.slopePerSecPerSec[0]).toBeGreaterThan(0);
    // Series root of r·x + s·x²/2 = R: x = R/r − sR²/(2r³) + s²R³/(2r⁵) − ...; the naive (−r + √(r² + 2sR))/s loses ~8 digits here.
    const r = 100;
    const slope = tiny.slopePerSecPerSec[0];
    for (let k = 1; k < 1000; k += 37) {
      const series = k / r - (slope * k * k) / (2 * r ** 3) + (slope * slope * k ** 3) / (2 * r ** 5);
      expect(Math.abs(tiny.nextArrivalSec(0, k) - series)).toBeLessThan(1e-14);
    }
  });

  test("a ramp down to rate 0 ends the arrivals: Λ saturates and later gaps give Infinity", () => {
    const s = buildRateSchedule(load({ ramps: [{ fromSec: 0, toSec: 10, startRatePerSec: 100, endRatePerSec: 0 }] }), 20);
    expect(s.totalExpectedArrivals).toBe(500);
    // Λ(t) = 100 t − 5 t²: Λ(9) = 495.
    expect(s.nextArrivalSec(0, 495)).toBeCloseTo(9, 12);
    expect(s.nextArrivalSec(9, 4.99)).toBeCloseTo(10 - Math.sqrt(0.002), 9);
    expect(s.nextArrivalSec(9, 5.01)).toBe(Infinity);
    expect(s.nextArrivalSec(12, 0.001)).toBe(Infinity);
  });

  test("a spike that starts inside a ramp cuts it, and the ramp resumes on its line after the spike", () => {
    const s = buildRateSchedule(load({ ramps: [{ fromSec: 0, toSec: 10, startRatePerSec: 0, endRatePerSec: 10 }], spikes: [{ atSec: 4, forSec: 2, ratePerSec: 0 }] }), 10);
    expect(s.rateAt(3.5)).toBe(3.5);
    expect(s.rateAt(5)).toBe(0);
    expect(s.rateAt(6)).toBe(6);
    expect(s.totalExpectedArrivals).toBe(50 - 10); // ∫ of t over [4, 6) = 10 removed
  });

  test("equal adjacent constant rates merge into one segment", () => {
    const s = buildRateSchedule(load({ ratePerSec: 7, phases: [{ atSec: 3, ratePerSec: 7 }] }), 10);
    expect(s.segmentCount).toBe(1);
  });

  test("bad inputs throw RangeErrors naming the path", () => {
    const bad: [Partial<ScheduleLoad>, number, RegExp][] = [
      [{ ratePerSec: -1 }, 10, /^load\.ratePerSec: must be a finite rate >= 0 \(per s\) \(got -1\)$/],
      [{ ratePerSec: Number.NaN }, 10, /^load\.ratePerSec: .*got NaN/],
      [{ phases: [{ atSec: 1, ratePerSec: -5 }] }, 10, /^load\.phases\[0\]\.ratePerSec: .*got -5/],
      [{ phases: [{ atSec: 10, ratePerSec: 5 }] }, 10, /^load\.phases\[0\]\.atSec: must be in \[0, run\.durationSec = 10\)/],
      [{ phases: [{ atSec: 2, ratePerSec: 5 }, { atSec: 2, ratePerSec: 6 }] }, 10, /^load\.phases\[1\]\.atSec: must be different from load\.phases\[0\]\.atSec/],
      [{ ramps: [{ fromSec: 5, toSec: 5, startRatePerSec: 1, endRatePerSec: 2 }] }, 10, /^load\.ramps\[0\]\.toSec: must be > fromSec = 5 \(got 5\)$/],
      [{ ramps: [{ fromSec: 6, toSec: 5, startRatePerSec: 1, endRatePerSec: 2 }] }, 10, /^load\.ramps\[0\]\.toSec: must be > fromSec = 6/],
      [{ ramps: [{ fromSec: 1, toSec: 11, startRatePerSec: 1, endRatePerSec: 2 }] }, 10, /^load\.ramps\[0\]\.toSec: must be <= run\.durationSec = 10/],
      [{ ramps: [{ fromSec: 1, toSec: 2, startRatePerSec: 1, endRatePerSec: -2 }] }, 10, /^load\.ramps\[0\]\.endRatePerSec: /],
      [{ ramps: [{ fromSec: 1, toSec: 5, startRatePerSec: 1, endRatePerSec: 2 }, { fromSec: 4, toSec: 6, startRatePerSec: 1, endRatePerSec: 2 }] }, 10, /^load\.ramps\[1\]\.fromSec: must be >= load\.ramps\[0\]\.toSec = 5/],
      [{ phases: [{ atSec: 3, ratePerSec: 1 }], ramps: [{ fromSec: 1, toSec: 5, startRatePerSec: 1, endRatePerSec: 2 }] }, 10, /^load\.phases\[0\]\.atSec: must be outside load\.ramps\[0\] = \[1, 5\)/],
      [{ spikes: [{ atSec: 12, forSec: 1, ratePerSec: 5 }] }, 10, /^load\.spikes\[0\]\.atSec: must be in \[0, run\.durationSec = 10\) \(got 12\)$/],
      [{ spikes: [{ atSec: 1, forSec: 1, ratePerSec: 5 }, { atSec: 8, forSec: 3, ratePerSec: 5 }] }, 10, /^load\.spikes\[1\]\.forSec: must be <= run\.durationSec - atSec = 2 .*\(got 3\)$/],
      [{ spikes: [{ atSec: 1, forSec: 0, ratePerSec: 5 }] }, 10, /^load\.spikes\[0\]\.forSec: must be a finite duration > 0/],
      [{ spikes: [{ atSec: 1, forSec: 1, ratePerSec: -5 }] }, 10, /^load\.spikes\[0\]\.ratePerSec: /],
      [{ spikes: [{ atSec: 1, forSec: 3, ratePerSec: 5 }, { atSec: 2, forSec: 1, ratePerSec: 5 }] }, 10, /^load\.spikes\[1\]\.atSec: must be >= the end of load\.spikes\[0\] = 4/],
      [{}, 0, /^run\.durationSec: must be a finite number > 0 \(got 0\)$/],
      [{}, Infinity, /^run\.durationSec: /],
    ];
    for (const [partial, durationSec, message] of bad) {
      expect(() => buildRateSchedule(load(partial), durationSec)).toThrow(RangeError);
      expect(() => buildRateSchedule(load(partial), durationSec)).toThrow(message);
    }
  });

  test("query methods reject NaN and negative arguments as invariant errors", () => {
    const s = buildRateSchedule(combined, 30);
    expect(() => s.rateAt(Number.NaN)).toThrow(InvariantError);
    expect(() => s.cumulative(Number.NaN)).toThrow(InvariantError);
    expect(() => s.inverseCumulative(-1)).toThrow(InvariantError);
    expect(() => s.nextArrivalSec(Number.NaN, 1)).toThrow(InvariantError);
    expect(() => s.nextArrivalSec(1, -1)).toThrow(InvariantError);
  });
});
