import { describe, expect, test } from "vitest";
import { calibrationKey, capacityOf, cleanCost, cleanLatency, cleanSamples, costAt, costOverrides, pointsOf, scaleCalibration, secondPhaseOf, type CalibrationEntry, type CostPoint, type CostSample } from "../../validate/calibration.js";
import { loadExperimentFile, pointScenario } from "../../validate/experimentFile.js";
import { EXPERIMENTS_DIR } from "../../validate/runner.js";
import { nodeCalibration, pt } from "./calibrationFixture.js";


describe("costAt", () => {
  const points = [pt(200, 0.003), pt(400, 0.0025)];

  test("interpolates linearly in the rate between measured loads and holds the first value below them", () => {
    expect(costAt(points, 300)).toBeCloseTo(0.00275, 12);
    expect(costAt(points, 100)).toBe(0.003);
    expect(costAt([pt(500, 0.002)], 900)).toBe(0.002);
  });

  test("holds the highest point's cost beyond it (the saturation point: the server runs no faster)", () => {
    expect(costAt(points, 500)).toBe(0.0025);
    expect(costAt(points, 5000)).toBe(0.0025);
  });

  test("refuses an empty calibration", () => {
    expect(() => costAt([], 1)).toThrow(RangeError);
  });
});

describe("clean calibration samples", () => {
  const s = (valid: boolean, reasons: string[]) => ({ valid, reasons });

  test("a cost is clean unless other processes used the machine or the server's core; latencies only in a valid sample", () => {
    expect(cleanCost(s(true, []))).toBe(true);
    expect(cleanCost(s(false, ["start lateness p99 12.6 ms > 5.0 ms: late starts"]))).toBe(true);
    expect(cleanCost(s(false, ["generator CPU 0.99 cores > 0.85: the generator, not the server, may be the bottleneck"]))).toBe(true);
    expect(cleanCost(s(false, ["start lateness p99 19.4 ms > 5.0 ms: late starts", "other processes used 0.41 cores > 0.30"]))).toBe(false);
    expect(cleanCost(s(false, ["something else used 0.15 cores of the server's CPU > 0.10: the server had less CPU than calibrated"]))).toBe(false);
    expect(cleanLatency(s(false, ["start lateness p99 12.6 ms > 5.0 ms: late starts"]))).toBe(false);
    expect(cleanLatency(s(true, []))).toBe(true);
  });

  test("cleanSamples keeps the clean ones, or all when none is", () => {
    const dirty = s(false, ["other processes used 0.41 cores > 0.30"]);
    expect(cleanSamples([s(true, []), dirty], cleanCost)).toEqual([s(true, [])]);
    expect(cleanSamples([dirty, dirty], cleanCost)).toEqual([dirty, dirty]);
  });
});

describe("pointsOf", () => {
  const sample = (ratePerSec: number, cost: number, saturated = false): CostSample => ({ kind: "full", saturated, ratePerSec, cpuPerHandshakeSec: cost, serverCores: 1, clientCores: 0.5, foreignCores: 0, p50Sec: 0.002, latencyIqrSec: 0.0005, resumedFraction: 0, valid: true, reasons: [] });

  test("averages repeats by rate with their spread, and merges the overload repeats into one point at rate 1 / mean cost", () => {
    const points = pointsOf([sample(100, 0.003), sample(100, 0.0032), sample(900, 0.0018, true), sample(950, 0.0022, true), sample(300, 0.0024)], "full");
    expect(points.map((p) => p.ratePerSec)).toEqual([100, 300, 500]);
    expect(points[0]).toMatchObject({ minSec: 0.003, maxSec: 0.0032, repeats: 2 });
    expect(points[0]!.meanSec).toBeCloseTo(0.0031, 12);
    expect(points[2]!.meanSec).toBeCloseTo(0.002, 12);
    expect(pointsOf([sample(100, 0.003)], "resumed")).toEqual([]);
  });

  test("a rate's samples taken while something else ran are left out when the rate has clean ones (the 09:26 run's nginx calibration)", () => {
    const dirty = (rate: number, cost: number): CostSample => ({ ...sample(rate, cost), valid: false, reasons: ["other processes used 0.67 cores > 0.30"] });
    const points = pointsOf([sample(183, 0.003634), dirty(183, 0.004221), dirty(183, 0.00474), dirty(91, 0.0048), dirty(91, 0.0045)], "full");
    expect(points[1]).toMatchObject({ ratePerSec: 183, meanSec: 0.003634, repeats: 1 });
    // No clean sample at 91/s: all of them, rather than no point.
    expect(points[0]).toMatchObject({ ratePerSec: 91, repeats: 2 });
  });
});

