/**
 * The client-side delay of a point, rescaled by the load generator's speed at that point.
 *
 * The calibration measures, at its lowest load, the part of the handshake latency that the server's
 * CPU does not explain (`CalibrationEntry.rttSec` × the round trips in a handshake): mostly the
 * load generator's own CPU on the handshake's path (building the ClientHello, processing the
 * server's flight), which the load-sweep points model as the clients' event loop (clients.cpu,
 * validate/calibration.ts costOverrides). That delay was measured once, at calibration time, but
 * this machine's speed drifts by 10-20 % over tens of minutes, for the generator as for the
 * server. The server's drift is rescaled by a probe per experiment (scaleCalibration); this module
 * rescales the client's at each point, from what the point itself measured: the generator's CPU
 * per attempt there over the calibration's at the same rate.
 *
 * Why per rate: the generator's CPU per attempt falls with the rate (medians 1.86 → 1.49 ms from
 * 116/s to 349/s in the 2026-11-22 01:51 calibration, docs/validation/README.md), as its fixed per-wake-up
 * costs spread over more attempts, so a point is compared with the calibration at its own rate.
 *
 * Our measurement (the 01:51 run, re-predicted offline): the calibration ran while the generator
 * was slow (1.76-1.91 ms per attempt at 116/s, against 1.24-1.69 in the two runs before), and
 * Node's points after it measured 0.67-0.82 of that; Node's medians came out 16-50 % high at every
 * load with the calibration's delay, and 11 of 12 within 15 % rescaled (1 of 12 before); the four
 * earlier kept runs' Node tallies moved by -2 to +1 (34 of 60 in all five runs before, 44 after).
 */
import { median } from "simple-statistics";
import { costAt, type CalibrationEntry, type CostSample } from "./calibration.js";

/** The bounds of {@link clientDelayFactor}: a factor outside them says the measurement, not the generator's speed, changed. */
export const CLIENT_DELAY_FACTOR_BOUNDS = { min: 0.5, max: 2 } as const;

/**
 * The load generator's CPU per attempt (s) in a calibration sample: the recorded value, or for a
 * calibration written before it was recorded, its CPU in cores over the rate (the point's span is
 * its schedule's, so the two agree to within the drain). Null when neither is usable.
 */
export function sampleClientCpuPerAttemptSec(s: CostSample): number | null {
  if (s.clientCpuPerAttemptSec !== undefined && s.clientCpuPerAttemptSec !== null) return s.clientCpuPerAttemptSec > 0 ? s.clientCpuPerAttemptSec : null;
  return s.ratePerSec > 0 && Number.isFinite(s.ratePerSec) && s.clientCores > 0 ? s.clientCores / s.ratePerSec : null;
}

/**
 * The load generator's CPU per attempt (s) that the calibration measured at `ratePerSec`, from its
 * full-handshake samples below saturation: the median over the repeats at each rate, linear in the
 * rate between them, and the nearest rate's outside their span. Null when no sample has it.
 * @throws RangeError unless ratePerSec is finite and > 0.
 */
export function calibratedClientCpuAt(entry: CalibrationEntry, ratePerSec: number): number | null {
  if (!(Number.isFinite(ratePerSec) && ratePerSec > 0)) throw new RangeError(`ratePerSec: must be a finite number > 0 (got ${ratePerSec})`);
  const byRate = new Map<number, number[]>();
  for (const s of entry.samples) {
    if (s.kind !== "full" || s.saturated) continue;
    const c = sampleClientCpuPerAttemptSec(s);
    if (c !== null) byRate.set(s.ratePerSec, [...(byRate.get(s.ratePerSec) ?? []), c]);
  }
  if (byRate.size === 0) return null;
  // The calibration curve's own interpolation (linear in the rate, held outside), over the medians.
  return costAt([...byRate.entries()].map(([rate, values]) => ({ ratePerSec: rate, meanSec: median(values), minSec: Math.min(...values), maxSec: Math.max(...values), repeats: values.length })), ratePerSec);
}

/**
 * How much faster (< 1) or slower (> 1) the load generator ran at a point than at calibration:
 * its CPU per attempt measured at the point over {@link calibratedClientCpuAt} the point's rate,
 * within {@link CLIENT_DELAY_FACTOR_BOUNDS}. The calibrated client delay (rttSec) is multiplied by it.
 * Null when the calibration has no client CPU to compare with.
 * @throws RangeError unless ratePerSec and clientCpuPerAttemptSec are finite and > 0.
 */
export function clientDelayFactor(entry: CalibrationEntry, ratePerSec: number, clientCpuPerAttemptSec: number): number | null {
  if (!(Number.isFinite(clientCpuPerAttemptSec) && clientCpuPerAttemptSec > 0)) throw new RangeError(`clientCpuPerAttemptSec: must be a finite number > 0 (got ${clientCpuPerAttemptSec})`);
  const calibrated = calibratedClientCpuAt(entry, ratePerSec);
  if (calibrated === null) return null;
  const { min, max } = CLIENT_DELAY_FACTOR_BOUNDS;
  return Math.min(max, Math.max(min, clientCpuPerAttemptSec / calibrated));
}

/**
 * The calibration with its client delay rescaled by {@link clientDelayFactor} for a point at
 * `ratePerSec` whose generator used `clientCpuPerAttemptSec` per attempt, and the factor (null, and
 * the entry unchanged, when the calibration has no client CPU to compare with). Both parts of the
 * delay scale: the whole (rttSec) and, where the server was traced, the part on the server's
 * flight (phases.secondPhaseAfterSec, the client processing that flight; costOverrides makes it
 * the clients' `finish` CPU). Scaling the whole alone moved the delay from `finish` to `send`: the
 * 01:51 run's Node medians re-predicted that way held 8 of 12, both parts scaled 11 of 12.
 */
export function rescaleClientDelay(entry: CalibrationEntry, ratePerSec: number, clientCpuPerAttemptSec: number): { entry: CalibrationEntry; factor: number | null } {
  const factor = clientDelayFactor(entry, ratePerSec, clientCpuPerAttemptSec);
  if (factor === null) return { entry, factor };
  const phases = entry.phases === undefined ? undefined : { ...entry.phases, secondPhaseAfterSec: entry.phases.secondPhaseAfterSec * factor };
  return { entry: { ...entry, rttSec: entry.rttSec * factor, ...(phases !== undefined ? { phases } : {}) }, factor };
}
