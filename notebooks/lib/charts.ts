/**
 * The notebooks' charts: the shared vega-lite specs of sim/charts (`timeSeriesChart`,
 * `sweepChart`, `overlayChart`, the same functions the CLI's reports use) fed from scenario
 * results. This module only picks series, names, units, zones and event rules; it draws nothing
 * itself. Shaded bands are per-window 95 % confidence intervals over replications (none with one
 * replication), as in the CLI's run charts (cli/output/runCharts.ts, which notebooks may not import).
 * Pure and browser-safe.
 */
import type { TopLevelSpec } from "vega-lite";
import type { ScenarioResult, WindowSeries } from "../models/run.js";
import { formatDurationSec, formatRatePerSec } from "../models/scenario/units.js";
import type { Scenario } from "../models/scenario/types.js";
import type { ChartEvent, ChartZone } from "../sim/charts/layers.js";
import { sweepChart, timeSeriesChart, type SeriesValues } from "../sim/charts/specs.js";
import type { ValueUnit } from "../sim/charts/units.js";
import { confidenceInterval } from "../sim/experiment/confidence.js";

/** Plot width of the notebooks' charts in pixels (narrower than the reports' 640, so the legend fits the page column). */
export const NOTEBOOK_CHART_WIDTH_PX = 560;

/** A per-window series of {@link WindowSeries} (one number or null per window). */
export type SeriesKey = Exclude<keyof WindowSeries, "windowSec" | "startSec">;

/**
 * Latency zones of the latency-over-time charts, in seconds: green below 100 ms (a handshake
 * users do not notice), orange to 1 s, red above 1 s (the first SYN retransmission, RFC 6298's
 * initial RTO). Thresholds are a reading aid, not SLOs.
 */
export const LATENCY_ZONES: readonly ChartZone[] = [
  { from: 0, to: 0.1, color: "#2ca02c", label: "< 100 ms" },
  { from: 0.1, to: 1, color: "#ff7f0e", label: "100 ms – 1 s" },
  { from: 1, to: Infinity, color: "#d62728", label: "> 1 s" },
];

/**
 * One window series with its per-window CI over replications (bounds null where fewer than two
 * replications have a value); `values` are the means in `result.series`.
 */
export function seriesWithBands(result: ScenarioResult, key: SeriesKey, name: string): SeriesValues {
  const values = result.series[key] as (number | null)[];
  if (result.perReplication.length < 2) return { name, values };
  const lower: (number | null)[] = [];
  const upper: (number | null)[] = [];
  for (let i = 0; i < values.length; i++) {
    const xs: number[] = [];
    for (const rep of result.perReplication) {
      const v = (rep.series[key] as (number | null)[])[i];
      if (v !== null && v !== undefined) xs.push(v);
    }
    const ci = xs.length < 2 ? null : confidenceInterval(xs, result.confidenceLevel);
    lower.push(ci === null ? null : ci.lower);
    upper.push(ci === null ? null : ci.upper);
  }
  return { name, values, lower, upper };
}

/** The series without CI bounds where the lower bound is not positive (so it can go on a log axis). */
function positiveBands(series: SeriesValues): SeriesValues {
  const { lower, upper } = series;
  if (lower === undefined || upper === undefined) return series;
  const keep = lower.map((lo) => lo !== null && lo > 0);
  return { ...series, lower: lower.map((v, i) => (keep[i] ? v : null)), upper: upper.map((v, i) => (keep[i] ? v : null)) };
}

/** Vertical rules for a scenario's spikes, reuse windows, phases, ramps, prewarming and fleet events, within the run. */
export function scenarioEvents(scenario: Scenario): ChartEvent[] {
  const events: ChartEvent[] = [];
  const { load } = scenario;
  const pct = (f: number) => `${Math.round(f * 100)} %`;
  // The end of a spike gets a rule without a label: short spikes would print the two labels on top of each other.
  for (const s of load.spikes) events.push({ atSec: s.atSec, label: `spike ${formatRatePerSec(s.ratePerSec)} for ${formatDurationSec(s.forSec)}` }, { atSec: s.atSec + s.forSec, label: "" });
  for (const w of load.reuseWindows) events.push({ atSec: w.atSec, label: `reuse ${pct(w.fraction)}` }, { atSec: w.atSec + w.forSec, label: `reuse ${pct(load.reuseFraction)}` });
  for (const p of load.phases) events.push({ atSec: p.atSec, label: `rate ${formatRatePerSec(p.ratePerSec)}` });
  for (const r of load.ramps) events.push({ atSec: r.fromSec, label: `ramp to ${formatRatePerSec(r.endRatePerSec)}` });
  for (const p of load.prewarm) events.push({ atSec: p.atSec, label: `prewarm ${p.connections}` });
  for (const e of scenario.events) events.push({ atSec: e.atSec, label: `${e.kind}${e.staggerSec > 0 ? ` (over ${formatDurationSec(e.staggerSec)})` : ""}` });
  return events.filter((e) => e.atSec >= 0 && e.atSec < scenario.run.durationSec).sort((a, b) => a.atSec - b.atSec);
}

/** A run to chart: its scenario and result. */
export interface ChartRun {
  scenario: Scenario;
  result: ScenarioResult;
}

/**
 * Handshake latency p50, p99 and p99.9 per window over time, on {@link LATENCY_ZONES} (or
 * `zones`), with the scenario's event rules. The y axis is logarithmic when the latencies span
 * more than 50× (CI bands reaching 0 are then left out), as in the CLI's latency chart.
 */
