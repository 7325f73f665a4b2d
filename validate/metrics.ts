/**
 * The metrics compared between prediction and measurement, each computed by one function from
 * either side's summary or per-window series (the simulator's WindowSeries and the measured
 * MeasuredSeries share the field names used here), and the tolerance rules of the issue:
 * median latency within 15 %, p99 within 30 %, resumption within 3 percentage points, capacity
 * (the knee) within 10 %, a retry storm's recovery the same in kind.
 */
import type { WindowSeries } from "../models/run.js";

/** The per-window fields the load generator measures too (validate/measure/summary.ts), by name. */
export const COMMON_SERIES_FIELDS = ["windowSec", "startSec", "offeredPerS", "attemptsPerS", "goodputPerS", "fullPerS", "resumedPerS", "timeoutsPerS", "failuresPerS", "latencyP50S", "latencyP99S"] as const;

/** The per-window fields both series have: the simulator's WindowSeries restricted to {@link COMMON_SERIES_FIELDS}. */
export type CommonSeries = Pick<WindowSeries, (typeof COMMON_SERIES_FIELDS)[number]>;

/** The common fields of a simulator series (the arrays are shared, not copied). */
export function commonSeriesOf(series: WindowSeries): CommonSeries {
  return Object.fromEntries(COMMON_SERIES_FIELDS.map((k) => [k, series[k]])) as unknown as CommonSeries;
}

/** A summary metric present on both sides (models/metrics.ts names). */
export type SummaryMetric = "handshakeLatencyS.p50" | "handshakeLatencyS.p90" | "handshakeLatencyS.p99" | "goodputPerS" | "attemptsPerS" | "resumptionRate" | "timeouts" | "failures";

/** How close a prediction must be. */
export type Tolerance = { kind: "relative"; max: number } | { kind: "absolute"; max: number } | { kind: "same-kind" };

/** The tolerances. */
export const TOLERANCES = {
  p50: { kind: "relative", max: 0.15 },
  p99: { kind: "relative", max: 0.3 },
  resumption: { kind: "absolute", max: 0.03 },
  capacity: { kind: "relative", max: 0.1 },
  recovery: { kind: "same-kind" },
} as const satisfies Record<string, Tolerance>;

/** What a compared metric is. */
export type MetricSpec =
  | { kind: "summary"; name: SummaryMetric; tolerance: Tolerance | null }
  /** Mean (or max) of a series over windows starting in [fromSec, toSec) (resumption: resumed ÷ completed over them). */
  | { kind: "window"; name: string; field: "goodputPerS" | "attemptsPerS" | "timeoutsPerS" | "latencyP50S" | "latencyP99S" | "resumptionRate"; fromSec: number; toSec: number; aggregate?: "mean" | "max"; tolerance: Tolerance | null }
  /** Seconds from `fromSec` until timeouts stay under 5 % of the offered rate and goodput over 90 % of it for the rest of the run; null = never. */
  | { kind: "recovery"; name: string; fromSec: number; tolerance: Tolerance | null }
  /** Seconds from `fromSec` until the resumption rate is back to 90 % of its mean over [0, fromSec); null = never. */
  | { kind: "resumptionRecovery"; name: string; fromSec: number; tolerance: Tolerance | null };

/** The unit of a metric for display (sim/charts ValueUnit names). */
export function unitOfMetric(spec: MetricSpec): "s" | "/s" | "fraction" | "count" {
  const name = spec.kind === "summary" ? spec.name : spec.kind === "window" ? spec.field : "recovery";
  if (name.startsWith("handshakeLatency") || name.startsWith("latency") || name === "recovery") return "s";
  if (name.endsWith("PerS")) return "/s";
  if (name === "resumptionRate") return "fraction";
  return "count";
}

/** The value of `spec` from one side: its summary (by models/metrics.ts name) and series. null when undefined (no samples, never recovered). */
export function metricValue(spec: MetricSpec, summary: Record<string, number | null | undefined>, series: CommonSeries): number | null {
  switch (spec.kind) {
    case "summary": {
      const v = summary[spec.name];
      return v === undefined ? null : v;
    }
    case "window":
      return spec.aggregate === "max" && spec.field !== "resumptionRate" ? windowMax(series, spec.field, spec.fromSec, spec.toSec) : windowMean(series, spec.field, spec.fromSec, spec.toSec);
    case "recovery":
      return recoverySec(series, spec.fromSec);
    case "resumptionRecovery":
      return resumptionRecoverySec(series, spec.fromSec);
  }
}