describe("scaleCalibration", () => {
  test("multiplies every cost by the factor, divides rates and capacity by it, and records the factor", () => {
    const entry = { key: "k", server: "node" as const, certificate: "rsa-2048" as const, tlsVersion: "1.3" as const, workSec: 0, full: [pt(200, 0.002), pt(500, 0.002)], resumed: [pt(200, 0.001)], capacityPerSec: 500, saturatedServerCores: 1, rttSec: 0, cv: 0.5, samples: [] };
    const slower = scaleCalibration(entry, 1.25);
    expect(slower.full[0]!.meanSec).toBeCloseTo(0.0025, 12);
    expect(slower.full[1]!.ratePerSec).toBeCloseTo(400, 9);
    expect(slower.resumed[0]!.meanSec).toBeCloseTo(0.00125, 12);
    expect(slower.capacityPerSec).toBeCloseTo(400, 3);
    expect(scaleCalibration(slower, 0.8).driftFactor).toBeCloseTo(1, 12);
    expect(() => scaleCalibration(entry, 0)).toThrow(RangeError);
  });

  test("scales the traced first-phase CPU with the costs and leaves the traced gap (client time) alone", () => {
    const entry = { key: "k", server: "node" as const, certificate: "rsa-2048" as const, tlsVersion: "1.3" as const, workSec: 0, full: [pt(200, 0.002)], resumed: [], capacityPerSec: 500, saturatedServerCores: 1, rttSec: 0, cv: 0.5, samples: [], phases: { firstPhaseCpuSec: 0.0008, secondPhaseAfterSec: 0.0007, connections: 50 } };
    expect(scaleCalibration(entry, 1.25).phases).toEqual({ firstPhaseCpuSec: 0.001, secondPhaseAfterSec: 0.0007, connections: 50 });
    expect(scaleCalibration({ ...entry, phases: undefined }, 1.25).phases).toBeUndefined();
  });
});

describe("capacityOf", () => {
  test("is the rate where rate × cost(rate) = 1 CPU", () => {
    expect(capacityOf([pt(100, 0.002)])).toBeCloseTo(500, 3);
    const cap = capacityOf([pt(200, 0.003), pt(400, 0.0024)]);
    expect(cap * costAt([pt(200, 0.003), pt(400, 0.0024)], cap)).toBeCloseTo(1, 6);
    expect(cap).toBeGreaterThan(400);
  });
});

