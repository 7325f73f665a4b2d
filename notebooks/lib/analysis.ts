/**
 * Readings of a result's per-window series that the notebook pages print next to their charts:
 * a metric's mean or maximum over a time range, per-phase summaries, whether and when goodput
 * recovered after a disturbance, and the size of a full-handshake herd.
 * Windows are taken by their start time: window i covers [startSec[i], startSec[i] + windowSec).
 * Pure and browser-safe.
 */
import type { WindowSeries } from "../models/run.js";
import { requireParam } from "../sim/errors.js";
import type { SeriesKey } from "./charts.js";

/** A time range [fromSec, toSec) of a run. */
export interface TimeRange {
  fromSec: number;
  toSec: number;
}

function checkRange(range: TimeRange, path: string): void {
  requireParam(Number.isFinite(range.fromSec) && Number.isFinite(range.toSec) && range.fromSec < range.toSec, path, "{fromSec, toSec} with finite fromSec < toSec", range);
}

/** The non-null values of `key` in windows starting within the range. */
function valuesIn(series: WindowSeries, key: SeriesKey, range: TimeRange): number[] {
  const values = series[key] as (number | null)[];
  const out: number[] = [];
  series.startSec.forEach((x, i) => {
    const v = values[i];
    if (x >= range.fromSec && x < range.toSec && v !== null && v !== undefined) out.push(v);
  });
  return out;
}

/**
 * Mean of `key` over the windows starting in [fromSec, toSec) (null windows skipped); null if none.
 * @throws RangeError for a bad range.
 */
