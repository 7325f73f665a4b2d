/**
 * The server's helper threads' bursts read off run-time samples (validate/measure/helperBursts.ts),
 * and the blocking-work override that the scenario parser accepts.
 */
import { describe, expect, test } from "vitest";
import { loadExperimentFile, pointScenario } from "../../../validate/experimentFile.js";
import { blockingWorkAtOverride, helperBursts } from "../../../validate/measure/helperBursts.js";
import { EXPERIMENTS_DIR } from "../../../validate/runner.js";

/** Samples every 10 ms; `helperMs[i]`: the helpers' CPU (ms) in interval i. */
const samples = (helperMs: number[]) => {
  let h = 0;
  return [{ atSec: 0, runSec: 0, helperRunSec: 0 }, ...helperMs.map((ms, i) => ({ atSec: (i + 1) / 100, runSec: 0, helperRunSec: (h += ms / 1000) }))];
};
const ms = (bs: { atSec: number; cpuSec: number }[]) => bs.map((b) => [Math.round(b.atSec * 1e6) / 1e3, Math.round(b.cpuSec * 1e6) / 1e3]);

describe("helperBursts", () => {
  test("consecutive active intervals are one burst from the first's start, its CPU their sum; idle or near-idle intervals end it", () => {
    // intervals (ms of helper CPU): 0 | 3 8 2 | 0.1 | 6 | 0 0 | 0.5 0.6 | 0
    expect(ms(helperBursts(samples([0, 3, 8, 2, 0.1, 6, 0, 0, 0.5, 0.6, 0])))).toEqual([[10, 13], [50, 6], [80, 1.1]]);
  });

  test("bursts under the minimum are left out; thresholds are parameters; negative ones are refused", () => {
    expect(ms(helperBursts(samples([0, 0.5, 0, 0.9, 0, 3])))).toEqual([[50, 3]]);
    expect(ms(helperBursts(samples([0, 0.5, 0, 0.9, 0, 3]), 0.0002, 0)).length).toBe(3);
    expect(ms(helperBursts(samples([0, 0.5, 0.1, 0.9]), 0.00005, 0))).toEqual([[10, 1.5]]);
    expect(() => helperBursts([], -1)).toThrow(RangeError);
  });

  test("samples without helper run time (nginx, older records) give no bursts", () => {
    expect(helperBursts([{ atSec: 0, runSec: 0 }, { atSec: 0.01, runSec: 0.005 }])).toEqual([]);
    expect(helperBursts([])).toEqual([]);
  });
});

describe("blockingWorkAtOverride", () => {
  test("whole microseconds, and the scenario parser reads them back; none is an empty list", () => {
    const o = blockingWorkAtOverride([{ atSec: 1.2345674, cpuSec: 0.0131 }, { atSec: -0.001, cpuSec: 0.002 }]);
    expect(o).toBe("fleet.blockingWorkAt=[{at: 1234567us, cpu: 13100us}, {at: 0us, cpu: 2000us}]");
    const file = loadExperimentFile(EXPERIMENTS_DIR, "load-sweep.node.yaml");
    expect(pointScenario(file, [o]).scenario.fleet.blockingWorkAt).toEqual([{ atSec: 1.234567, cpuSec: 0.0131 }, { atSec: 0, cpuSec: 0.002 }]);
    expect(pointScenario(file, [blockingWorkAtOverride([])]).scenario.fleet.blockingWorkAt).toEqual([]);
  });
});
