import { describe, expect, test } from "vitest";
import { Outcome, RecordBuffer } from "../../../validate/loadgen/records.js";
import { windowCostSec } from "../../../validate/measure/windowCost.js";
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

// Completions at 0.5, 1.5, 2.5, 3.5 s and a timeout at 2.0 s; the server used 0.9 s of CPU from 1.0 to 3.0 s.
const point = {
  records: records([[0.5, Outcome.Completed], [1.5, Outcome.Completed], [2.0, Outcome.Timeout], [2.5, Outcome.Completed], [3.5, Outcome.Completed]]),
  serverCpuMarks: [{ atSec: 1.01, serverCpuSec: 10.2 }, { atSec: 2.99, serverCpuSec: 11.1 }],
};

describe("windowCostSec", () => {
  test("the CPU between the marks over the handshakes completed between them (timeouts do not count)", () => {
    expect(windowCostSec(point, 1, 3)).toBeCloseTo(0.9 / 2, 12);
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
  // The curve says 2.25 ms at 300/s; the window measured 0.9 s of CPU over 2 handshakes = 0.45 s each: factor 200.
  test("the curve is scaled so that its cost at the window's rate is the measured one, keeping its shape", () => {
    const scaled = pointCalibration(entry, { driftWindow: { fromSec: 1, toSec: 3, ratePerSec: 300 } }, [point]);
    expect(costAt(scaled.full, 300 / 200)).toBeCloseTo(0.45, 9);
    expect(scaled.full[1]!.meanSec / scaled.full[0]!.meanSec).toBeCloseTo(0.8, 12);
    expect(scaled.driftFactor).toBeCloseTo(0.45 / 0.00225, 9);
  });

  test("unchanged without a window, or when no repeat has its CPU marks", () => {
    expect(pointCalibration(entry, {}, [point])).toBe(entry);
    expect(pointCalibration(entry, { driftWindow: { fromSec: 1, toSec: 3, ratePerSec: 300 } }, [{ ...point, serverCpuMarks: [] }])).toBe(entry);
  });
});
