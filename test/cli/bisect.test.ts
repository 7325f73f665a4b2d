import { describe, expect, test } from "vitest";
import { smallestPassing } from "../../cli/bisect.js";

/** A fake monotone evaluator: passes from `threshold` on; records the values asked. */
function fake(threshold: number) {
  const asked: number[] = [];
  return {
    asked,
    evaluate: async (value: number) => {
      asked.push(value);
      return { pass: value >= threshold, evidence: `v${value}` };
    },
  };
}

describe("smallestPassing", () => {
  test("brackets by doubling from lo, then bisects to the smallest passing value", async () => {
    const f = fake(5);
    const result = await smallestPassing({ lo: 1, hi: 64, evaluate: f.evaluate });
    expect(result.answer).toBe(5);
    expect(f.asked).toEqual([1, 2, 4, 8, 6, 5]);
    expect(result.steps.map((s) => [s.value, s.pass, s.evidence])).toEqual([
      [1, false, "v1"], [2, false, "v2"], [4, false, "v4"], [8, true, "v8"], [6, true, "v6"], [5, true, "v5"],
    ]);
  });

  test("finds every threshold in the range exactly, evaluating each value at most once", async () => {
    for (let threshold = 1; threshold <= 40; threshold++) {
      const f = fake(threshold);
      const result = await smallestPassing({ lo: 1, hi: 40, evaluate: f.evaluate });
      expect(result.answer).toBe(threshold);
      expect(new Set(f.asked).size).toBe(f.asked.length);
      expect(f.asked.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(40)) + 1);
    }
  });

  test("returns lo after one evaluation when lo already passes", async () => {
    const f = fake(1);
    expect((await smallestPassing({ lo: 3, hi: 9, evaluate: f.evaluate })).answer).toBe(3);
    expect(f.asked).toEqual([3]);
  });

  test("caps the doubling at hi and answers null when even hi fails", async () => {
    const f = fake(100);
    const result = await smallestPassing({ lo: 3, hi: 20, evaluate: f.evaluate });
    expect(result.answer).toBeNull();
    expect(f.asked).toEqual([3, 6, 12, 20]);
  });

  test("from lo = 0 the next value tried is 1", async () => {
    const f = fake(3);
    expect((await smallestPassing({ lo: 0, hi: 10, evaluate: f.evaluate })).answer).toBe(3);
    expect(f.asked).toEqual([0, 1, 2, 4, 3]);
  });

  test("rejects a range that is not 0 <= lo <= hi in integers", async () => {
    await expect(smallestPassing({ lo: 5, hi: 2, evaluate: fake(1).evaluate })).rejects.toThrow(RangeError);
    await expect(smallestPassing({ lo: 1.5, hi: 2, evaluate: fake(1).evaluate })).rejects.toThrow(/integers/);
  });
});
