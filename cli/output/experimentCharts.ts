/**
 * Charts of the experiments that run several scenarios: a metric against a swept parameter (sweep,
 * and plan's evidence), and two variants overlaid over time (compare). Specs from sim/charts.
 */
import type { ScenarioResult } from "../../models/run.js";
import type { Scenario } from "../../models/scenario/types.js";
import { parseDurationSec, parseRatePerSec } from "../../models/scenario/units.js";
import { overlayChart, sweepChart, type SweepInput } from "../../sim/charts/specs.js";
import type { Estimate } from "../../sim/experiment/confidence.js";
import { formatNumber } from "../../sim/report/format.js";
import { METRICS, type MetricName } from "../metrics.js";
import type { CheckedSlo } from "../slo.js";
import { anyNonZero, positiveBands, scenarioEvents, seriesWithBands, sloZones, type NamedChart, type SeriesKey } from "./runCharts.js";


/** Numeric x values for a swept parameter, and the unit to put in the axis title ("" for plain numbers). */
export interface NumericAxis {
  x: number[];
  unitLabel: string;
}

/**
 * The values of a varied parameter as numbers: plain numbers as they are, durations ("100ms") in
 * seconds, rates ("5000/s") per second. Null when any value is none of these (e.g. "poisson"):
 * such a sweep gets tables but no charts.
 */
export function numericAxis(values: readonly string[]): NumericAxis | null {
  const plain = values.map((v) => (/^[+-]?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?$/.test(v.trim()) ? Number(v) : Number.NaN));
  if (plain.every(Number.isFinite)) return { x: plain, unitLabel: "" };
  const convert = (parse: (text: string) => number): number[] | null => {
    try {
      const xs = values.map((v) => parse(v.trim()));
      return xs.every(Number.isFinite) ? xs : null;
    } catch {
      return null;
    }
  };
  const durations = convert((t) => parseDurationSec(t, "--vary"));
  if (durations !== null) return { x: durations, unitLabel: "s" };
  const rates = convert((t) => parseRatePerSec(t, "--vary"));
  if (rates !== null) return { x: rates, unitLabel: "/s" };
  return null;
}

/** One curve of a sweep chart: its name and, per x value, the metric's estimate (undefined = no value). */
export interface SweepCurve {
  name: string;
  estimates: (Estimate | undefined)[];
}

/** Options of {@link metricVsParameterChart}. */
export interface MetricVsParameterOptions {
  metric: MetricName;
  x: number[];
  xTitle: string;
  curves: SweepCurve[];
  slos: readonly CheckedSlo[];
  subtitle: string;
  name: string;
}

/** A metric's mean with its CI band against a parameter, one line per curve, SLO violations shaded. */
export function metricVsParameterChart(options: MetricVsParameterOptions): NamedChart {
  const { metric, x } = options;
  const shown = METRICS[metric];
  // Log y when the means span more than 50× (e.g. an overloaded point beside healthy ones); bands reaching 0 are left out there.
  const means = options.curves.flatMap((c) => c.estimates.map((e) => e?.mean)).filter((v): v is number => v !== undefined);
  const logY = means.length > 0 && means.every((v) => v > 0) && Math.max(...means) / Math.min(...means) > 50;
  const hasBand = (e: Estimate | undefined): e is Estimate => e !== undefined && e.n > 1 && (!logY || e.lower > 0);
  const input: SweepInput = {
    x,
    xTitle: options.xTitle,
    series: options.curves.map((c) => ({
      name: c.name,
      mean: c.estimates.map((e) => e?.mean ?? null),
      lower: c.estimates.map((e) => (hasBand(e) ? e.lower : null)),
      upper: c.estimates.map((e) => (hasBand(e) ? e.upper : null)),
    })),
  };
  const positiveX = x.every((v) => v > 0);
  const logX = positiveX && x.length >= 3 && Math.max(...x) / Math.min(...x) >= 16;
  const spec = sweepChart(input, { title: `${shown.label} vs ${options.xTitle}`, subtitle: options.subtitle, yTitle: metric, yUnit: shown.unit, logX, logY, bands: sloZones(options.slos, metric) });
  return {
    name: options.name,
    title: `${metric} vs ${options.xTitle}`,
    spec,
    note: `Points: means over replications; shaded: confidence interval${options.slos.some((s) => s.metric === metric) ? "; red: where the SLO is not met" : ""}${logX ? "; log x axis" : ""}${logY ? "; log y axis" : ""}.`,
  };
}

