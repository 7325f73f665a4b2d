import { describe, expect, test } from "vitest";
import { groupPoints, nodeSessionEvidence, normalizeValidation, readNumber, readPoint, readVerdict, unitOfMetric } from "../../notebooks/lib/validation.js";

/** A validation.json in the shape issue 5 asks for (points and verdicts). */
const sample = {
  generatedAt: "2026-11-21T16:00:00Z",
  machine: { cpus: 2, kernel: "6.1" },
  points: [
    { experiment: "load-sweep", server: "nginx", offeredPerS: 2000, metric: "handshakeLatencyS.p50", predicted: 0.0011, measured: 0.001, relativeError: 0.1, valid: true },
    { experiment: "load-sweep", server: "nginx", offeredPerS: 1000, metric: "handshakeLatencyS.p50", predicted: { mean: 0.0009 }, measured: "1ms", valid: { valid: false, reason: "client CPU 91 %" } },
    { experiment: "resumption", server: "node", offeredLoad: "500/s", metric: "resumptionRate", predicted: 0.97, measured: 0.95, valid: true },
    { experiment: "broken", server: "node", metric: "resumptionRate" },
    "not a point",
  ],
  verdicts: [
    { claim: "seed 000: Node has a 100-entry server session cache", verdict: "false", evidence: "150 clients all resumed" },
    { claim: "seed 002: 1 MB holds 4000 sessions", verdict: "false", evidence: { measured: 2650 } },
    { verdict: "no claim" },
  ],
};

describe("normalizeValidation", () => {
  test("reads points and verdicts of the issue's shape, skipping and counting unreadable points", () => {
    const data = normalizeValidation(sample, "docs/validation/validation.json");
    expect(data.present).toBe(true);
    expect(data.source).toBe("docs/validation/validation.json");
    expect(data.generatedAt).toBe("2026-11-21T16:00:00Z");
    expect(data.machine).toBe('{"cpus":2,"kernel":"6.1"}');
    expect(data.points).toHaveLength(3);
    expect(data.skipped).toBe(2);
    expect(data.verdicts.map((v) => v.verdict)).toEqual(["false", "false"]);
    expect(data.verdicts[1]!.evidence).toBe('{"measured":2650}');
  });

  test("takes numbers from objects and unit strings, validity from an object with a reason, and computes a missing relative error", () => {
    const p = readPoint(sample.points[1])!;
    expect(p.predicted).toBe(0.0009);
    expect(p.measured).toBe(0.001);
    expect(p.relativeError).toBeCloseTo(-0.1, 12);
    expect(p).toMatchObject({ valid: false, reason: "client CPU 91 %", offeredPerS: 1000 });
    expect(readPoint(sample.points[2])!.offeredPerS).toBe(500);
  });

  test("a file without points or verdicts gives empty lists, and anything else is no point", () => {
    expect(normalizeValidation({}, "x")).toMatchObject({ points: [], verdicts: [], skipped: 0, generatedAt: null, machine: null });
    expect(normalizeValidation(null, "x").points).toEqual([]);
    expect(readPoint({ metric: "p99" })).toBeNull();
    expect(readVerdict({ verdict: "true" })).toBeNull();
  });

  test("readNumber converts ms, us, % and /s strings and refuses text that is not a number", () => {
    expect(readNumber("12ms")).toBe(0.012);
    expect(readNumber("250us")).toBeCloseTo(0.00025, 15);
    expect(readNumber("95%")).toBe(0.95);
    expect(readNumber("3000/s")).toBe(3000);
    expect(readNumber("fast")).toBeNull();
    expect(readNumber(Number.NaN)).toBeNull();
    expect(readNumber({ value: 3 })).toBe(3);
  });
});

describe("grouping and units", () => {
  test("groups points by experiment, server and metric, each sorted by offered load", () => {
    const groups = groupPoints(normalizeValidation(sample, "x").points);
    expect(groups.map((g) => `${g.experiment}/${g.server}/${g.metric}`)).toEqual(["load-sweep/nginx/handshakeLatencyS.p50", "resumption/node/resumptionRate"]);
    expect(groups[0]!.points.map((p) => p.offeredPerS)).toEqual([1000, 2000]);
  });

  test("guesses a display unit from a metric name", () => {
    expect(unitOfMetric("handshakeLatencyS.p99")).toBe("s");
    expect(unitOfMetric("resumptionRate")).toBe("fraction");
    expect(unitOfMetric("goodputPerS")).toBe("/s");
    expect(unitOfMetric("listenOverflows")).toBe("count");
  });

  test("Node session evidence keeps Node's resumption points and the claims about Node or seed 000", () => {
    const evidence = nodeSessionEvidence(normalizeValidation(sample, "x"));
    expect(evidence.points.map((p) => p.experiment)).toEqual(["resumption"]);
    expect(evidence.verdicts.map((v) => v.claim)).toEqual(["seed 000: Node has a 100-entry server session cache"]);
    expect(nodeSessionEvidence({ present: false, searched: [] })).toEqual({ points: [], verdicts: [] });
  });
});
