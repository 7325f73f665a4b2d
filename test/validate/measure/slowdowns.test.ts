import { describe, expect, test } from "vitest";
import { Outcome, RecordBuffer } from "../../../validate/loadgen/records.js";
import { cpuTraceOverride, slowdownsOverride, slowEpisodes, slowEpisodesOrReason, slowThresholdRatio, SLOW_RATIO } from "../../../validate/measure/slowdowns.js";
import { pointScenario, loadExperimentFile } from "../../../validate/experimentFile.js";
import { allThreadsFactor } from "../../../validate/pointInputs.js";
import { EXPERIMENTS_DIR, replayOverrides } from "../../../validate/runner.js";

/**
 * A synthetic run: one completion every 1/rate s over [0, durationSec); the server's run time grows
 * by `normalSec` per completion, or `normalSec × factor` inside [slowFrom, slowTo).
 */
function run(ratePerSec: number, durationSec: number, normalSec: number, slow: { fromSec: number; toSec: number; factor: number }[]) {
  const b = new RecordBuffer(16);
  const samples: { atSec: number; runSec: number }[] = [];
  let runSec = 0;
  let next = 0;
  const factorAt = (t: number) => slow.find((s) => t >= s.fromSec && t < s.toSec)?.factor ?? 1;
  for (let t = 0; t <= durationSec + 0.05; t += 0.01) {
    // Completions due by t; each brings its CPU.
    while (next <= t && next < durationSec) {
      const a = b.alloc();
      b.connection[a] = a;
      b.attemptNo[a] = 1;
      b.scheduledSec[a] = next;
      b.startSec[a] = next;
      b.connectSec[a] = next;
      b.doneSec[a] = next;
      b.outcome[a] = Outcome.Completed;
      runSec += normalSec * factorAt(next);
      next += 1 / ratePerSec;
    }
    samples.push({ atSec: t, runSec });
  }
  return { records: b.finish(new Uint8Array(b.count).fill(1)), serverRunSamples: samples };
}

describe("slowEpisodes", () => {
  test("finds an episode's length and factor, and the share of completions it slowed", () => {
    const r = run(400, 10, 0.0025, [{ fromSec: 4, toSec: 5.5, factor: 1.3 }]);
    const e = slowEpisodes(r, 1, 10, 400)!;
    expect(e.lengthsSec.length).toBe(1);
    expect(e.lengthsSec[0]!).toBeGreaterThan(1.4);
    expect(e.lengthsSec[0]!).toBeLessThan(1.6);
    expect(e.normalCostSec).toBeCloseTo(0.0025, 5);
    expect(e.factor).toBeGreaterThan(1.25);
    expect(e.factor).toBeLessThan(1.35);
    expect(e.slowCompletions / e.completions).toBeGreaterThan(1.4 / 9);
    expect(e.slowCompletions / e.completions).toBeLessThan(1.6 / 9);
  });

  test("a steady server has none, and a slowdown under the threshold is not one", () => {
    expect(slowEpisodes(run(400, 10, 0.0025, []), 1, 10, 400)!.lengthsSec).toEqual([]);
    expect(slowEpisodes(run(400, 10, 0.0025, [{ fromSec: 4, toSec: 6, factor: SLOW_RATIO - 0.05 }]), 1, 10, 400)!.lengthsSec).toEqual([]);
  });

  test("at a low rate the windows widen to hold enough completions", () => {
    const e = slowEpisodes(run(60, 20, 0.0025, [{ fromSec: 8, toSec: 12, factor: 1.4 }]), 1, 20, 60)!;
    expect(e.windowSec).toBeCloseTo(0.5, 12); // 30 completions at 60/s
    expect(e.lengthsSec.length).toBe(1);
    expect(e.lengthsSec[0]!).toBeGreaterThan(3.4);
    expect(e.lengthsSec[0]!).toBeLessThan(4.6);
  });

  test("null without samples over the window; bad windows and rates are refused", () => {
    const r = run(400, 10, 0.0025, []);
    expect(slowEpisodes({ ...r, serverRunSamples: [] }, 1, 10, 400)).toBeNull();
    expect(() => slowEpisodes(r, 5, 1, 400)).toThrow(/fromSec/);
    expect(() => slowEpisodes(r, 1, 10, 0)).toThrow(/ratePerSec/);
  });
});