export function latencyChart(run: ChartRun, options: { title?: string; subtitle?: string; zones?: readonly ChartZone[] } = {}): TopLevelSpec {
  let series = [seriesWithBands(run.result, "latencyP50S", "p50"), seriesWithBands(run.result, "latencyP99S", "p99"), seriesWithBands(run.result, "latencyP999S", "p99.9")];
  const all = series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const logY = all.length > 0 && all.every((v) => v > 0) && Math.max(...all) / Math.min(...all) > 50;
  if (logY) series = series.map(positiveBands);
  return timeSeriesChart(
    { xSec: run.result.series.startSec, series },
    {
      title: options.title ?? "Handshake latency",
      subtitle: options.subtitle ?? `${run.scenario.name}: quantiles of the handshakes completed in each window${logY ? " (log scale)" : ""}`,
      yTitle: "latency",
      yUnit: "s",
      logY,
      bands: options.zones ?? LATENCY_ZONES,
      events: scenarioEvents(run.scenario),
      width: NOTEBOOK_CHART_WIDTH_PX,
    },
  );
}

/**
 * Several per-window series of one run on one chart (e.g. offered, attempts, goodput), all in
 * `unit`; series that are zero throughout are left out unless `keepZero`.
 */
export function seriesChart(
  run: ChartRun,
  picks: readonly { key: SeriesKey; name: string }[],
  options: { title: string; subtitle?: string; yTitle: string; unit: ValueUnit; keepZero?: boolean },
): TopLevelSpec {
  const chosen = picks.filter((p) => options.keepZero || (run.result.series[p.key] as (number | null)[]).some((v) => v !== null && v !== 0));
  const series = (chosen.length > 0 ? chosen : picks.slice(0, 1)).map((p) => seriesWithBands(run.result, p.key, p.name));
  return timeSeriesChart(
    { xSec: run.result.series.startSec, series },
    { title: options.title, subtitle: options.subtitle ?? run.scenario.name, yTitle: options.yTitle, yUnit: options.unit, events: scenarioEvents(run.scenario), width: NOTEBOOK_CHART_WIDTH_PX },
  );
}

/**
 * One per-window metric of several runs (same duration and window) on one chart, one line per
 * run named by `name`; the event rules are those of the first run.
 * @throws RangeError if the runs have different windows.
 */
export function compareChart(
  runs: readonly { name: string; run: ChartRun }[],
  key: SeriesKey,
  options: { title: string; subtitle?: string; yTitle: string; unit: ValueUnit; zones?: readonly ChartZone[]; logY?: boolean },
): TopLevelSpec {
  const first = runs[0];
  if (first === undefined) throw new RangeError("compareChart.runs: must be a non-empty list (got [])");
  const xSec = first.run.result.series.startSec;
  runs.forEach((r, i) => {
    const other = r.run.result.series.startSec;
    if (other.length !== xSec.length || other.some((x, j) => x !== xSec[j])) throw new RangeError(`compareChart.runs[${i}]: must have the windows of runs[0] (got ${other.length} windows)`);
  });
  let series = runs.map((r) => seriesWithBands(r.run.result, key, r.name));
  const logY = options.logY ?? false;
  if (logY) series = series.map((s) => positiveBands({ ...s, values: s.values.map((v) => (v !== null && v > 0 ? v : null)) }));
  return timeSeriesChart(
    { xSec, series },
    { title: options.title, subtitle: options.subtitle, yTitle: options.yTitle, yUnit: options.unit, logY, bands: options.zones, events: scenarioEvents(first.run.scenario), width: NOTEBOOK_CHART_WIDTH_PX },
  );
}

/** One line of a sweep chart: a name and, per x value, an estimate (mean with CI bounds) or null. */
export interface SweepLine {
  name: string;
  points: readonly ({ mean: number; lower: number; upper: number } | null)[];
}

/**
 * A metric against a varied parameter (the CLI's sweep chart): per line a mean with its CI band.
 * Lines that are theory curves pass lower = upper = mean.
 * @throws RangeError (from sweepChart) for unequal lengths, NaN, or values ≤ 0 on a log axis.
 */
export function metricSweepChart(
  x: readonly number[],
  lines: readonly SweepLine[],
  options: { title: string; subtitle?: string; xTitle: string; yTitle: string; unit: ValueUnit; logX?: boolean; logY?: boolean; zones?: readonly ChartZone[] },
): TopLevelSpec {
  return sweepChart(
    {
      x,
      xTitle: options.xTitle,
      series: lines.map((line) => ({
        name: line.name,
        mean: line.points.map((p) => (p === null ? null : p.mean)),
        lower: line.points.map((p) => (p === null ? null : p.lower)),
        upper: line.points.map((p) => (p === null ? null : p.upper)),
      })),
    },
    { title: options.title, subtitle: options.subtitle, yTitle: options.yTitle, yUnit: options.unit, logX: options.logX, logY: options.logY, bands: options.zones, width: NOTEBOOK_CHART_WIDTH_PX },
  );
}

/**
 * A sweep line from one run per x value: the summary metric `metric` of each result (its mean and
 * CI over replications), null where the metric is undefined (e.g. no handshake completed).
 */
export function sweepLine(name: string, results: readonly ScenarioResult[], metric: string): SweepLine {
  return { name, points: results.map((r) => r.metrics[metric] ?? null) };
}