/** Series compared by `compare` over time, with their display names; drawn when not all zero. */
const OVERLAY_SERIES: { key: SeriesKey; metric: string; unit: "s" | "/s" | "fraction" | "count"; title: string }[] = [
  { key: "latencyP99S", metric: "p99 latency", unit: "s", title: "Handshake latency p99" },
  { key: "latencyP50S", metric: "p50 latency", unit: "s", title: "Handshake latency p50" },
  { key: "goodputPerS", metric: "goodput", unit: "/s", title: "Goodput (handshakes completed)" },
  { key: "attemptsPerS", metric: "attempts", unit: "/s", title: "Connection attempts (with retries)" },
  { key: "resumedPerS", metric: "resumed", unit: "/s", title: "Resumed handshakes" },
  { key: "workerUtilization", metric: "utilization", unit: "fraction", title: "Worker utilization" },
  { key: "timeoutsPerS", metric: "timeouts", unit: "/s", title: "Timeouts" },
  { key: "failuresPerS", metric: "failures", unit: "/s", title: "Failures (client gave up)" },
  { key: "backlogDepth", metric: "accept queue", unit: "count", title: "Accept queue depth" },
];

/** Options of {@link overlayCharts}. */
export interface OverlayChartsOptions {
  a: { label: string; scenario: Scenario; result: ScenarioResult };
  b: { label: string; scenario: Scenario; result: ScenarioResult };
}

/**
 * A over B over time for the informative series (see OVERLAY_SERIES), each with a B − A panel.
 * Empty when the two runs' windows differ (different duration or window): they cannot be overlaid.
 */
export function overlayCharts(options: OverlayChartsOptions): NamedChart[] {
  const { a, b } = options;
  const xa = a.result.series.startSec;
  const xb = b.result.series.startSec;
  if (xa.length !== xb.length || xa.some((x, i) => x !== xb[i])) return [];
  const events = scenarioEvents(a.scenario);
  const charts: NamedChart[] = [];
  for (const s of OVERLAY_SERIES) {
    const va = a.result.series[s.key] as (number | null)[];
    const vb = b.result.series[s.key] as (number | null)[];
    if (!anyNonZero(va) && !anyNonZero(vb)) continue;
    if (va.every((v) => v === null) || vb.every((v) => v === null)) continue;
    let sa = seriesWithBands(a.result, s.key, "A");
    let sb = seriesWithBands(b.result, s.key, "B");
    // Latencies spanning more than 50× go on a log axis (CI bands reaching 0 are left out there).
    const all = [...va, ...vb].filter((v): v is number => v !== null);
    const logY = s.unit === "s" && all.every((v) => v > 0) && Math.max(...all) / Math.min(...all) > 50;
    if (logY) {
      sa = positiveBands(sa);
      sb = positiveBands(sb);
    }
    const spec = overlayChart(
      { xSec: xa, a: sa, b: sb },
      { title: s.title, subtitle: `${a.label} · ${b.label}`, yTitle: s.metric, yUnit: s.unit, logY, events, difference: true },
    );
    charts.push({
      name: `compare-${s.key}`,
      title: `${s.title}: A and B over time`,
      spec,
      note: `Per-window means over ${a.result.replications} replications with ${formatNumber(a.result.confidenceLevel * 100)}% CI bands; lower panel: B − A (same seeds: common random numbers)${logY ? "; log scale" : ""}.`,
    });
  }
  return charts;
}