describe("slowThresholdRatio", () => {
  test("is 1.15 for quiet windows and rises to 3 σ of the lower half's noise for noisy ones", () => {
    const quiet = Array.from({ length: 50 }, (_, i) => 1 + (i - 25) * 0.001).sort((a, b) => a - b);
    expect(slowThresholdRatio(quiet)).toBe(SLOW_RATIO);
    // Costs spread ±20 % (Poisson-like): the 16th percentile sits ~13 % under the median.
    const noisy = Array.from({ length: 101 }, (_, i) => 0.8 + (0.4 * i) / 100).sort((a, b) => a - b);
    const r = slowThresholdRatio(noisy);
    expect(r).toBeGreaterThan(1.35);
    expect(r).toBeLessThan(1.45);
  });

  test("noise alone makes no episode: uniform window-to-window jitter of ±20 % around a steady cost", () => {
    // A run whose 100 ms windows alternate 0.8 / 1.2 of the cost: without the noise floor every other window would be slow.
    const r = run(400, 10, 0.0025, Array.from({ length: 80 }, (_, k) => ({ fromSec: 1 + k * 0.1, toSec: 1.1 + k * 0.1, factor: k % 2 === 0 ? 0.8 : 1.2 })));
    const e = slowEpisodes(r, 1, 9, 400)!;
    expect(e.thresholdRatio).toBeGreaterThan(1.2);
    expect(e.lengthsSec).toEqual([]);
  });
});

describe("slowdownsOverride", () => {
  test("pools repeats into a fleet.slowdowns override the experiment file accepts, and the cost divisor keeps the total CPU", () => {
    const a = slowEpisodes(run(400, 10, 0.0025, [{ fromSec: 4, toSec: 5.5, factor: 1.3 }]), 1, 10, 400)!;
    const b = slowEpisodes(run(400, 10, 0.0025, [{ fromSec: 2, toSec: 2.5, factor: 1.3 }, { fromSec: 7, toSec: 8, factor: 1.3 }]), 1, 10, 400)!;
    const { override, costDivisor } = slowdownsOverride([a, b]);
    expect(override).toMatch(/^fleet\.slowdowns=\{every: \d+us, length: \{empirical: \[\d+us, \d+us, \d+us\]\}, factor: 1\.[23]\d\d\}$/);
    // 3 s of 18 slowed by ~1.3: the mean cost is ~1 + 0.3 × 3/18 = 1.05 times the normal one.
    expect(costDivisor).toBeGreaterThan(1.04);
    expect(costDivisor).toBeLessThan(1.06);
    const s = pointScenario(loadExperimentFile(EXPERIMENTS_DIR, "load-sweep.nginx.yaml"), [override!]).scenario;
    expect(s.fleet.slowdowns?.lengthSec.kind).toBe("empirical");
    expect(slowdownsOverride([slowEpisodes(run(400, 10, 0.0025, []), 1, 10, 400)!])).toEqual({ override: null, costDivisor: 1 });
  });
});

describe("slowEpisodes reads each window's whole CPU", () => {
  test("a window's CPU is its run time from edge to edge, not the last 10 ms's rate times its length", () => {
    // Completions at 450/s (45 per 100 ms window) but all the CPU of each window spent in its first
    // 50 ms (then none): the window's cost is what completed in it, whatever the rate near its end.
    const { records } = run(450, 10, 0.0025, []);
    const samples: { atSec: number; runSec: number }[] = [];
    for (let i = 0; i <= 1005; i++) {
      const t = i / 100;
      const whole = Math.floor(t * 10 + 1e-9);
      const part = Math.min(1, (t * 10 - whole) * 2);
      samples.push({ atSec: t, runSec: 0.1125 * (whole + part) });
    }
    const e = slowEpisodes({ records, serverRunSamples: samples }, 1, 10, 450)!;
    expect(e.normalCostSec).toBeCloseTo(0.1125 / 45, 6);
    for (const r of e.ratios) expect(r).toBeCloseTo(1, 1);
    expect(e.lengthsSec).toEqual([]);
  });
});

