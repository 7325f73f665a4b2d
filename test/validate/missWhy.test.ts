/**
 * What the report says about a miss (validate/missWhy.ts), and the tolerance table's count of
 * misses inside the measured repeats' range (validate/report.ts).
 */
import seedrandom from "seedrandom";
import { describe, expect, test } from "vitest";
import { rangeCoversMedian, waitElasticity, whyMissed } from "../../validate/missWhy.js";
import { toleranceTallies } from "../../validate/report.js";
import type { PointRunRecord, ValidationPoint } from "../../validate/result.js";

function missed(predicted: number, measured: number, range: [number, number] | null, used = 5, extra: Partial<ValidationPoint> = {}): ValidationPoint {
  return {
    experiment: "load-sweep",
    server: "node",
    label: "80 % uniform",
    offeredLoad: { ratePerSec: 400, fractionOfCapacity: 0.8 },
    metric: "handshakeLatencyS.p99",
    unit: "s",
    predicted,
    predictedRange: null,
    predictedExpected: predicted,
    predictedCi: null,
    measured,
    measuredRange: range,
    repeats: { measured: 5, used },
    relativeError: (predicted - measured) / measured,
    absoluteError: predicted - measured,
    tolerance: { kind: "relative", max: 0.3 },
    withinTolerance: Math.abs(predicted / measured - 1) <= 0.3,
    valid: true,
    reason: null,
    ...extra,
  };
}

const runWith = (serverCores: number[]): PointRunRecord => ({ experiment: "load-sweep", server: "node", label: "80 % uniform", allHygiene: serverCores.map((c) => ({ serverCores: c })) }) as unknown as PointRunRecord;

describe("rangeCoversMedian", () => {
  test("is 1 − 2^(1−n): the range misses the median only when every value falls on one side of it", () => {
    expect(rangeCoversMedian(2)).toBe(0.5);
    expect(rangeCoversMedian(3)).toBe(0.75);
    expect(rangeCoversMedian(5)).toBe(0.9375);
  });

  test("matches simulation: the range of 5 uniform draws covers 0.5 about 93.75 % of the time", () => {
    const next = seedrandom("range-covers-median");
    let covered = 0;
    const trials = 20000;
    for (let t = 0; t < trials; t++) {
      const v = [next(), next(), next(), next(), next()];
      if (Math.min(...v) <= 0.5 && 0.5 <= Math.max(...v)) covered++;
    }
    // Binomial standard error at 20,000 trials is 0.0017; 4 of them either side.
    expect(Math.abs(covered / trials - 0.9375)).toBeLessThan(0.007);
  });

  test("refuses fewer than two values or a fractional count, naming n", () => {
    expect(() => rangeCoversMedian(1)).toThrow(/n: /);
    expect(() => rangeCoversMedian(2.5)).toThrow(RangeError);
  });
});

describe("waitElasticity", () => {
  test("is 1/(1−ρ), the slope of ln(ρ/(1−ρ)) in ln ρ", () => {
    const w = (r: number) => r / (1 - r);
    const rho = 0.9;
    const numeric = (Math.log(w(rho * 1.0001)) - Math.log(w(rho))) / Math.log(1.0001);
    expect(waitElasticity(rho)).toBeCloseTo(10, 12);
    expect(numeric).toBeCloseTo(waitElasticity(rho), 2);
  });

  test("refuses a utilization of 1 or more, or below 0", () => {
    expect(() => waitElasticity(1)).toThrow(/utilization/);
    expect(() => waitElasticity(-0.1)).toThrow(RangeError);
  });
});

