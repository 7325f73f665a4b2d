/**
 * What a real run measured, in the simulator's terms (models/metrics.ts summarize and models/run.ts
 * seriesOf), so predicted and measured values are computed the same way:
 *   - a completed attempt's latency is its completion time minus its scheduled start (for a retry:
 *     the retry's due time), counted when it completes within [warmupSec, durationSec);
 *   - rates are per second of that window; per-window series are binned by event time;
 *   - quantiles are exact order statistics of the measured samples (the simulator's histogram
 *     has 0.39 % relative error).
 */
import { ConnectionFate, Outcome, type AttemptRecords } from "../loadgen/records.js";
import type { CommonSeries } from "../metrics.js";

/** Summary of a measured run over its window. Latencies in seconds, rates per second. */
export interface MeasuredSummary {
  "handshakeLatencyS.p50": number | null;
  "handshakeLatencyS.p90": number | null;
  "handshakeLatencyS.p99": number | null;
  "handshakeLatencyS.mean": number | null;
  goodputPerS: number;
  offeredPerS: number;
  attemptsPerS: number;
  resumptionRate: number | null;
  timeouts: number;
  resets: number;
  retries: number;
  failures: number;
  failureRate: number | null;
  cut: number;
  /** Fraction of completed attempts slower than 1 s and than 3 s (the SYN-retransmission modes, tls-ground-truth.md §7.5). */
  slowerThan1sFraction: number | null;
  slowerThan3sFraction: number | null;
  /** Start lateness (start − scheduled) over all attempts: p50, p99, max (s). */
  latenessP50S: number;
  latenessP99S: number;
  latenessMaxS: number;
}

/** Per-window measured series: the simulator's WindowSeries fields that a load generator can measure, with the same meaning. */
export type MeasuredSeries = CommonSeries;

/** The window a summary covers. */
export interface SummaryWindow {
  warmupSec: number;
  durationSec: number;
  windowSec: number;
}

/** The q-quantile (0 ≤ q ≤ 1) of sorted values by the nearest-rank method; null when empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = Math.min(n, Math.max(1, Math.ceil(q * n)));
  return sorted[rank - 1]!;
}

/** Summarises records over [warmupSec, durationSec). @throws RangeError if the window is empty or not finite. */
export function summarizeRecords(records: AttemptRecords, scheduleTimesSec: Float64Array, window: SummaryWindow): MeasuredSummary {
  const { warmupSec, durationSec } = window;
  if (!(Number.isFinite(warmupSec) && Number.isFinite(durationSec) && durationSec > warmupSec && warmupSec >= 0)) {
    throw new RangeError(`window: must have 0 <= warmupSec < durationSec, finite (got ${warmupSec}, ${durationSec})`);
  }
  const span = durationSec - warmupSec;
  const inWindow = (t: number) => t >= warmupSec && t < durationSec;
  const latencies: number[] = [];
  let completed = 0;
  let resumed = 0;
  let attempts = 0;
  let timeouts = 0;
  let resets = 0;
  let retries = 0;
  let cut = 0;
  let sum = 0;
  const lateness = new Float64Array(records.count);
  for (let a = 0; a < records.count; a++) {
    lateness[a] = records.startSec[a]! - records.scheduledSec[a]!;
    if (inWindow(records.scheduledSec[a]!)) {
      attempts++;
      if (records.attemptNo[a]! > 1) retries++;
    }
    const done = records.doneSec[a]!;
    const outcome = records.outcome[a]!;
    if (outcome === Outcome.Cut) cut++;
    if (!inWindow(done)) continue;
    if (outcome === Outcome.Completed) {
      completed++;
      resumed += records.resumed[a]!;
      const l = done - records.scheduledSec[a]!;
      latencies.push(l);
      sum += l;
    } else if (outcome === Outcome.Timeout) timeouts++;
    else if (outcome === Outcome.Reset) resets++;
  }
  latencies.sort((x, y) => x - y);
  lateness.sort();
  let offered = 0;
  for (const t of scheduleTimesSec) if (inWindow(t)) offered++;
  // Connection fates: a failure is counted when its last attempt ended in the window (as the simulator counts give-ups).
  const lastEnd = new Float64Array(records.fate.length).fill(Number.NaN);
  for (let a = 0; a < records.count; a++) lastEnd[records.connection[a]!] = records.doneSec[a]!;
  let failures = 0;
  for (let i = 0; i < records.fate.length; i++) if (records.fate[i] === ConnectionFate.Failed && inWindow(lastEnd[i]!)) failures++;
  const n = latencies.length;
  const over = (limit: number) => (n === 0 ? null : latencies.filter((l) => l > limit).length / n);
  return {
    "handshakeLatencyS.p50": quantileSorted(latencies, 0.5),
    "handshakeLatencyS.p90": quantileSorted(latencies, 0.9),
    "handshakeLatencyS.p99": quantileSorted(latencies, 0.99),
    "handshakeLatencyS.mean": n > 0 ? sum / n : null,
    goodputPerS: completed / span,
    offeredPerS: offered / span,
    attemptsPerS: attempts / span,
    resumptionRate: completed > 0 ? resumed / completed : null,
    timeouts,
    resets,
    retries,
    failures,
    failureRate: completed + failures > 0 ? failures / (completed + failures) : null,
    cut,
    slowerThan1sFraction: over(1),
    slowerThan3sFraction: over(3),
    latenessP50S: quantileSorted(lateness, 0.5) ?? 0,
    latenessP99S: quantileSorted(lateness, 0.99) ?? 0,
    latenessMaxS: lateness.length > 0 ? lateness[lateness.length - 1]! : 0,
  };
}