function windowsIn(series: CommonSeries, fromSec: number, toSec: number): number[] {
  const out: number[] = [];
  series.startSec.forEach((t, i) => {
    if (t >= fromSec - 1e-9 && t < toSec - 1e-9) out.push(i);
  });
  return out;
}

/** Mean of `field` over the windows starting in [fromSec, toSec); resumption rate as a ratio of sums; null when there is nothing. */
export function windowMean(series: CommonSeries, field: Extract<MetricSpec, { kind: "window" }>["field"], fromSec: number, toSec: number): number | null {
  const idx = windowsIn(series, fromSec, toSec);
  if (field === "resumptionRate") {
    let resumed = 0;
    let all = 0;
    for (const i of idx) {
      resumed += series.resumedPerS[i] ?? 0;
      all += (series.resumedPerS[i] ?? 0) + (series.fullPerS[i] ?? 0);
    }
    return all > 0 ? resumed / all : null;
  }
  const values = idx.map((i) => (series[field] as (number | null)[])[i]).filter((v): v is number => v !== null && v !== undefined);
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/** Largest value of `field` over the windows starting in [fromSec, toSec); null when there is none. */
export function windowMax(series: CommonSeries, field: Exclude<Extract<MetricSpec, { kind: "window" }>["field"], "resumptionRate">, fromSec: number, toSec: number): number | null {
  const values = windowsIn(series, fromSec, toSec)
    .map((i) => (series[field] as (number | null)[])[i])
    .filter((v): v is number => v !== null && v !== undefined);
  return values.length > 0 ? Math.max(...values) : null;
}

/** See {@link MetricSpec} "recovery". */
export function recoverySec(series: CommonSeries, fromSec: number): number | null {
  const n = series.startSec.length;
  let lastBad = -1;
  for (let i = 0; i < n; i++) {
    if (series.startSec[i]! < fromSec - 1e-9) continue;
    const offered = series.offeredPerS[i] ?? 0;
    if (offered <= 0) continue;
    const bad = (series.timeoutsPerS[i] ?? 0) > 0.05 * offered || (series.goodputPerS[i] ?? 0) < 0.9 * offered;
    if (bad) lastBad = i;
  }
  let lastOffered = -1;
  for (let i = 0; i < n; i++) if ((series.offeredPerS[i] ?? 0) > 0) lastOffered = i;
  if (lastBad < 0) return 0;
  if (lastBad >= lastOffered) return null;
  return series.startSec[lastBad]! + series.windowSec - fromSec;
}

/** See {@link MetricSpec} "resumptionRecovery". */
export function resumptionRecoverySec(series: CommonSeries, fromSec: number): number | null {
  const before = windowMean(series, "resumptionRate", 0, fromSec);
  if (before === null || before <= 0) return null;
  for (let i = 0; i < series.startSec.length; i++) {
    if (series.startSec[i]! < fromSec - 1e-9) continue;
    const all = (series.resumedPerS[i] ?? 0) + (series.fullPerS[i] ?? 0);
    if (all > 0 && (series.resumedPerS[i] ?? 0) / all >= 0.9 * before) return series.startSec[i]! + series.windowSec - fromSec;
  }
  return null;
}

/** The outcome of comparing one metric. */
export interface Comparison {
  relativeError: number | null;
  absoluteError: number | null;
  /** null when no tolerance applies (informational) or a value is missing. */
  withinTolerance: boolean | null;
}

/**
 * Compares predicted with measured under `tolerance`. Relative error = (predicted − measured) ÷
 * measured (null when measured is 0 or either is null). "same-kind": both null (never recovered)
 * or both numbers.
 */
export function compareValues(predicted: number | null, measured: number | null, tolerance: Tolerance | null): Comparison {
  const both = predicted !== null && measured !== null;
  const relativeError = both && measured !== 0 ? (predicted - measured) / Math.abs(measured) : null;
  const absoluteError = both ? predicted - measured : null;
  if (tolerance === null) return { relativeError, absoluteError, withinTolerance: null };
  if (tolerance.kind === "same-kind") return { relativeError, absoluteError, withinTolerance: (predicted === null) === (measured === null) };
  if (!both) return { relativeError, absoluteError, withinTolerance: null };
  if (tolerance.kind === "absolute") return { relativeError, absoluteError, withinTolerance: Math.abs(absoluteError!) <= tolerance.max };
  return { relativeError, absoluteError, withinTolerance: relativeError === null ? null : Math.abs(relativeError) <= tolerance.max };
}
