/**
 * Measured pauses given to the prediction (validate/measure/pauses.ts): generator stalls read from
 * start lateness, and the blocking-work override that the scenario parser accepts.
 */
import { describe, expect, test } from "vitest";
import { loadExperimentFile, pointScenario } from "../../../validate/experimentFile.js";
import { generatorStalls, generatorStallsSec, pausesOverride, stallReplayOverride } from "../../../validate/measure/pauses.js";
import { EXPERIMENTS_DIR } from "../../../validate/runner.js";

describe("generatorStallsSec", () => {
  test("a run of late starts is one stall as long as its latest start; on-time starts separate stalls; order is by schedule", () => {
    // scheduled at 0..9 ms; lateness (ms): 0 0 3 5 2 0 0.5 4 0 7 (given out of order)
    const sched = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((x) => x / 1000);
    const late = [0, 0, 3, 5, 2, 0, 0.5, 4, 0, 7].map((x) => x / 1000);
    const perm = [9, 3, 0, 5, 1, 7, 2, 8, 4, 6];
    const trace = { scheduledSec: perm.map((i) => sched[i]!), startSec: perm.map((i) => sched[i]! + late[i]!), count: 10 };
    const stalls = generatorStallsSec(trace);
    expect(stalls.map((s) => Math.round(s * 1e6) / 1e3)).toEqual([5, 4, 7]);
  });

  test("each stall begins when the first of its late starts was due and lasts as long as the latest start (generatorStalls)", () => {
    // Same trace: stalls at 2 ms (first late start due then) for 5 ms, at 7 ms for 4 ms, at 9 ms for 7 ms;
    // with a 3.5 ms threshold the 3 ms and 2 ms late starts are not stalls: the first begins at 3 ms.
    const sched = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((x) => x / 1000);
    const late = [0, 0, 3, 5, 2, 0, 0.5, 4, 0, 7].map((x) => x / 1000);
    const trace = { scheduledSec: [...sched].reverse(), startSec: sched.map((s, i) => s + late[i]!).reverse(), count: 10 };
    const ms = (xs: { atSec: number; lengthSec: number }[]) => xs.map((s) => [Math.round(s.atSec * 1e6) / 1e3, Math.round(s.lengthSec * 1e6) / 1e3]);
    expect(ms(generatorStalls(trace))).toEqual([[2, 5], [7, 4], [9, 7]]);
    expect(ms(generatorStalls(trace, 0.0035))).toEqual([[3, 5], [7, 4], [9, 7]]);
    expect(generatorStallsSec(trace)).toEqual(generatorStalls(trace).map((s) => s.lengthSec));
  });

  test("attempts that never started are skipped; no lateness, no stalls", () => {
    expect(generatorStallsSec({ scheduledSec: [0, 0.001], startSec: [Number.NaN, 0.001], count: 2 })).toEqual([]);
  });
});

describe("pausesOverride", () => {
  test("spreads the pauses evenly over the span, as blocking work or sender stalls, and the scenario parser accepts both", () => {
    const o = pausesOverride([0.004, 0.0012, 0], 6, "blockingWork")!;
    expect(o).toBe("fleet.blockingWork={every: 3000000us, cpu: {empirical: [4000us, 1200us]}}");
    const g = pausesOverride([0.004, 0.0012, 0], 6, "senderStalls")!;
    expect(g).toBe("load.senderStalls={every: 3000000us, length: {empirical: [4000us, 1200us]}}");
    const file = loadExperimentFile(EXPERIMENTS_DIR, "load-sweep.node.yaml");
    const s = pointScenario(file, [o, g]).scenario;
    expect(s.fleet.blockingWork?.everySec).toBeCloseTo(3, 12);
    expect(s.fleet.blockingWork?.cpuSec).toEqual({ kind: "empirical", samples: [0.004, 0.0012] });
    expect(s.load.senderStalls).toEqual({ everySec: 3, lengthSec: { kind: "empirical", samples: [0.004, 0.0012] } });
  });

  test("as pauses of the client loop, after the clients.cpu override that costOverrides gives", () => {
    const c = pausesOverride([0.004, 0.0012], 6, "clientPauses")!;
    expect(c).toBe("clients.cpu.pauses={every: 3000000us, length: {empirical: [4000us, 1200us]}}");
    const file = loadExperimentFile(EXPERIMENTS_DIR, "load-sweep.node.yaml");
    const s = pointScenario(file, ["clients.cpu={send: 300us, finish: 300us, after: 500us}", c]).scenario;
    expect(s.clients.cpu).toEqual({
      loops: 1,
      sendCpuSec: { kind: "constant", value: 0.0003 },
      finishCpuSec: { kind: "constant", value: 0.0003 },
      afterCpuSec: { kind: "constant", value: 0.0005 },
      pauses: { everySec: 3, lengthSec: { kind: "empirical", samples: [0.004, 0.0012] } },
    });
  });

  test("a run's own stalls at their times, replacing the pooled periodic pauses; none replaces them with none", () => {
    const replay = stallReplayOverride([{ atSec: 1.2345674, lengthSec: 0.0226854 }, { atSec: 3, lengthSec: 0.004 }]);
    expect(replay).toBe("clients.cpu.pauses={replay: [{at: 1234567us, length: 22685us}, {at: 3000000us, length: 4000us}]}");
    const file = loadExperimentFile(EXPERIMENTS_DIR, "load-sweep.node.yaml");
    const pooled = pausesOverride([0.004, 0.0012], 6, "clientPauses")!;
    const s = pointScenario(file, ["clients.cpu={send: 300us}", pooled, replay]).scenario;
    expect(s.clients.cpu?.pauses).toEqual({ replay: [{ atSec: 1.234567, lengthSec: 0.022685 }, { atSec: 3, lengthSec: 0.004 }] });
    expect(pointScenario(file, ["clients.cpu={send: 300us}", pooled, stallReplayOverride([])]).scenario.clients.cpu?.pauses).toEqual({ replay: [] });
  });

  test("no pauses: no override; a span that is not positive is a RangeError", () => {
    expect(pausesOverride([], 5, "senderStalls")).toBeNull();
    expect(() => pausesOverride([0.001], 0, "blockingWork")).toThrow(RangeError);
  });
});