export function windowMean(series: WindowSeries, key: SeriesKey, range: TimeRange): number | null {
  checkRange(range, "windowMean.range");
  const xs = valuesIn(series, key, range);
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * Largest value of `key` over the windows starting in [fromSec, toSec); null if none.
 * @throws RangeError for a bad range.
 */
export function windowMax(series: WindowSeries, key: SeriesKey, range: TimeRange): number | null {
  checkRange(range, "windowMax.range");
  const xs = valuesIn(series, key, range);
  return xs.length === 0 ? null : Math.max(...xs);
}

/** One phase of a run, read from its windows. Rates per second, latencies in seconds. */
export interface PhaseReading {
  label: string;
  fromSec: number;
  toSec: number;
  /** Mean new connections per second (handshakes needed). */
  newConnectionsPerS: number | null;
  goodputPerS: number | null;
  /** Mean of the windows' p50 (not the phase's median: window quantiles do not combine). */
  meanWindowP50S: number | null;
  /** Largest window p99 in the phase. */
  maxWindowP99S: number | null;
  /** Timeouts per second, mean. */
  timeoutsPerS: number | null;
}

/**
 * Readings of consecutive phases (e.g. the storm demo's reuse → forced new connections → recovery).
 * @throws RangeError for an empty list or a phase with fromSec >= toSec.
 */
export function phaseReadings(series: WindowSeries, phases: readonly (TimeRange & { label: string })[]): PhaseReading[] {
  requireParam(phases.length > 0, "phaseReadings.phases", "a non-empty list", phases);
  return phases.map((p, i) => {
    checkRange(p, `phaseReadings.phases[${i}]`);
    return {
      label: p.label,
      fromSec: p.fromSec,
      toSec: p.toSec,
      newConnectionsPerS: windowMean(series, "offeredPerS", p),
      goodputPerS: windowMean(series, "goodputPerS", p),
      meanWindowP50S: windowMean(series, "latencyP50S", p),
      maxWindowP99S: windowMax(series, "latencyP99S", p),
      timeoutsPerS: windowMean(series, "timeoutsPerS", p),
    };
  });
}

/** Whether goodput came back after a disturbance, and when. */
export interface Recovery {
  /** Mean goodput per second before the disturbance (the baseline). */
  baselinePerS: number;
  recovered: boolean;
  /** Start of the first window from which every later window has goodput >= fraction × baseline; null if none. */
  atSec: number | null;
  /** atSec minus the end of the disturbance (0 if it never dipped); null if not recovered. */
  afterEndSec: number | null;
}

/**
 * Did goodput recover after a disturbance that ended at `endSec`? The baseline is the mean goodput
 * of the windows in `baseline`; recovery is the first window starting at or after `endSec` from
 * which every window to the end of the run has goodput >= fraction × baseline (default 0.8). A
 * run whose last window is below that has not recovered (it stays overloaded after the trigger
 * is gone: a metastable failure, Bronson et al., HotOS 2021).
 * @throws RangeError for a bad baseline range, no baseline windows, endSec past the last window, or fraction outside (0, 1].
 */
export function recoveryAfter(series: WindowSeries, options: { baseline: TimeRange; endSec: number; fraction?: number }): Recovery {
  const fraction = options.fraction ?? 0.8;
  requireParam(fraction > 0 && fraction <= 1, "recoveryAfter.fraction", "in (0, 1]", fraction);
  const baselinePerS = windowMean(series, "goodputPerS", options.baseline);
  requireParam(baselinePerS !== null, "recoveryAfter.baseline", "a range with windows", options.baseline);
  const starts = series.startSec;
  const first = starts.findIndex((x) => x >= options.endSec);
  requireParam(first >= 0, "recoveryAfter.endSec", `before the last window (${starts[starts.length - 1]} s)`, options.endSec);
  const threshold = fraction * (baselinePerS as number);
  let from = -1;
  for (let i = starts.length - 1; i >= first; i--) {
    if ((series.goodputPerS[i] ?? 0) >= threshold) from = i;
    else break;
  }
  if (from < 0) return { baselinePerS: baselinePerS as number, recovered: false, atSec: null, afterEndSec: null };
  const atSec = starts[from] as number;
  return { baselinePerS: baselinePerS as number, recovered: true, atSec, afterEndSec: Math.max(0, atSec - options.endSec) };
}

/** The full-handshake herd after an event: its peak and its size above the baseline. */
export interface Herd {
  /** Mean full handshakes per second in the baseline range. */
  baselineFullPerS: number;
  /** Largest per-window full handshakes per second at or after the event. */
  peakFullPerS: number;
  /** Start of the window of the peak. */
  peakAtSec: number;
  /** Full handshakes above the baseline from the event to the end of the run (count). */
  extraFull: number;
  /** Largest window p99 at or after the event (s); null if no handshake completed. */
  maxP99S: number | null;
}

/**
 * The herd of full handshakes after an event at `atSec` (a ticket-key or certificate rotation).
 * @throws RangeError for a bad baseline range or an event after the last window.
 */
export function herdAfter(series: WindowSeries, options: { baseline: TimeRange; atSec: number }): Herd {
  const baseline = windowMean(series, "fullPerS", options.baseline);
  requireParam(baseline !== null, "herdAfter.baseline", "a range with windows", options.baseline);
  const starts = series.startSec;
  const first = starts.findIndex((x) => x + series.windowSec > options.atSec);
  requireParam(first >= 0, "herdAfter.atSec", `before the end of the last window`, options.atSec);
  let peak = -Infinity;
  let peakAt = starts[first] as number;
  let extra = 0;
  for (let i = first; i < starts.length; i++) {
    const v = series.fullPerS[i] ?? 0;
    if (v > peak) {
      peak = v;
      peakAt = starts[i] as number;
    }
    extra += Math.max(0, v - (baseline as number)) * series.windowSec;
  }
  const endSec = (starts[starts.length - 1] as number) + series.windowSec;
  const maxP99S = windowMax(series, "latencyP99S", { fromSec: starts[first] as number, toSec: endSec });
  return { baselineFullPerS: baseline as number, peakFullPerS: peak, peakAtSec: peakAt, extraFull: extra, maxP99S };
}
