import { describe, expect, test } from "vitest";
import { runScenario } from "../../models/run.js";
import { combinedCpuFactor, CpuTrace, SlowdownTimeline } from "../../models/server/slowdowns.js";
import { loadScenarioText } from "../../models/scenario/index.js";
import { makeSampler } from "../../sim/distributions.js";
import { RandomStreams } from "../../sim/random.js";
import { mmcScenario, withOverrides } from "./fixtures.js";

const timeline = (everySec: number, lengthSec: number, factor: number, horizonSec: number, seed = 1) => {
  const streams = new RandomStreams(seed, 0);
  return new SlowdownTimeline({ everySec, lengthSec: makeSampler({ kind: "constant", value: lengthSec }, streams.stream("fleet.slowdowns.length")), factor }, streams.stream("fleet.slowdowns"), horizonSec);
};

/** Fraction of [0, horizonSec) inside an episode of `t`. */
const coveredFraction = (t: SlowdownTimeline, horizonSec: number) =>
  t.startsSec.reduce((sum, s, k) => sum + Math.max(0, Math.min(horizonSec, t.endsSec[k]!) - Math.min(horizonSec, s)), 0) / horizonSec;

describe("SlowdownTimeline", () => {
  test("covers 1 - exp(-length/every) of the time (Poisson starts, overlapping episodes merged), and the factor holds exactly inside", () => {
    const t = timeline(2, 0.5, 1.3, 20_000);
    expect(coveredFraction(t, 20_000)).toBeGreaterThan(1 - Math.exp(-0.25) - 0.01);
    expect(coveredFraction(t, 20_000)).toBeLessThan(1 - Math.exp(-0.25) + 0.01);
    for (let k = 0; k + 1 < t.startsSec.length; k++) expect(t.endsSec[k]!).toBeLessThan(t.startsSec[k + 1]!);
    const k = 5;
    const s = t.startsSec[k]!;
    const e = t.endsSec[k]!;
    expect(t.factorAt(s - 1e-9)).toBe(1);
    expect(t.factorAt(s)).toBe(1.3);
    expect(t.factorAt((s + e) / 2)).toBe(1.3);
    expect(t.factorAt(e)).toBe(1);
    // Going back in time still answers right.
    expect(t.factorAt(t.startsSec[1]!)).toBe(1.3);
  });

  test("the same seed draws the same episodes; another seed others", () => {
    expect(timeline(1, 0.2, 1.2, 100, 7).startsSec).toEqual(timeline(1, 0.2, 1.2, 100, 7).startsSec);
    expect(timeline(1, 0.2, 1.2, 100, 7).startsSec).not.toEqual(timeline(1, 0.2, 1.2, 100, 8).startsSec);
  });

  test("refuses a factor below 1 and a non-positive interval, naming the field", () => {
    expect(() => timeline(1, 0.2, 0.9, 100)).toThrow(/fleet\.slowdowns\.factor/);
    expect(() => timeline(0, 0.2, 1.2, 100)).toThrow(/fleet\.slowdowns\.every/);
  });
});

describe("fleet.slowdowns in a run", () => {
  const base = mmcScenario({ ratePerSec: 400, serviceSec: 0.001, workers: 1, durationSec: 400, warmupSec: 10, replications: 4 });

  test("a slowdown that lasts the whole run is an M/M/1 with factor × the service time: mean sojourn f·S / (1 − λ·f·S) within the CI", () => {
    // Episodes start every 10 ms on average and last 10^4 s: the first starts long before the 10 s warm-up ends.
    const s = withOverrides(base, { fleet: { slowdowns: { everySec: 0.01, lengthSec: { kind: "constant", value: 1e4 }, factor: 1.5 } } });
    const r = runScenario(s);
    const fS = 1.5 * 0.001;
    const expected = fS / (1 - 400 * fS); // 3.75 ms at ρ = 0.6
    const m = r.metrics["handshakeLatencyS.mean"]!;
    expect(expected).toBeGreaterThan(m.lower * 0.98);
    expect(expected).toBeLessThan(m.upper * 1.02);
    expect(r.metrics["workerUtilization"]!.mean).toBeCloseTo(0.6, 1);
  });

  test("episodes of part of the time raise the CPU by (factor − 1) × the share of the work they cover, and only the server's", () => {
    const every = 2;
    const length = 0.5;
    const s = withOverrides(base, { fleet: { slowdowns: { everySec: every, lengthSec: { kind: "constant", value: length }, factor: 1.4 }, blockingWork: { everySec: 0.1, cpuSec: { kind: "constant", value: 0.03 } } } });
    const r = runScenario(s);
    const covered = 1 - Math.exp(-length / every);
    // Handshakes: ρ = 0.4 → 0.4 × (1 + 0.4 × covered); blocking work 0.03 s every 0.1 s = 0.3, not slowed (slowed, it would add 0.026).
    const expected = 0.4 * (1 + 0.4 * covered) + 0.3;
    expect(r.metrics["workerUtilization"]!.mean).toBeGreaterThan(expected - 0.01);
    expect(r.metrics["workerUtilization"]!.mean).toBeLessThan(expected + 0.01);
    const without = runScenario(withOverrides(base, { fleet: { blockingWork: { everySec: 0.1, cpuSec: { kind: "constant", value: 0.03 } } } }));
    expect(r.metrics["handshakeLatencyS.p99"]!.mean).toBeGreaterThan(without.metrics["handshakeLatencyS.p99"]!.mean * 1.1);
  });

  test("the scenario file takes it and refuses a factor below 1 with the field named", () => {
    const yaml = (factor: string) => `name: s\nload: {rate: 100/s}\nfleet:\n  software: nginx\n  slowdowns: {every: 2s, length: 300ms, factor: ${factor}}\n`;
    const ok = loadScenarioText(yaml("1.3"), "yaml");
    expect(ok.fleet.slowdowns).toEqual({ everySec: 2, lengthSec: { kind: "constant", value: 0.3 }, factor: 1.3 });
    expect(() => loadScenarioText(yaml("0.8"), "yaml")).toThrow(/fleet\.slowdowns\.factor/);
  });
});