describe("costOverrides", () => {
  const entry: CalibrationEntry = nodeCalibration();

  test("gives the handshake cost net of the per-connection work, at the capped rate, and the client delay as RTT", () => {
    expect(costOverrides(entry, 200)).toEqual(["fleet.handshake.full.cpu={gamma: {mean: 1500us, cv: 0.5}}", "fleet.handshake.resumed.cpu={gamma: {mean: 500us, cv: 0.5}}", "network.rtt=400us"]);
    expect(costOverrides(entry, 900)[0]).toBe("fleet.handshake.full.cpu={gamma: {mean: 1000us, cv: 0.5}}");
  });

  test("its overrides make a valid scenario of the experiment file that the simulator runs with the measured mean", () => {
    const file = loadExperimentFile(EXPERIMENTS_DIR, "load-sweep.node.yaml");
    const s = pointScenario(file, costOverrides(entry, 350)).scenario;
    expect(s.fleet.handshake.full.cpuSec).toEqual({ kind: "gamma", mean: 0.00125, cv: 0.5 });
    expect(s.network.rttSec).toBeCloseTo(0.0004, 12);
    expect(s.fleet.requestCpuSec).toEqual({ kind: "constant", value: 0.001 });
  });

  test("with the generator's CPU per attempt: the low-load client delay becomes client CPU in the path, the rest after-work, the uncovered delay stays RTT", () => {
    // TLS 1.3: 2 RTTs in the latency, so the calibrated client delay is 2 x 400 us = 800 us.
    const rest = ["fleet.handshake.full.cpu={gamma: {mean: 1500us, cv: 0.5}}", "fleet.handshake.resumed.cpu={gamma: {mean: 500us, cv: 0.5}}"];
    expect(costOverrides(entry, 200, { clientCpuPerAttemptSec: 0.0012 })).toEqual([...rest, "network.rtt=0us", "clients.cpu={send: 400us, finish: 400us, after: 400us}"]);
    // A generator cheaper than the delay: all its CPU is in the path, the rest of the delay is network.
    expect(costOverrides(entry, 200, { clientCpuPerAttemptSec: 0.0006 })).toEqual([...rest, "network.rtt=100us", "clients.cpu={send: 300us, finish: 300us}"]);
    const file = loadExperimentFile(EXPERIMENTS_DIR, "load-sweep.node.yaml");
    const s = pointScenario(file, costOverrides(entry, 200, { clientCpuPerAttemptSec: 0.0012 })).scenario;
    expect(s.clients.cpu?.afterCpuSec).toEqual({ kind: "constant", value: 0.0004 });
    expect(s.network.rttSec).toBe(0);
  });

  test("with a traced phase structure: the first phase is the traced CPU, the client finishes for the traced gap as far as its in-path CPU covers it", () => {
    const traced: CalibrationEntry = { ...entry, phases: { firstPhaseCpuSec: 0.0009, secondPhaseAfterSec: 0.0006, connections: 100 } };
    const rest = ["fleet.handshake.full.cpu={gamma: {mean: 1500us, cv: 0.5}}", "fleet.handshake.full.secondPhase=0.400", "fleet.handshake.resumed.cpu={gamma: {mean: 500us, cv: 0.5}}"];
    // 800 us in the path: 600 us of it on the server's flight, 200 us before the connection goes out.
    expect(costOverrides(traced, 200, { clientCpuPerAttemptSec: 0.0012 })).toEqual([...rest, "network.rtt=0us", "clients.cpu={send: 200us, finish: 600us, after: 400us}"]);
    // Less in-path CPU than the traced gap: all of it is finish.
    expect(costOverrides(traced, 200, { clientCpuPerAttemptSec: 0.0005 })).toEqual([...rest, "network.rtt=150us", "clients.cpu={send: 1us, finish: 500us}"]);
    // Without the generator's CPU only the split changes.
    expect(costOverrides(traced, 200)).toEqual([...rest, "network.rtt=400us"]);
    const file = loadExperimentFile(EXPERIMENTS_DIR, "load-sweep.node.yaml");
    const s = pointScenario(file, costOverrides(traced, 200, { clientCpuPerAttemptSec: 0.0012 })).scenario;
    expect(s.fleet.handshake.full.secondPhaseFraction).toBeCloseTo(0.4, 12);
    expect(s.clients.cpu?.finishCpuSec).toEqual({ kind: "constant", value: 0.0006 });
  });

  test("the second-phase fraction keeps the first phase at least 5 % and is never negative", () => {
    expect(secondPhaseOf({ firstPhaseCpuSec: 0.0009, secondPhaseAfterSec: 0, connections: 20 }, 0.0015)).toBeCloseTo(0.4, 12);
    expect(secondPhaseOf({ firstPhaseCpuSec: 0.002, secondPhaseAfterSec: 0, connections: 20 }, 0.0015)).toBe(0);
    expect(secondPhaseOf({ firstPhaseCpuSec: 0, secondPhaseAfterSec: 0, connections: 20 }, 0.0015)).toBe(0.95);
  });

  test("the key names software, certificate, TLS version and work", () => {
    expect(calibrationKey({ software: "nginx", certificate: "rsa-3072", tlsVersion: "1.2", workers: 2, listenBacklog: 511, tickets: true, sessionTimeoutSec: null, store: { kind: "none" }, burnUs: 0, ticketKeyFiles: false })).toBe("nginx/rsa-3072/tls1.2/work0us/w2");
  });
});
