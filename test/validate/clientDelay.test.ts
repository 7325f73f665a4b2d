import { describe, expect, test } from "vitest";
import { runScenario } from "../../models/run.js";
import { costOverrides, type CalibrationEntry, type CostSample } from "../../validate/calibration.js";
import { calibratedClientCpuAt, CLIENT_DELAY_FACTOR_BOUNDS, clientDelayFactor, rescaleClientDelay, sampleClientCpuPerAttemptSec } from "../../validate/clientDelay.js";
import { durationText, loadExperimentFile, pointScenario, rateText } from "../../validate/experimentFile.js";
import { EXPERIMENTS_DIR } from "../../validate/runner.js";
import { nodeCalibration, pt } from "./calibrationFixture.js";


function sample(ratePerSec: number, clientCpuPerAttemptSec: number | undefined, extra: Partial<CostSample> = {}): CostSample {
  return {
    kind: "full",
    saturated: false,
    ratePerSec,
    cpuPerHandshakeSec: 0.0025,
    serverCores: 0.3,
    clientCores: clientCpuPerAttemptSec === undefined ? 0.2 : clientCpuPerAttemptSec * ratePerSec,
    ...(clientCpuPerAttemptSec === undefined ? {} : { clientCpuPerAttemptSec }),
    foreignCores: 0,
    p50Sec: 0.002,
    latencyIqrSec: 0.0002,
    resumedFraction: 0,
    valid: true,
    reasons: [],
    ...extra,
  };
}

// The shape of the 2026-11-22 01:51 calibration (Node, TLS 1.3): the generator's CPU per attempt
// falls with the rate; three repeats per rate, one of them an outlier the median ignores.
const entry: CalibrationEntry = nodeCalibration({
  full: [pt(100, 0.0025), pt(300, 0.0022), pt(450, 0.0021)],
  resumed: [],
  capacityPerSec: 450,
  rttSec: 0.0006,
  cv: 0.3,
  samples: [
    sample(100, 0.0018), sample(100, 0.0019), sample(100, 0.004),
    sample(300, 0.0015), sample(300, 0.0014), sample(300, 0.0016),
    // A saturated sample and a resumed one do not count.
    sample(450, 0.0001, { saturated: true }),
    sample(100, 0.0001, { kind: "resumed" }),
  ],
  phases: { firstPhaseCpuSec: 0.0009, secondPhaseAfterSec: 0.0009, connections: 100 },
});

describe("calibratedClientCpuAt", () => {
  test("is the median over the repeats at a calibrated rate, linear between rates, and the nearest rate's outside them", () => {
    expect(calibratedClientCpuAt(entry, 100)).toBeCloseTo(0.0019, 12);
    expect(calibratedClientCpuAt(entry, 300)).toBeCloseTo(0.0015, 12);
    expect(calibratedClientCpuAt(entry, 200)).toBeCloseTo(0.0017, 12);
    expect(calibratedClientCpuAt(entry, 20)).toBeCloseTo(0.0019, 12);
    expect(calibratedClientCpuAt(entry, 900)).toBeCloseTo(0.0015, 12);
  });

  test("a calibration written before the CPU per attempt was recorded: its client cores over the rate", () => {
    const old: CalibrationEntry = { ...entry, samples: [sample(100, undefined, { clientCores: 0.15 }), sample(300, undefined, { clientCores: 0.36 })] };
    expect(sampleClientCpuPerAttemptSec(old.samples[0]!)).toBeCloseTo(0.0015, 12);
    expect(calibratedClientCpuAt(old, 200)).toBeCloseTo((0.0015 + 0.0012) / 2, 12);
  });

  test("null without a usable sample; a bad rate is refused", () => {
    expect(calibratedClientCpuAt({ ...entry, samples: [] }, 100)).toBeNull();
    expect(calibratedClientCpuAt({ ...entry, samples: [sample(100, undefined, { clientCores: 0 })] }, 100)).toBeNull();
    expect(() => calibratedClientCpuAt(entry, 0)).toThrow(/ratePerSec/);
    expect(() => calibratedClientCpuAt(entry, Number.NaN)).toThrow(/ratePerSec/);
  });
});

