import { describe, expect, test } from "vitest";
import { HEADLINE_METRICS, isMetricName, METRIC_NAMES, METRICS, unitOf } from "../../cli/metrics.js";
import { runReplication } from "../../models/run.js";
import { loadPreset } from "../../models/scenarios/index.js";

describe("the metric catalogue", () => {
  test("names exactly the metrics of a run summary", () => {
    const rep = runReplication(loadPreset("node-session-wall", ["run.duration=5s"]), 0);
    expect([...METRIC_NAMES].sort()).toEqual(Object.keys(rep.summary).sort());
  });

  test("gives latencies in seconds, rates per second and ratios as fractions", () => {
    expect(unitOf("handshakeLatencyS.p99")).toBe("s");
    expect(unitOf("goodputPerS")).toBe("/s");
    expect(unitOf("failureRate")).toBe("fraction");
    expect(METRICS.timeouts.unit).toBe("count");
    expect(isMetricName("p99")).toBe(false);
    expect(HEADLINE_METRICS.every(isMetricName)).toBe(true);
  });
});
