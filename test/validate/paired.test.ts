/**
 * Paired predictions (validate/paired.ts): a measured repeat that replayed replication r is
 * compared with the simulator's replication r. The property that makes this right: with returning
 * clients whose tickets always open, the resumption rate of a window is fixed by which clients
 * arrive in it, and the simulator's replication r reproduces the generator's schedule r to the
 * connection, while replications differ by several points.
 */
import { describe, expect, test } from "vitest";
import { runScenario, type ScenarioResult } from "../../models/run.js";
import { EXPERIMENTS_DIR } from "../../validate/runner.js";
import { loadExperimentFile, pointScenario } from "../../validate/experimentFile.js";
import { buildArrivalSchedule } from "../../validate/loadgen/schedule.js";
import type { MetricSpec } from "../../validate/metrics.js";
import { pairedPrediction, replicationValue } from "../../validate/paired.js";

const window: MetricSpec = { kind: "window", name: "resumptionRate.first2s", field: "resumptionRate", fromSec: 10, toSec: 12, tolerance: null };
const p50: MetricSpec = { kind: "summary", name: "handshakeLatencyS.p50", tolerance: null };

/** The ticket-rotation experiment (nginx: [new, old] keys, so no ticket is refused), 13 s, 3 replications. */
function rotation(): { result: ScenarioResult; scenario: ReturnType<typeof pointScenario>["scenario"] } {
  const file = loadExperimentFile(EXPERIMENTS_DIR, "ticket-rotation.nginx.yaml");
  const { scenario } = pointScenario(file, ["run.duration=13s", "run.replications=3"]);
  return { result: runScenario(scenario), scenario };
}

/** Share of the schedule's connections started in [from, to) whose client had started one before. */
function returningShare(scenario: ReturnType<typeof rotation>["scenario"], replication: number, fromSec: number, toSec: number): number {
  const s = buildArrivalSchedule(scenario, replication);
  const seen = new Set<number>();
  let inWindow = 0;
  let returning = 0;
  for (let i = 0; i < s.timesSec.length; i++) {
    const t = s.timesSec[i]!;
    const c = s.clientIds[i]!;
    if (t >= fromSec && t < toSec) {
      inWindow++;
      if (seen.has(c)) returning++;
    }
    seen.add(c);
  }
  return returning / inWindow;
}

describe("pairedPrediction", () => {
  const { result, scenario } = rotation();

  test("replication r's window resumption rate is the generator's schedule r's share of returning clients (within 1 point); replications differ by more", () => {
    const byRep = [0, 1, 2].map((r) => pairedPrediction(window, result, [r]).value!);
    for (const r of [0, 1, 2]) expect(Math.abs(byRep[r]! - returningShare(scenario, r, 10, 12))).toBeLessThan(0.01);
    expect(Math.max(...byRep) - Math.min(...byRep)).toBeGreaterThan(0.01);
  });

  test("with several repeats: the median of their replications' values, their range, and the all-replication value apart", () => {
    const values = [0, 1, 2].map((r) => replicationValue(p50, result.perReplication[r]!)!);
    const paired = pairedPrediction(p50, result, [2, 0, 1]);
    expect(paired.value).toBe([...values].sort((a, b) => a - b)[1]);
    expect(paired.range).toEqual([Math.min(...values), Math.max(...values)]);
    expect(paired.expected).toBeCloseTo(values.reduce((a, b) => a + b, 0) / 3, 12);
    expect(pairedPrediction(p50, result, [1]).range).toBeNull();
  });

  test("no replication, or one that was not simulated, is refused with the simulated ones named", () => {
    expect(() => pairedPrediction(p50, result, [])).toThrow(RangeError);
    expect(() => pairedPrediction(p50, result, [0, 7])).toThrow(/replication 7 was not simulated \(simulated: 0, 1, 2\)/);
  });
});