/** Per-window series over [0, durationSec) with windows of `windowSec` (events binned by their time). */
export function seriesOfRecords(records: AttemptRecords, scheduleTimesSec: Float64Array, window: SummaryWindow): MeasuredSeries {
  const w = window.windowSec;
  const n = Math.ceil(window.durationSec / w - 1e-9);
  const zeros = () => new Array<number>(n).fill(0);
  const s = { offered: zeros(), attempts: zeros(), goodput: zeros(), full: zeros(), resumed: zeros(), timeouts: zeros(), failures: zeros() };
  const lat: number[][] = Array.from({ length: n }, () => []);
  const bin = (t: number) => (t >= 0 && t < window.durationSec ? Math.floor(t / w) : -1);
  for (const t of scheduleTimesSec) {
    const b = bin(t);
    if (b >= 0) s.offered[b]!++;
  }
  const lastEnd = new Float64Array(records.fate.length).fill(Number.NaN);
  for (let a = 0; a < records.count; a++) {
    lastEnd[records.connection[a]!] = records.doneSec[a]!;
    const bs = bin(records.scheduledSec[a]!);
    if (bs >= 0) s.attempts[bs]!++;
    const b = bin(records.doneSec[a]!);
    if (b < 0) continue;
    const outcome = records.outcome[a];
    if (outcome === Outcome.Completed) {
      s.goodput[b]!++;
      if (records.resumed[a] === 1) s.resumed[b]!++;
      else s.full[b]!++;
      lat[b]!.push(records.doneSec[a]! - records.scheduledSec[a]!);
    } else if (outcome === Outcome.Timeout) s.timeouts[b]!++;
  }
  for (let i = 0; i < records.fate.length; i++) {
    const b = records.fate[i] === ConnectionFate.Failed ? bin(lastEnd[i]!) : -1;
    if (b >= 0) s.failures[b]!++;
  }
  const perS = (a: number[]) => a.map((x) => x / w);
  const q = (p: number) =>
    lat.map((l) => {
      l.sort((x, y) => x - y);
      return quantileSorted(l, p);
    });
  return {
    windowSec: w,
    startSec: Array.from({ length: n }, (_, i) => i * w),
    offeredPerS: perS(s.offered),
    attemptsPerS: perS(s.attempts),
    goodputPerS: perS(s.goodput),
    fullPerS: perS(s.full),
    resumedPerS: perS(s.resumed),
    timeoutsPerS: perS(s.timeouts),
    failuresPerS: perS(s.failures),
    latencyP50S: q(0.5),
    latencyP99S: q(0.99),
  };
}

/** Per scheduled connection (n of them): 1 if it completed with a resumed handshake, 0 if it completed with a full one, -1 if it did not complete. */
export function resumedByConnection(records: AttemptRecords, n: number): Int8Array {
  const out = new Int8Array(n).fill(-1);
  for (let a = 0; a < records.count; a++) {
    const i = records.connection[a]!;
    if (records.outcome[a] === Outcome.Completed && i < n) out[i] = records.resumed[a] === 1 ? 1 : 0;
  }
  return out;
}