describe("clientDelayFactor", () => {
  test("is the point's CPU per attempt over the calibration's at the point's rate", () => {
    // 01:51: the calibration's generator was slow (1.9 ms/attempt at 100/s), the point's took 1.33 ms.
    expect(clientDelayFactor(entry, 100, 0.00133)).toBeCloseTo(0.7, 12);
    // At 300/s the calibration's generator spent 1.5 ms: the same 1.5 ms at the point is no change.
    expect(clientDelayFactor(entry, 300, 0.0015)).toBeCloseTo(1, 12);
  });

  test("stays within its bounds, is null without calibrated client CPU, refuses a bad CPU", () => {
    expect(clientDelayFactor(entry, 100, 0.0001)).toBe(CLIENT_DELAY_FACTOR_BOUNDS.min);
    expect(clientDelayFactor(entry, 100, 0.1)).toBe(CLIENT_DELAY_FACTOR_BOUNDS.max);
    expect(clientDelayFactor({ ...entry, samples: [] }, 100, 0.001)).toBeNull();
    expect(() => clientDelayFactor(entry, 100, 0)).toThrow(/clientCpuPerAttemptSec/);
    expect(() => clientDelayFactor(entry, 100, Number.POSITIVE_INFINITY)).toThrow(/clientCpuPerAttemptSec/);
  });
});

describe("rescaleClientDelay", () => {
  test("scales the whole delay and its traced part on the server's flight, nothing else", () => {
    const { entry: scaled, factor } = rescaleClientDelay(entry, 100, 0.00133);
    expect(factor).toBeCloseTo(0.7, 12);
    expect(scaled.rttSec).toBeCloseTo(0.00042, 12);
    expect(scaled.phases?.secondPhaseAfterSec).toBeCloseTo(0.00063, 12);
    expect(scaled.phases?.firstPhaseCpuSec).toBe(entry.phases!.firstPhaseCpuSec);
    expect(scaled.full).toEqual(entry.full);
    // Untraced calibrations (nginx) get no phases.
    expect(rescaleClientDelay({ ...entry, phases: undefined }, 100, 0.00133).entry.phases).toBeUndefined();
    const none = rescaleClientDelay({ ...entry, samples: [] }, 100, 0.00133);
    expect(none.factor).toBeNull();
    expect(none.entry.rttSec).toBe(entry.rttSec);
  });

  test("the in-path client CPU of the prediction is the calibrated delay times the factor", () => {
    // TLS 1.3: the delay is 2 × rttSec = 1.2 ms; × 0.7 = 840 us, of which the traced 900 us × 0.7 = 630 us is on the server's flight.
    const { entry: scaled } = rescaleClientDelay(entry, 100, 0.00133);
    const clients = costOverrides(scaled, 100, { clientCpuPerAttemptSec: 0.00133 }).find((o) => o.startsWith("clients.cpu="));
    expect(clients).toBe("clients.cpu={send: 210us, finish: 630us, after: 490us}");
  });

  test("a slower generator at calibration no longer lifts the simulated low-load median: it moves by the delay it lost", () => {
    const file = loadExperimentFile(EXPERIMENTS_DIR, "load-sweep.node.yaml");
    const rate = 100;
    const base = [`load.arrivals=uniform`, `load.rate=${rateText(rate)}`, `run.duration=${durationText(12)}`, "run.replications=3"];
    const p50 = (e: CalibrationEntry) => runScenario(pointScenario(file, [...base, ...costOverrides(e, rate, { clientCpuPerAttemptSec: 0.00133 })]).scenario).metrics["handshakeLatencyS.p50"]!.mean;
    const before = p50(entry);
    const after = p50(rescaleClientDelay(entry, rate, 0.00133).entry);
    // At 100/s (ρ ≈ 0.25) with uniform arrivals nothing queues, so the median moves by the 360 us of delay taken out, within a histogram bucket.
    expect(before - after).toBeGreaterThan(0.00036 - 0.00005);
    expect(before - after).toBeLessThan(0.00036 + 0.00005);
  });
});
