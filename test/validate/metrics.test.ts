import { describe, expect, test } from "vitest";
import { compareValues, metricValue, recoverySec, resumptionRecoverySec, TOLERANCES, windowMax, windowMean, type CommonSeries } from "../../validate/metrics.js";

function series(partial: Partial<CommonSeries> & { offeredPerS: number[] }): CommonSeries {
  const n = partial.offeredPerS.length;
  const z = () => new Array<number>(n).fill(0);
  return {
    windowSec: 1,
    startSec: Array.from({ length: n }, (_, i) => i),
    attemptsPerS: z(),
    goodputPerS: z(),
    fullPerS: z(),
    resumedPerS: z(),
    timeoutsPerS: z(),
    failuresPerS: z(),
    latencyP50S: new Array(n).fill(null),
    latencyP99S: new Array(n).fill(null),
    ...partial,
  };
}

describe("window metrics", () => {
  test("the mean, the max, and the resumption rate as resumed over completed across the windows", () => {
    const s = series({ offeredPerS: [10, 10, 10, 10], goodputPerS: [10, 4, 8, 10], resumedPerS: [0, 3, 1, 0], fullPerS: [10, 1, 7, 10], latencyP99S: [0.1, null, 0.5, 0.2] });
    expect(windowMean(s, "goodputPerS", 1, 3)).toBe(6);
    expect(windowMean(s, "resumptionRate", 1, 3)).toBe(4 / 12);
    expect(windowMean(s, "latencyP99S", 0, 4)).toBeCloseTo(0.8 / 3, 12);
    expect(windowMax(s, "latencyP99S", 0, 4)).toBe(0.5);
    expect(windowMean(s, "goodputPerS", 9, 10)).toBeNull();
  });

  test("recovery is the time from the spike's end until timeouts and goodput stay healthy, and null when they never do", () => {
    const recovered = series({ offeredPerS: [10, 10, 10, 10, 10, 10, 0], goodputPerS: [10, 3, 2, 9.5, 10, 10, 1], timeoutsPerS: [0, 8, 9, 0, 0, 0, 0] });
    expect(recoverySec(recovered, 1)).toBe(2);
    const never = series({ offeredPerS: [10, 10, 10, 10], goodputPerS: [10, 3, 2, 2], timeoutsPerS: [0, 8, 9, 9] });
    expect(recoverySec(never, 1)).toBeNull();
    expect(recoverySec(series({ offeredPerS: [10, 10], goodputPerS: [10, 10] }), 0)).toBe(0);
  });

  test("resumption recovery is the time until the rate is back to 90 % of its level before the rotation", () => {
    const s = series({ offeredPerS: [10, 10, 10, 10, 10], resumedPerS: [9, 9, 0, 5, 9], fullPerS: [1, 1, 10, 5, 1] });
    expect(resumptionRecoverySec(s, 2)).toBe(3);
    expect(metricValue({ kind: "resumptionRecovery", name: "r", fromSec: 2, tolerance: null }, {}, s)).toBe(3);
  });

  test("a summary metric is read from the summary by name", () => {
    expect(metricValue({ kind: "summary", name: "goodputPerS", tolerance: null }, { goodputPerS: 42 }, series({ offeredPerS: [] }))).toBe(42);
  });
});

describe("compareValues", () => {
  test("relative tolerance: within 15 % holds, beyond misses", () => {
    expect(compareValues(1.1, 1, TOLERANCES.p50)).toMatchObject({ withinTolerance: true });
    expect(compareValues(1.2, 1, TOLERANCES.p50).withinTolerance).toBe(false);
    expect(compareValues(1.2, 1, TOLERANCES.p50).relativeError).toBeCloseTo(0.2, 12);
  });

  test("absolute tolerance counts percentage points", () => {
    expect(compareValues(0.52, 0.5, TOLERANCES.resumption).withinTolerance).toBe(true);
    expect(compareValues(0.54, 0.5, TOLERANCES.resumption).withinTolerance).toBe(false);
  });

  test("same kind: both recovered or both never recovered", () => {
    expect(compareValues(null, null, TOLERANCES.recovery).withinTolerance).toBe(true);
    expect(compareValues(3, 8, TOLERANCES.recovery).withinTolerance).toBe(true);
    expect(compareValues(null, 8, TOLERANCES.recovery).withinTolerance).toBe(false);
  });

  test("no tolerance or a missing value is informational (null), and a zero measurement has no relative error", () => {
    expect(compareValues(1, 2, null).withinTolerance).toBeNull();
    expect(compareValues(null, 2, TOLERANCES.p50).withinTolerance).toBeNull();
    expect(compareValues(1, 0, null).relativeError).toBeNull();
  });
});

describe("commonSeriesOf", () => {
  test("keeps exactly the fields a load generator measures, sharing the simulator's arrays", async () => {
    const { commonSeriesOf, COMMON_SERIES_FIELDS } = await import("../../validate/metrics.js");
    const { runReplication } = await import("../../models/run.js");
    const { mmcScenario } = await import("../models/fixtures.js");
    const s = runReplication(mmcScenario({ ratePerSec: 100, serviceSec: 0.001, workers: 1, durationSec: 3, warmupSec: 0 }), 0).series;
    const c = commonSeriesOf(s);
    expect(Object.keys(c)).toEqual([...COMMON_SERIES_FIELDS]);
    expect(c.latencyP99S).toBe(s.latencyP99S);
    expect("retriesPerS" in c).toBe(false);
  });
});