describe("whyMissed", () => {
  test("a prediction inside the repeats' range: the repeats differ by more than the tolerance, with the range's confidence", () => {
    const why = whyMissed(missed(0.0065, 0.014, [0.0049, 0.0152]));
    expect(why[0]).toMatch(/inside the 5 repeats' range, 4\.9 ms–15\.2 ms, which holds the measured median with 94 % confidence: the repeats differ/);
  });

  test("a prediction outside it says below or above all repeats", () => {
    expect(whyMissed(missed(0.0097, 0.0245, [0.01, 0.0274]))[0]).toMatch(/^the prediction lies below all 5 repeats \(10 ms–27\.4 ms/);
    expect(whyMissed(missed(0.05, 0.0245, [0.01, 0.0274]))[0]).toMatch(/^the prediction lies above all 5 repeats/);
  });

  test("one usable repeat of several: the spread is unknown", () => {
    expect(whyMissed(missed(0.0079, 0.0050, null, 1))).toEqual(["only 1 of the 5 repeats was usable (the others invalid), so the measurement's own spread is unknown"]);
  });

  test("counts the repeats that held against their own paired replication, and uses their count for the confidence", () => {
    const perRepeat = [
      { replication: 0, measured: 0.010, predicted: 0.011 },
      { replication: 1, measured: 0.030, predicted: 0.012 },
      { replication: 2, measured: 0.020, predicted: null },
    ];
    const why = whyMissed(missed(0.0115, 0.02, [0.01, 0.03], 3, { perRepeat }));
    expect(why[0]).toContain("75 % confidence");
    expect(why).toContain("1 of 2 repeats held against their own paired replication");
  });

  test("near saturation it gives the server's median busy share and how much the wait moves", () => {
    const why = whyMissed(missed(0.03, 0.06, [0.01, 0.5]), runWith([0.99, 0.96, 0.97]));
    expect(why).toContain("the server was 0.97 busy (median over the repeats), where a 1 % change in its speed moves the queueing wait by about 33 %");
    expect(whyMissed(missed(0.03, 0.06, [0.01, 0.5]), runWith([0.7, 0.8, 0.75])).join(" ")).not.toContain("busy");
  });

  test("says when the prediction without the speed traces held", () => {
    const why = whyMissed(missed(0.0079, 0.0068, null, 1, { metric: "handshakeLatencyS.p50", tolerance: { kind: "relative", max: 0.15 }, withinTolerance: false, withoutTrace: { predicted: 0.0070, relativeError: 0.04, withinTolerance: true } }));
    expect(why).toContain("without the speed traces the prediction held (+4 %)");
  });

  test("a storm whose recovery differs in kind: which one recovered, and what each server completed in the spike", () => {
    const storm = (metric: string, predicted: number | null, measured: number | null, extra: Partial<ValidationPoint> = {}): ValidationPoint => ({
      ...missed(1, 1, null, 1),
      experiment: "retry-storm",
      label: "3 immediate retries",
      repeats: { measured: 1, used: 1 },
      metric,
      predicted,
      measured,
      ...extra,
    });
    const recovery = storm("recoverySec", null, 6, { unit: "s", tolerance: { kind: "same-kind" }, withinTolerance: false });
    const spike = storm("goodputPerS.spike", 95.5, 160, { unit: "/s", tolerance: null, withinTolerance: null });
    expect(whyMissed(recovery, undefined, [spike])).toEqual([
      "the measured storm recovered after 6 s, the simulated one never recovered",
      "during the spike the measured server completed 160/s against 95.5/s simulated (1.68 times): the more a server gets done in the spike, the less backlog its retries keep full",
    ]);
    expect(whyMissed(recovery)).toEqual(["the measured storm recovered after 6 s, the simulated one never recovered"]);
    const counted = whyMissed({ ...recovery, predictedDefined: { count: 2, of: 9 } });
    expect(counted[1]).toBe("the simulated storm recovered in 2 of the 9 realizations paired with the measurement (its replication and the variants that redraw what the measurement did not share)");
  });

  test("nothing for a point that held, an invalid point, or one without a value", () => {
    expect(whyMissed(missed(0.014, 0.014, [0.01, 0.02]))).toEqual([]);
    expect(whyMissed({ ...missed(0.005, 0.014, [0.01, 0.02]), valid: false })).toEqual([]);
    expect(whyMissed({ ...missed(0.005, 0.014, [0.01, 0.02]), predicted: null })).toEqual([]);
  });
});

describe("toleranceTallies: misses inside the measured range", () => {
  test("counts a miss whose prediction lies in the repeats' range, and not one outside it or without a range", () => {
    const pts = [missed(0.0065, 0.014, [0.0049, 0.0152]), missed(0.0097, 0.0245, [0.01, 0.0274]), missed(0.005, 0.014, null), missed(0.014, 0.014, [0.01, 0.02])];
    const p99 = toleranceTallies(pts).find((t) => t.rule.startsWith("p99"))!;
    expect(p99).toMatchObject({ checked: 4, held: 1, missedInsideRange: 1 });
  });

  test("without the traces, the untraced prediction is the one set against the range", () => {
    const inside = { predicted: 0.012, relativeError: -0.14, withinTolerance: false };
    const p = missed(0.014, 0.014, [0.0125, 0.03], 5, { withoutTrace: { ...inside, predicted: 0.009 } });
    const q = missed(0.014, 0.014, [0.0115, 0.03], 5, { withoutTrace: inside });
    const without = toleranceTallies([p, q]).find((t) => t.rule.startsWith("p99") && t.rule.includes("without"))!;
    expect(without).toMatchObject({ checked: 2, held: 0, missedInsideRange: 1 });
  });
});