describe("a repeat's window costs replayed as fleet.cpuTrace", () => {
  const file = () => loadExperimentFile(EXPERIMENTS_DIR, "load-sweep.nginx.yaml");

  test("the override parses, starts at the read's start, and carries each window's cost over the median (1.3 in the slow stretch, 1 elsewhere)", () => {
    const e = slowEpisodes(run(400, 10, 0.0025, [{ fromSec: 4, toSec: 5.5, factor: 1.3 }]), 1, 10, 400)!;
    const trace = pointScenario(file(), [cpuTraceOverride(e, 1)]).scenario.fleet.cpuTrace!;
    expect(trace.fromSec).toBe(1);
    expect(trace.windowSec).toBeCloseTo(e.windowSec, 6);
    expect(trace.factors.length).toBe(e.ratios.length);
    const at = (t: number) => trace.factors[Math.floor((t - 1) / trace.windowSec)]!;
    expect(at(4.5)).toBeCloseTo(1.3, 2);
    expect(at(5.2)).toBeCloseTo(1.3, 2);
    expect(at(2.5)).toBeCloseTo(1, 2);
    expect(at(8)).toBeCloseTo(1, 2);
  });

  test("a window without completions gets 1, not NaN", () => {
    expect(cpuTraceOverride({ windowSec: 0.1, ratios: [1.2, Number.NaN, 0.9] }, 1)).toBe("fleet.cpuTrace={from: 1000000us, window: 100000us, factors: [1.2, 1, 0.9]}");
  });

  test("a repeat's own overrides: its median window cost as the full handshake's and its trace; none without a reading", () => {
    const e = slowEpisodes(run(400, 10, 0.0025, [{ fromSec: 4, toSec: 5.5, factor: 1.3 }]), 1, 10, 400)!;
    const costs: number[] = [];
    const overrides = replayOverrides(e, (c) => (costs.push(c), [`fleet.handshake.full.cpu=${Math.round(c * 1e6)}us`, "network.rtt=50us"]), 1);
    expect(costs).toEqual([e.normalCostSec]);
    expect(overrides).toEqual([`fleet.handshake.full.cpu=${Math.round(e.normalCostSec * 1e6)}us`, cpuTraceOverride(e, 1)]);
    expect(replayOverrides("no samples", () => ["x"], 1)).toEqual([]);
    // With the server's other threads: the cost scaled by its whole CPU over its main threads' run time.
    replayOverrides(e, (c) => (costs.push(c), []), 1, 1.02);
    expect(costs[1]).toBeCloseTo(e.normalCostSec * 1.02, 12);
  });

  test("the whole server's CPU over its sampled run time: 1.02 when helper threads add 2 %, 1 when unknown", () => {
    const r = run(400, 10, 0.0025, []);
    const runSec = r.serverRunSamples.at(-1)!.runSec - r.serverRunSamples[0]!.runSec;
    const hygiene = (cost: number | null, handshakes: number) => ({ serverCpuPerHandshakeSec: cost, serverHandshakes: handshakes }) as never;
    expect(allThreadsFactor({ hygiene: hygiene((runSec * 1.02) / 4000, 4000), serverRunSamples: r.serverRunSamples })).toBeCloseTo(1.02, 12);
    expect(allThreadsFactor({ hygiene: hygiene(null, 0), serverRunSamples: r.serverRunSamples })).toBe(1);
    expect(allThreadsFactor({ hygiene: hygiene(0.0025, 4000), serverRunSamples: [] })).toBe(1);
    // Helper CPU replayed at its times (0.02 of the run time) is left out of the whole: back to 1.
    expect(allThreadsFactor({ hygiene: hygiene((runSec * 1.02) / 4000, 4000), serverRunSamples: r.serverRunSamples }, runSec * 0.02)).toBeCloseTo(1, 12);
  });

  test("no reading says why: samples that do not cover the span, too few windows", () => {
    const r = run(400, 10, 0.0025, []);
    expect(slowEpisodesOrReason({ ...r, serverRunSamples: r.serverRunSamples.filter((s) => s.atSec < 5) }, 1, 10, 400)).toMatch(/do not cover 1\.000 to 10\.000 s/);
    expect(slowEpisodesOrReason(r, 1, 1.3, 400)).toMatch(/fewer than 5/);
  });
});
