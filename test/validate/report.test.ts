/**
 * The validation report's charts: a result whose predicted band reaches zero (or, as a Student-t
 * CI once did, below it) must still chart. A full run's report was once lost at the end of 24
 * minutes because a log-axis band got a negative lower bound. The band is the paired
 * replications' range (validate/paired.ts).
 */
import { describe, expect, test } from "vitest";
import { pauseReplayText, toleranceTallies, validationCharts, validationReport } from "../../validate/report.js";
import type { ValidationPoint, ValidationResult } from "../../validate/result.js";

function point(fraction: number, metric: string, predicted: number, measured: number, range: [number, number] | null): ValidationPoint {
  return {
    experiment: "load-sweep",
    server: "nginx",
    label: `${Math.round(fraction * 100)} % poisson`,
    offeredLoad: { ratePerSec: 500 * fraction, fractionOfCapacity: fraction },
    metric,
    unit: "s",
    predicted,
    predictedRange: range,
    predictedExpected: predicted,
    predictedCi: null,
    measured,
    measuredRange: null,
    repeats: { measured: 3, used: 3 },
    relativeError: predicted / measured - 1,
    absoluteError: predicted - measured,
    tolerance: null,
    withinTolerance: null,
    valid: true,
    reason: null,
  };
}

function result(points: ValidationPoint[]): ValidationResult {
  return {
    version: 1,
    generatedAt: "2026-11-21T00:00:00.000Z",
    quick: false,
    servers: ["nginx"],
    machine: { cpus: 2, cpuModel: "test", kernel: "test", node: "v20", nginx: "1.22.1", openssl: "3.0", somaxconn: 4096 },
    wallSec: 1,
    foreignCores: { mean: 0, max: 0 },
    calibration: [],
    drift: [],
    points,
    verdicts: [],
    runs: [],
    skipped: [],
  } as unknown as ValidationResult;
}

describe("validationCharts", () => {
  test("a predicted band with a lower bound at or below zero is cut at the chart's floor, and the note says where", () => {
    const pts = [point(0.5, "handshakeLatencyS.p99", 0.01, 0.011, [0.008, 0.012]), point(0.9, "handshakeLatencyS.p99", 0.09, 0.07, [0, 0.18])];
    const charts = validationCharts(result(pts));
    const chart = charts.find((c) => c.name === "sweep-nginx-poisson-p99");
    expect(chart).toBeDefined();
    expect(chart!.note).toContain("at 90 % poisson its lower bound is below the chart's floor");
    const rows = (chart!.spec as { data: { values: { series: string; lower: number | null }[] } }).data.values.filter((r) => r.series === "predicted");
    expect(rows.every((r) => r.lower === null || r.lower > 0)).toBe(true);
  });

  test("a band that stays above the floor is drawn as given and the note does not mention a cut", () => {
    const pts = [point(0.5, "handshakeLatencyS.p99", 0.01, 0.011, [0.008, 0.012]), point(0.9, "handshakeLatencyS.p99", 0.09, 0.07, [0.06, 0.12])];
    const chart = validationCharts(result(pts)).find((c) => c.name === "sweep-nginx-poisson-p99");
    expect(chart!.note).not.toContain("floor");
  });
});

describe("toleranceTallies", () => {
  const judged = (metric: string, held: boolean, withoutTrace?: boolean): ValidationPoint => ({
    ...point(0.8, metric, 1, 1, null),
    tolerance: { kind: "relative", max: 0.3 },
    withinTolerance: held,
    ...(withoutTrace !== undefined ? { withoutTrace: { predicted: 1, relativeError: 0, withinTolerance: withoutTrace } } : {}),
  });

  test("counts the held points per rule, and tallies the latency rules again without the speed traces where points had them", () => {
    const plain = toleranceTallies([judged("handshakeLatencyS.p99", true), judged("handshakeLatencyS.p99", false)]);
    expect(plain.map((t) => t.rule)).toHaveLength(5);
    expect(plain[1]).toMatchObject({ checked: 2, held: 1 });
    const traced = toleranceTallies([judged("handshakeLatencyS.p99", true, false), judged("handshakeLatencyS.p99", true, false), judged("handshakeLatencyS.p50", false, true)]);
    expect(traced).toHaveLength(7);
    expect(traced[1]).toMatchObject({ checked: 2, held: 2 });
    expect(traced[5]).toMatchObject({ checked: 1, held: 1 });
    expect(traced[5]!.rule).toMatch(/median .*without their speed traces/);
    expect(traced[6]).toMatchObject({ checked: 2, held: 0 });
  });
});

describe("the pauses replayed in each repeat's prediction", () => {
  test("the report names the stalls and the helper-thread bursts only where a repeat's overrides replay them", () => {
    expect(pauseReplayText(false, false)).toBe("");
    expect(pauseReplayText(true, false)).toMatch(/load generator's stalls .*clients\.cpu\.pauses replay/);
    expect(pauseReplayText(true, false)).not.toMatch(/helper threads/);
    expect(pauseReplayText(false, true)).toMatch(/helper threads .*fleet\.blockingWorkAt/);
    expect(pauseReplayText(true, true)).toMatch(/stalls.*; and for Node, the bursts/);
    const text = (doc: ReturnType<typeof validationReport>) => JSON.stringify(doc.sections.filter((x) => x.kind === "text"));
    expect(text(validationReport(result([]), [], "cmd", "test"))).not.toMatch(/replays that repeat's own pauses/);
  });
});
