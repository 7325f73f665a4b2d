import { beforeAll, describe, expect, test } from "vitest";
import { compile, type TopLevelSpec } from "vega-lite";
import { runScenario, type ScenarioResult } from "../../models/run.js";
import { loadPreset } from "../../models/scenarios/index.js";
import type { Scenario } from "../../models/scenario/types.js";
import { confidenceInterval } from "../../sim/experiment/confidence.js";
import { compareChart, latencyChart, LATENCY_ZONES, metricSweepChart, scenarioEvents, seriesChart, seriesWithBands, sweepLine } from "../../notebooks/lib/charts.js";

let scenario: Scenario;
let result: ScenarioResult;
let single: ScenarioResult;

beforeAll(() => {
  scenario = loadPreset("node-cluster-sessions", ["run.duration=8s", "run.warmup=0s", "run.replications=2"]);
  result = runScenario(scenario);
  single = runScenario(scenario, { replications: 1 });
});

/** All text marks' and titles' strings in a spec (to find labels). */
const texts = (spec: TopLevelSpec): string => JSON.stringify(spec);

describe("series and events", () => {
  test("a series from one replication has no CI bounds; from two, each window's bounds are the CI of the two values", () => {
    expect(seriesWithBands(single, "goodputPerS", "g").lower).toBeUndefined();
    const s = seriesWithBands(result, "goodputPerS", "g");
    const xs = result.perReplication.map((r) => r.series.goodputPerS[3]!);
    const ci = confidenceInterval(xs, 0.95);
    expect(s.lower![3]).toBe(ci.lower);
    expect(s.upper![3]).toBe(ci.upper);
    expect(s.values).toBe(result.series.goodputPerS);
  });

  test("the storm preset's events are the reuse drop at 20 s and its end at 35 s", () => {
    expect(scenarioEvents(loadPreset("lb-handshake-storm"))).toEqual([
      { atSec: 20, label: "reuse 0 %" },
      { atSec: 35, label: "reuse 90 %" },
    ]);
  });

  test("fleet events and pre-warming are marked, and events past the end of the run are left out", () => {
    const s = loadPreset("nginx-cpu-saturation", ["run.duration=30s", "load.prewarm=[{at: 5s, over: 2s, connections: 10}]", "events=[{kind: rotate-ticket-keys, at: 12s, stagger: 4s}]"]);
    expect(scenarioEvents(s)).toEqual([
      { atSec: 5, label: "prewarm 10" },
      { atSec: 12, label: "rotate-ticket-keys (over 4s)" },
      { atSec: 20, label: "spike 4500/s for 10s" },
    ]);
    expect(scenarioEvents(loadPreset("nginx-cpu-saturation", ["run.duration=31s"]))).toEqual([{ atSec: 20, label: "spike 4500/s for 10s" }, { atSec: 30, label: "" }]);
  });
});

describe("chart specs (sim/charts under the hood)", () => {
  test("the storm's latency chart compiles, draws p50, p99 and p99.9 on all three latency zones, on a log axis (latencies span over 50×), with the reuse events", () => {
    const storm = loadPreset("lb-handshake-storm", ["run.duration=40s", "run.replications=1"]);
    const spec = latencyChart({ scenario: storm, result: runScenario(storm) });
    expect(() => compile(spec)).not.toThrow();
    const json = texts(spec);
    for (const name of ["p50", "p99", "p99.9", "reuse 0 %", ...LATENCY_ZONES.map((z) => z.label)]) expect(json).toContain(`"${name}"`);
    expect(json).toContain('"type":"log"');
  });

  test("a latency chart of latencies within 50× of each other has a linear axis and only the zones it reaches", () => {
    const json = texts(latencyChart({ scenario, result }));
    expect(json).not.toContain('"type":"log"');
    expect(json).toContain('"< 100 ms"');
    expect(json).not.toContain('"> 1 s"');
  });

  test("a series chart leaves out all-zero series unless asked to keep them", () => {
    const picks = [{ key: "goodputPerS" as const, name: "goodput" }, { key: "rejectionsPerS" as const, name: "rejections" }];
    expect(texts(seriesChart({ scenario, result }, picks, { title: "t", yTitle: "rate", unit: "/s" }))).not.toContain('"rejections"');
    expect(texts(seriesChart({ scenario, result }, picks, { title: "t", yTitle: "rate", unit: "/s", keepZero: true }))).toContain('"rejections"');
  });

  test("a comparison chart draws one line per run and refuses runs with different windows", () => {
    const spec = compareChart([{ name: "A", run: { scenario, result } }, { name: "B", run: { scenario, result: single } }], "goodputPerS", { title: "t", yTitle: "g", unit: "/s" });
    expect(() => compile(spec)).not.toThrow();
    expect(texts(spec)).toContain('"B"');
    const short = runScenario(loadPreset("node-cluster-sessions", ["run.duration=6s", "run.warmup=0s"]), { replications: 1 });
    expect(() => compareChart([{ name: "A", run: { scenario, result } }, { name: "B", run: { scenario, result: short } }], "goodputPerS", { title: "t", yTitle: "g", unit: "/s" })).toThrow(/runs\[1\]: must have the windows of runs\[0\]/);
    expect(() => compareChart([], "goodputPerS", { title: "t", yTitle: "g", unit: "/s" })).toThrow(/non-empty/);
  });

  test("a sweep line takes each result's metric estimate, null where the metric is missing, and the sweep chart compiles", () => {
    const line = sweepLine("resumed", [result, single], "resumptionRate");
    expect(line.points[0]).toBe(result.metrics.resumptionRate);
    expect(sweepLine("x", [result], "noSuchMetric").points).toEqual([null]);
    const spec = metricSweepChart([1, 2], [line], { title: "t", xTitle: "workers", yTitle: "resumed", unit: "fraction", logX: true });
    expect(() => compile(spec)).not.toThrow();
  });
});