describe("CpuTrace (fleet.cpuTrace)", () => {
  test("each window's factor from its start, 1 before and after the trace, in any order of times", () => {
    const t = new CpuTrace({ fromSec: 1, windowSec: 0.1, factors: [1.2, 0.8, 1.5] });
    expect(t.factorAt(0.999)).toBe(1);
    expect(t.factorAt(1)).toBe(1.2);
    expect(t.factorAt(1.15)).toBe(0.8);
    expect(t.factorAt(1.05)).toBe(1.2);
    expect(t.factorAt(1.29)).toBe(1.5);
    expect(t.factorAt(1.31)).toBe(1);
  });

  test("refuses a factor that is not > 0, a window that is not > 0 and a negative start, naming the field", () => {
    expect(() => new CpuTrace({ fromSec: 0, windowSec: 0.1, factors: [1, 0] })).toThrow(/fleet\.cpuTrace\.factors\[1\]/);
    expect(() => new CpuTrace({ fromSec: 0, windowSec: 0.1, factors: [Number.NaN] })).toThrow(/fleet\.cpuTrace\.factors\[0\]/);
    expect(() => new CpuTrace({ fromSec: 0, windowSec: 0, factors: [1] })).toThrow(/fleet\.cpuTrace\.window/);
    expect(() => new CpuTrace({ fromSec: -1, windowSec: 0.1, factors: [1] })).toThrow(/fleet\.cpuTrace\.from/);
  });

  test("combined with slowdown episodes, the factors multiply", () => {
    const t = new CpuTrace({ fromSec: 0, windowSec: 1, factors: [2] });
    const e = timeline(1e-3, 1e3, 1.5, 10);
    expect(combinedCpuFactor(t, e)!.factorAt(0.5)).toBe(3);
    expect(combinedCpuFactor(null, e)).toBe(e);
    expect(combinedCpuFactor(null, null)).toBeNull();
  });
});

describe("fleet.cpuTrace in a run", () => {
  const base = mmcScenario({ ratePerSec: 400, serviceSec: 0.001, workers: 1, durationSec: 60, warmupSec: 5, replications: 3 });
  const trace = (factors: number[], windowSec = 1) => withOverrides(base, { fleet: { cpuTrace: { fromSec: 0, windowSec, factors } } });

  test("a factor f over the whole run is the same run with f times the service time: the same draws, the same latencies", () => {
    const traced = runScenario(trace(new Array(60).fill(1.5)));
    const scaled = runScenario(mmcScenario({ ratePerSec: 400, serviceSec: 0.0015, workers: 1, durationSec: 60, warmupSec: 5, replications: 3 }));
    for (const k of ["handshakeLatencyS.mean", "handshakeLatencyS.p99", "workerUtilization"]) {
      expect(traced.metrics[k]!.mean).toBeCloseTo(scaled.metrics[k]!.mean, 9);
    }
    // Against the closed form too: M/M/1 at ρ = 0.6, mean sojourn 1.5 ms / 0.4 = 3.75 ms.
    const m = traced.metrics["handshakeLatencyS.mean"]!;
    expect(0.00375).toBeGreaterThan(m.lower * 0.98);
    expect(0.00375).toBeLessThan(m.upper * 1.02);
  });

  test("a slow window raises the server's CPU by its share of the work and puts the latency up in it alone; factors below 1 take CPU off", () => {
    const factors = new Array(60).fill(1);
    factors[30] = 2.2; // ρ = 0.88 for one second
    const r = runScenario({ ...trace(factors), run: { ...base.run, replications: 1 } }).perReplication[0]!;
    const flat = runScenario({ ...base, run: { ...base.run, replications: 1 } }).perReplication[0]!;
    expect(r.summary.workerUtilization).toBeCloseTo(flat.summary.workerUtilization! + (1.2 * 0.4) / 55, 2);
    expect(r.summary["handshakeLatencyS.p99"]).toBeGreaterThan(flat.summary["handshakeLatencyS.p99"]!);
    const fast = runScenario({ ...trace(new Array(60).fill(0.5)), run: { ...base.run, replications: 1 } }).perReplication[0]!;
    expect(fast.summary.workerUtilization).toBeCloseTo(0.2, 2);
  });

  test("the scenario file takes it and refuses a factor of 0 with the field named", () => {
    const yaml = (factors: string) => `name: s\nload: {rate: 100/s}\nfleet:\n  software: nginx\n  cpuTrace: {from: 1s, window: 100ms, factors: ${factors}}\n`;
    expect(loadScenarioText(yaml("[1.1, 0.9]"), "yaml").fleet.cpuTrace).toEqual({ fromSec: 1, windowSec: 0.1, factors: [1.1, 0.9] });
    expect(() => loadScenarioText(yaml("[1.1, 0]"), "yaml")).toThrow(/fleet\.cpuTrace\.factors/);
    expect(() => loadScenarioText(yaml("[]"), "yaml")).toThrow(/fleet\.cpuTrace\.factors/);
  });
});
