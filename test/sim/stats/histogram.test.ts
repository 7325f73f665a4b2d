import { describe, expect, test } from "vitest";
import { Histogram } from "../../../sim/stats/histogram.js";
import { InvariantError } from "../../../sim/errors.js";
import { RandomStreams } from "../../../sim/random.js";

/** Exact nearest-rank quantile of sorted values. */
const nearestRank = (sorted: number[], q: number) => sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];

describe("Histogram", () => {
  for (const bits of [3, 7, 10]) {
    test(`quantiles lie within the stated relative error 2^-(${bits}+1) of the exact nearest-rank quantiles`, () => {
      const u = new RandomStreams(bits).stream("values");
      const h = new Histogram(bits);
      const values: number[] = [];
      for (let i = 0; i < 50_000; i++) {
        // log-uniform over 9 decades plus some exact zeros
        const x = i % 1000 === 0 ? 0 : 10 ** (-6 + 9 * u.next());
        values.push(x);
        h.record(x);
      }
      values.sort((a, b) => a - b);
      for (const q of [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.9, 0.99, 0.999, 1]) {
        const exact = nearestRank(values, q);
        const got = h.quantile(q)!;
        expect(Math.abs(got - exact)).toBeLessThanOrEqual(exact * h.relativeError + 1e-300);
      }
      expect(h.relativeError).toBe(2 ** -(bits + 1));
    });
  }

  test("count, mean, min and max are exact", () => {
    const h = new Histogram();
    for (const x of [0.003, 0.001, 0.002, 0]) h.record(x);
    const s = h.summary();
    expect(s.count).toBe(4);
    expect(s.mean).toBeCloseTo(0.0015, 15);
    expect(s.min).toBe(0);
    expect(s.max).toBe(0.003);
    expect(h.quantile(0.25)).toBe(0);
    expect(h.quantile(1)).toBe(0.003);
  });

  test("an empty histogram reports nulls, and reset empties it", () => {
    const h = new Histogram();
    expect(h.summary()).toMatchObject({ count: 0, mean: null, p99: null, max: null });
    h.record(1);
    h.reset();
    expect(h.summary().count).toBe(0);
    expect(h.quantile(0.5)).toBeNull();
  });

  test("merging two histograms equals recording everything in one", () => {
    const u = new RandomStreams(3).stream("m");
    const a = new Histogram();
    const b = new Histogram();
    const all = new Histogram();
    for (let i = 0; i < 10_000; i++) {
      const x = -Math.log(1 - u.next());
      (i % 3 === 0 ? a : b).record(x);
      all.record(x);
    }
    a.merge(b);
    const { mean: mergedMean, ...merged } = a.summary();
    const { mean: allMean, ...direct } = all.summary();
    expect(merged).toEqual(direct);
    expect(mergedMean!).toBeCloseTo(allMean!, 12); // sums added in another order
    expect(() => a.merge(new Histogram(5))).toThrow(/subBucketBits/);
  });

  test("memory does not grow with the number of values recorded", () => {
    const h = new Histogram();
    for (let i = 0; i < 1_000_000; i++) h.record(1 + (i % 1000) / 1000);
    // all values lie in one octave: one 128-bucket block
    expect((h as unknown as { octaves: (Float64Array | null)[] }).octaves.filter((o) => o !== null).length).toBe(1);
  });

  test("negative, NaN and out-of-range parameters are refused", () => {
    const h = new Histogram();
    expect(() => h.record(-1e-9)).toThrow(InvariantError);
    expect(() => h.record(Number.NaN)).toThrow(InvariantError);
    expect(() => h.quantile(1.5)).toThrow(/quantile/);
    expect(() => new Histogram(0)).toThrow(/subBucketBits/);
    expect(() => new Histogram(13)).toThrow(/subBucketBits/);
  });
});
