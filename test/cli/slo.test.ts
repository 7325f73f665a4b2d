import { describe, expect, test } from "vitest";
import { UsageError } from "../../cli/errors.js";
import { checkScenarioSlo, holds, parseSloFlag, resolveSloMetric, verdict, verdicts } from "../../cli/slo.js";
import type { Estimate } from "../../sim/experiment/confidence.js";

const estimate = (mean: number, halfWidth: number, n = 5): Estimate => ({ mean, halfWidth, lower: mean - halfWidth, upper: mean + halfWidth, stdDev: 1, n, level: 0.95 });

describe("SLO flags", () => {
  test("p99 < 100ms is an SLO on handshakeLatencyS.p99 with a threshold of 0.1 s", () => {
    expect(parseSloFlag("p99<100ms")).toEqual({ metric: "handshakeLatencyS.p99", op: "<", value: 0.1, text: "p99<100ms" });
  });

  test("the short aliases p50, p90, p999 and latency name the handshake latency metrics", () => {
    expect(parseSloFlag("p50 <= 20ms").metric).toBe("handshakeLatencyS.p50");
    expect(parseSloFlag("p90<1s").metric).toBe("handshakeLatencyS.p90");
    expect(parseSloFlag("p999 < 2s").metric).toBe("handshakeLatencyS.p999");
    expect(parseSloFlag("latency < 2ms").metric).toBe("handshakeLatencyS.mean");
  });

  test("failures with a percentage is an SLO on failureRate; failures with a count stays on failures", () => {
    expect(parseSloFlag("failures<0.1%")).toMatchObject({ metric: "failureRate", op: "<", value: 0.001 });
    expect(parseSloFlag("failures < 10")).toMatchObject({ metric: "failures", value: 10 });
  });

  test("full metric names and rates are accepted as they are", () => {
    expect(parseSloFlag("goodputPerS >= 900/s")).toMatchObject({ metric: "goodputPerS", op: ">=", value: 900 });
    expect(parseSloFlag("resumption > 0.9")).toMatchObject({ metric: "resumptionRate", op: ">", value: 0.9 });
  });

  test("an unknown metric is a usage error that names it and lists the metrics", () => {
    expect(() => parseSloFlag("p98<1ms")).toThrow(UsageError);
    expect(() => parseSloFlag("p98<1ms")).toThrow(/"p98".*handshakeLatencyS\.p99.*alias: p50/);
  });

  test("a malformed SLO is a usage error that quotes it", () => {
    expect(() => parseSloFlag("p99 about 1ms")).toThrow(/--slo "p99 about 1ms"/);
    expect(() => parseSloFlag("p99 < fast")).toThrow(UsageError);
  });

  test("a scenario's SLO keeps its metric, resolves aliases and gets a text for tables", () => {
    expect(checkScenarioSlo({ metric: "p99", op: "<", value: 0.1 })).toEqual({ metric: "handshakeLatencyS.p99", op: "<", value: 0.1, text: "p99 < 0.1" });
    expect(() => resolveSloMetric("nonsense", false)).toThrow(UsageError);
  });
});

describe("SLO verdicts", () => {
  test("holds compares with each operator, strictly or not", () => {
    expect([holds(1, "<", 1), holds(1, "<=", 1), holds(1, ">", 1), holds(1, ">=", 1)]).toEqual([false, true, false, true]);
  });

  test("an upper-bound SLO is judged on the CI's upper bound: a mean below the threshold with a wide interval fails", () => {
    const slo = parseSloFlag("p99<100ms");
    expect(verdict(slo, estimate(0.09, 0.005))).toMatchObject({ compared: "upper", met: true });
    const wide = verdict(slo, estimate(0.09, 0.02));
    expect(wide.compared).toBe("upper");
    expect(wide.value).toBeCloseTo(0.11, 12);
    expect(wide.met).toBe(false);
  });

  test("a lower-bound SLO is judged on the CI's lower bound", () => {
    const slo = parseSloFlag("goodputPerS > 900/s");
    expect(verdict(slo, estimate(950, 40))).toMatchObject({ compared: "lower", value: 910, met: true });
    expect(verdict(slo, estimate(950, 60))).toMatchObject({ compared: "lower", value: 890, met: false });
  });

  test("with one replication the mean is compared, and a metric without a value is not met", () => {
    const slo = parseSloFlag("p99<100ms");
    expect(verdict(slo, estimate(0.09, 0, 1))).toMatchObject({ compared: "mean", value: 0.09, met: true });
    expect(verdict(slo, undefined)).toMatchObject({ value: null, met: false });
  });

  test("verdicts looks each SLO's metric up in a result's metrics", () => {
    const slos = [parseSloFlag("p99<100ms"), parseSloFlag("failures<1%")];
    const out = verdicts(slos, { "handshakeLatencyS.p99": estimate(0.05, 0.01), failureRate: estimate(0.02, 0.001) });
    expect(out.map((v) => [v.metric, v.met])).toEqual([["handshakeLatencyS.p99", true], ["failureRate", false]]);
  });
});
