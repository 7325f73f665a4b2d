import { describe, expect, test } from "vitest";
import { Outcome, RecordBuffer } from "../../../validate/loadgen/records.js";
import { windowCostSec } from "../../../validate/measure/windowCost.js";

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
