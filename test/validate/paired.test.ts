/**
 * Paired predictions (validate/paired.ts): a measured repeat that replayed replication r is
 * compared with the simulator's replication r. The property that makes this right: with returning
 * clients whose tickets always open, the resumption rate of a window is fixed by which clients
 * arrive in it, and the simulator's replication r reproduces the generator's schedule r to the
 * connection, while replications differ by several points.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { runScenario, type ReplicationResult, type ScenarioResult } from "../../models/run.js";
import { EXPERIMENTS_DIR } from "../../validate/runner.js";
import { loadExperimentFile, pointScenario } from "../../validate/experimentFile.js";
import { buildArrivalSchedule, GENERATOR_STREAMS } from "../../validate/loadgen/schedule.js";
import type { MetricSpec } from "../../validate/metrics.js";
import { pairedPrediction, replicationValue, simulateVariants } from "../../validate/paired.js";

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
    // Each repeat's own paired value, in the order the replications were named.
    expect(paired.byReplication).toEqual([values[2], values[0], values[1]]);
  });

  test("no replication, or one that was not simulated, is refused with the simulated ones named", () => {
    expect(() => pairedPrediction(p50, result, [])).toThrow(RangeError);
    expect(() => pairedPrediction(p50, result, [0, 7])).toThrow(/replication 7 was not simulated \(simulated: 0, 1, 2\)/);
  });
});

describe("variants: a paired replication averaged over the draws the generator does not share", () => {
  const resumption: MetricSpec = { kind: "summary", name: "resumptionRate", tolerance: null };
  // nginx's per-worker builtin cache with 2 workers: which worker the kernel wakes decides each resumption.
  const file = loadExperimentFile(EXPERIMENTS_DIR, "resumption.nginx-builtin.yaml");
  const { scenario } = pointScenario(file, ["run.replications=5"]);
  const result = runScenario(scenario);
  const variants = simulateVariants(scenario, [0, 1, 2, 3, 4, 0], 8);

  test("each variant replays its replication's schedule: the same attempts, with other worker draws", () => {
    expect([...variants.keys()]).toEqual([0, 1, 2, 3, 4]);
    for (const [r, list] of variants) {
      expect(list).toHaveLength(7);
      const rep = result.perReplication[r]!;
      for (const v of list) {
        expect(v.replication).toBe(r);
        expect(v.conservation.attempts).toBe(rep.conservation.attempts);
      }
      expect(new Set([rep, ...list].map((x) => replicationValue(resumption, x))).size).toBeGreaterThan(4);
    }
  });

  test("a replication's value is the mean over itself and its variants, and lies near the model's expectation", () => {
    const expected = pairedPrediction(resumption, result, [0]).expected!;
    const plain: number[] = [];
    const means: number[] = [];
    for (const r of [0, 1, 2, 3, 4]) {
      const all = [result.perReplication[r]!, ...variants.get(r)!].map((x) => replicationValue(resumption, x)!);
      const mean = all.reduce((a, b) => a + b, 0) / all.length;
      expect(pairedPrediction(resumption, result, [r], variants).value).toBeCloseTo(mean, 12);
      // One run spreads by 1.3-1.9 points over the worker draws, a mean of 8 by about 0.6.
      expect(Math.abs(mean - expected)).toBeLessThan(0.025);
      plain.push(all[0]!);
      means.push(mean);
    }
    const range = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
    expect(range(means)).toBeLessThan(0.5 * range(plain));
    expect(pairedPrediction(resumption, result, [0], new Map()).value).toBe(replicationValue(resumption, result.perReplication[0]!));
  });

  test("a metric undefined in most of a replication's variants is undefined for it", () => {
    const rep = (r: number, v: number | null): ReplicationResult => ({ replication: r, summary: { goodputPerS: v }, series: {} }) as unknown as ReplicationResult;
    const fake = { perReplication: [rep(0, null), rep(1, 10)], metrics: {}, series: {} } as unknown as ScenarioResult;
    const goodput: MetricSpec = { kind: "summary", name: "goodputPerS", tolerance: null };
    const v = new Map([[0, [rep(0, 4), rep(0, null), rep(0, null)]], [1, [rep(1, 20), rep(1, null)]]]);
    // Replication 0: 1 of 4 defined, so undefined; replication 1: 2 of 3, mean 15.
    expect(pairedPrediction(goodput, fake, [0, 1], v).value).toBe(15);
    expect(pairedPrediction(goodput, fake, [0, 1], v).byReplication).toEqual([null, 15]);
    // Realizations that define it, over both replications and their variants: 1 of 4 and 2 of 3.
    expect(pairedPrediction(goodput, fake, [0, 1], v).defined).toEqual({ count: 3, of: 7 });
    expect(pairedPrediction(goodput, fake, [1]).defined).toEqual({ count: 1, of: 1 });
    expect(pairedPrediction(goodput, fake, [0], v).value).toBeNull();
    expect(() => simulateVariants(scenario, [0], 0)).toThrow(/count/);
  });

  test("GENERATOR_STREAMS names every stream the load generator draws from", () => {
    const dir = new URL("../../validate/loadgen/", import.meta.url);
    const names = readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .flatMap((f) => [...readFileSync(new URL(f, dir), "utf8").matchAll(/\.stream\("([^"]+)"\)/g)].map((m) => m[1]!));
    expect(names.length).toBeGreaterThanOrEqual(4);
    expect([...new Set(names)].sort()).toEqual([...GENERATOR_STREAMS].sort());
  });
});
