import { describe, expect, test } from "vitest";
import { Outcome, RecordBuffer } from "../../../validate/loadgen/records.js";
import { MAX_FAILED_SHARE, windowCostSec } from "../../../validate/measure/windowCost.js";
import { costAt, type CalibrationEntry } from "../../../validate/calibration.js";
import { pointCalibration } from "../../../validate/runner.js";

/** Records of attempts that ended at `doneSec` with `outcome`. */
function records(ends: [number, number][]) {
  const b = new RecordBuffer(ends.length);
  ends.forEach(([done, outcome], i) => {
    const a = b.alloc();
    b.connection[a] = i;
    b.attemptNo[a] = 1;
    b.scheduledSec[a] = done - 0.002;
    b.startSec[a] = done - 0.002;
    b.doneSec[a] = done;
    b.outcome[a] = outcome;
  });
  return b.finish(new Uint8Array(ends.length).fill(1));
}

// Completions every 0.1 s from 0.05 to 3.95 s and a timeout at 2.0 s; the server used 0.9 s of CPU from 1.0 to 3.0 s.
const steady: [number, number][] = [...Array.from({ length: 40 }, (_, k): [number, number] => [0.05 + k * 0.1, Outcome.Completed]), [2.0, Outcome.Timeout]];
const marks = [{ atSec: 1.01, serverCpuSec: 10.2 }, { atSec: 2.99, serverCpuSec: 11.1 }];
const point = { records: records(steady), serverCpuMarks: marks };

describe("windowCostSec", () => {
  test("the CPU between the marks over the handshakes completed between them (timeouts do not count)", () => {
    expect(windowCostSec(point, 1, 3)).toBeCloseTo(0.9 / 20, 12);
  });

  test("null for a window that was not a steady load: more than 10 % of the attempts ending in it failed", () => {
    // The 06:01 storm's kind: the server fell behind and its clients timed out and retried.
    const collapsed = [...steady, ...Array.from({ length: 3 }, (_, k): [number, number] => [1.52 + k * 0.2, Outcome.Timeout])];
    expect(windowCostSec({ records: records(collapsed), serverCpuMarks: marks }, 1, 3)).toBeNull();
    // Two failures in 22 ended attempts (9 %) still read the cost; attempts cut off at the end do not count.
    const two = [...steady, [1.52, Outcome.Reset] as [number, number], ...Array.from({ length: 5 }, (_, k): [number, number] => [1.6 + k * 0.1, Outcome.Cut])];
    expect(windowCostSec({ records: records(two), serverCpuMarks: marks }, 1, 3)).toBeCloseTo(0.9 / 20, 12);
    expect(MAX_FAILED_SHARE).toBe(0.1);
  });

  test("null when a mark is more than 0.25 s from the asked time, or nothing completed in between", () => {
    expect(windowCostSec(point, 1, 3.5)).toBeNull();
    expect(windowCostSec({ ...point, serverCpuMarks: [{ atSec: 1.6, serverCpuSec: 1 }, { atSec: 2.4, serverCpuSec: 2 }] }, 1.6, 2.4)).toBeNull();
    expect(windowCostSec({ ...point, serverCpuMarks: [] }, 1, 3)).toBeNull();
  });

  test("a window that is empty or starts before 0 is refused", () => {
    expect(() => windowCostSec(point, 3, 3)).toThrow(RangeError);
    expect(() => windowCostSec(point, -1, 3)).toThrow(/0 <= fromSec < toSec/);
  });
});

describe("pointCalibration: a point's own drift window rescales the calibration", () => {
  const entry: CalibrationEntry = {
    key: "node/rsa-2048/tls1.3/work1000us", server: "node", certificate: "rsa-2048", tlsVersion: "1.3", workSec: 0.001,
    full: [{ ratePerSec: 100, meanSec: 0.0025, minSec: 0.0025, maxSec: 0.0025, repeats: 3 }, { ratePerSec: 500, meanSec: 0.002, minSec: 0.002, maxSec: 0.002, repeats: 3 }],
    resumed: [], capacityPerSec: 500, saturatedServerCores: 1, rttSec: 0.0004, cv: 0.3, samples: [],
  };
  // The curve says 2.25 ms at 300/s; the window measured 0.9 s of CPU over 20 handshakes = 45 ms each: factor 20.
  test("the curve is scaled so that its cost at the window's rate is the measured one, keeping its shape", () => {
    const scaled = pointCalibration(entry, { driftWindow: { fromSec: 1, toSec: 3, ratePerSec: 300 } }, [point]);
    expect(costAt(scaled.full, 300 / 20)).toBeCloseTo(0.045, 9);
    expect(scaled.full[1]!.meanSec / scaled.full[0]!.meanSec).toBeCloseTo(0.8, 12);
    expect(scaled.driftFactor).toBeCloseTo(0.045 / 0.00225, 9);
  });

  test("unchanged without a window, or when no repeat has its CPU marks", () => {
    expect(pointCalibration(entry, {}, [point])).toBe(entry);
    expect(pointCalibration(entry, { driftWindow: { fromSec: 1, toSec: 3, ratePerSec: 300 } }, [{ ...point, serverCpuMarks: [] }])).toBe(entry);
    // A repeat whose window collapsed (most attempts timed out) says nothing about the cost.
    const collapsed = records([...steady, ...Array.from({ length: 10 }, (_, k): [number, number] => [1.02 + k * 0.19, Outcome.Timeout])]);
    expect(pointCalibration(entry, { driftWindow: { fromSec: 1, toSec: 3, ratePerSec: 300 } }, [{ records: collapsed, serverCpuMarks: marks }])).toBe(entry);
  });
});
