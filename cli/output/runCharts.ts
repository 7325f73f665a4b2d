/**
 * The charts of one run (`shakedown run`), from the per-window series of a result: handshake
 * latency p50/p99/p99.9 over time, offered load versus attempts versus goodput, full versus
 * resumed handshakes, worker utilization, queue depths, timeouts/retries/failures/rejections and
 * session cache entries. A chart whose series are all zero is left out (it says nothing).
 * Shaded bands are per-window confidence intervals over replications; vertical rules mark the
 * scenario's spikes, reuse windows, phases and fleet events. The specs come from sim/charts.
 */
import type { TopLevelSpec } from "vega-lite";
import type { ReplicationResult, ScenarioResult, WindowSeries } from "../../models/run.js";
import type { Scenario } from "../../models/scenario/types.js";
import { formatDurationSec, formatRatePerSec } from "../../models/scenario/units.js";
import { timeSeriesChart, type SeriesValues } from "../../sim/charts/specs.js";
import type { ChartEvent, ChartZone } from "../../sim/charts/layers.js";
import { confidenceInterval } from "../../sim/experiment/confidence.js";
import { formatNumber } from "../../sim/report/format.js";
import { unitOf } from "../metrics.js";
import type { CheckedSlo } from "../slo.js";

/** A chart to write: file base name, title, vega-lite spec and a sentence for the report. */
export interface NamedChart {
  name: string;
  title: string;
  spec: TopLevelSpec;
  note?: string;
}

/** A series of {@link WindowSeries} that holds one number (or null) per window. */
export type SeriesKey = Exclude<keyof WindowSeries, "windowSec" | "startSec">;

/**
 * One window series with its per-window CI over replications (bounds null where fewer than two
 * replications have a value). `values` are the means already in `result.series`.
 */
export function seriesWithBands(result: ScenarioResult, key: SeriesKey, name: string): SeriesValues {
  const values = result.series[key] as (number | null)[];
  const reps: readonly ReplicationResult[] = result.perReplication;
  if (reps.length < 2) return { name, values };
  const lower: (number | null)[] = [];
  const upper: (number | null)[] = [];
  for (let i = 0; i < values.length; i++) {
    const xs: number[] = [];
    for (const rep of reps) {
      const v = (rep.series[key] as (number | null)[])[i];
      if (v !== null && v !== undefined) xs.push(v);
    }
    if (xs.length < 2) {
      lower.push(null);
      upper.push(null);
    } else {
      const ci = confidenceInterval(xs, result.confidenceLevel);
      lower.push(ci.lower);
      upper.push(ci.upper);
    }
  }
  return { name, values, lower, upper };
}

/** The series with its CI band removed (both bounds null) wherever the lower bound is not positive (for a log axis). */
export function positiveBands(series: SeriesValues): SeriesValues {
  const { lower, upper } = series;
  if (lower === undefined || upper === undefined) return series;
  const keep = lower.map((lo) => lo !== null && lo > 0);
  return { ...series, lower: lower.map((v, i) => (keep[i] ? v : null)), upper: upper.map((v, i) => (keep[i] ? v : null)) };
}

/** Does any value of the series differ from 0 (nulls ignored)? */
export function anyNonZero(values: readonly (number | null)[]): boolean {
  return values.some((v) => v !== null && v !== 0);
}

/** Vertical rules for the load shape and fleet events of a scenario, within [0, durationSec). */
export function scenarioEvents(scenario: Scenario): ChartEvent[] {
  const events: ChartEvent[] = [];
  const { load } = scenario;
  for (const s of load.spikes) {
    events.push({ atSec: s.atSec, label: `spike ${formatRatePerSec(s.ratePerSec)}` }, { atSec: s.atSec + s.forSec, label: "spike ends" });
  }
  for (const w of load.reuseWindows) {
    events.push({ atSec: w.atSec, label: `reuse ${formatNumber(w.fraction, "fraction")}` }, { atSec: w.atSec + w.forSec, label: `reuse ${formatNumber(load.reuseFraction, "fraction")}` });
  }
  for (const p of load.phases) events.push({ atSec: p.atSec, label: `rate ${formatRatePerSec(p.ratePerSec)}` });
  for (const r of load.ramps) events.push({ atSec: r.fromSec, label: `ramp to ${formatRatePerSec(r.endRatePerSec)}` });
  for (const e of scenario.events) {
    const stagger = e.staggerSec > 0 ? ` (over ${formatDurationSec(e.staggerSec)})` : "";
    events.push({ atSec: e.atSec, label: `${e.kind}${stagger}` });
  }
  return events.filter((e) => e.atSec >= 0 && e.atSec < scenario.run.durationSec).sort((a, b) => a.atSec - b.atSec);
}

/**
 * Red zones where an SLO on `metric` is violated (above the threshold for "<", below for ">"),
 * for the charts that plot that metric. Values in the metric's unit.
 */
export function sloZones(slos: readonly CheckedSlo[], metric: string): ChartZone[] {
  return slos
    .filter((s) => s.metric === metric)
    .map((s) => {
      const upperSide = s.op === "<" || s.op === "<=";
      return { from: upperSide ? s.value : -Infinity, to: upperSide ? Infinity : s.value, color: "#d62728", label: `SLO ${s.op} ${formatNumber(s.value, unitOf(metric))} not met` };
    });
}

/** Red zones for an SLO on a latency quantile drawn on the latency chart, labelled in ms/s. */
function latencySloZones(slos: readonly CheckedSlo[]): ChartZone[] {
  return slos
    .filter((s) => s.metric.startsWith("handshakeLatencyS.") && (s.op === "<" || s.op === "<="))
    .map((s) => ({ from: s.value, to: Infinity, color: "#d62728", label: `SLO ${s.metric.slice("handshakeLatencyS.".length)} ${s.op} ${formatNumber(s.value, "s")}` }));
}

/** Options of {@link runCharts}. */
export interface RunChartsOptions {
  scenario: Scenario;
  result: ScenarioResult;
  slos: readonly CheckedSlo[];
}

/** The charts of a run (see the file header), in report order. */
export function runCharts(options: RunChartsOptions): NamedChart[] {
  const { scenario, result, slos } = options;
  const s = result.series;
  const xSec = s.startSec;
  const events = scenarioEvents(scenario);
  const bandNote =
    result.replications > 1
      ? `Lines: per-window means over ${result.replications} replications (windows of ${formatDurationSec(s.windowSec)}); shaded: ${formatNumber(result.confidenceLevel * 100)}% CI.`
      : `One replication; windows of ${formatDurationSec(s.windowSec)}.`;
  const charts: NamedChart[] = [];
  const add = (name: string, title: string, spec: TopLevelSpec, note = bandNote) => charts.push({ name, title, spec, note });
  const band = (key: SeriesKey, name: string) => seriesWithBands(result, key, name);

  let latency = [band("latencyP50S", "p50"), band("latencyP99S", "p99"), band("latencyP999S", "p99.9")];
  if (latency.some((l) => l.values.some((v) => v !== null))) {
    // A log axis when latencies span more than 50×; CI bands reaching 0 or below are left out there.
    const all = latency.flatMap((l) => l.values).filter((v): v is number => v !== null);
    const logY = all.every((v) => v > 0) && Math.max(...all) / Math.min(...all) > 50;
    if (logY) latency = latency.map(positiveBands);
    add(
      "latency",
      "Handshake latency over time",
      timeSeriesChart(
        { xSec, series: latency },
        { title: "Handshake latency", subtitle: `${scenario.name}: quantiles of attempts completed in each window`, yTitle: "latency", yUnit: "s", logY, events, bands: latencySloZones(slos) },
      ),
      `${bandNote} Latency from the attempt's first SYN to handshake done${logY ? "; log scale" : ""}.`,
    );
  }
  add(
    "throughput",
    "Offered load, attempts and goodput",
    timeSeriesChart(
      { xSec, series: [band("offeredPerS", "offered (new connections)"), band("attemptsPerS", "attempts (with retries)"), band("goodputPerS", "goodput (handshakes done)")] },
      { title: "New connections, attempts and goodput", subtitle: scenario.name, yTitle: "rate", yUnit: "/s", events },
    ),
  );
  if (anyNonZero(s.resumedPerS)) {
    add(
      "handshakes",
      "Full versus resumed handshakes",
      timeSeriesChart(
        { xSec, series: [band("fullPerS", "full"), band("resumedPerS", "resumed")] },
        { title: "Full and resumed handshakes", subtitle: scenario.name, yTitle: "handshakes", yUnit: "/s", events },
      ),
    );
  }
  const utilization = [band("workerUtilization", "worker utilization")];
  if (anyNonZero(s.wastedCpuFraction)) utilization.push(band("wastedCpuFraction", "wasted share of CPU"));
  add(
    "utilization",
    "Worker utilization",
    timeSeriesChart({ xSec, series: utilization }, { title: "Worker utilization", subtitle: scenario.name, yTitle: "busy", yUnit: "fraction", events }),
    `${bandNote} Wasted: CPU spent on attempts whose client had already given up.`,
  );
  if (anyNonZero(s.runQueueDepth) || anyNonZero(s.backlogDepth)) {
    add(
      "queues",
      "Run queue and accept queue depth",
      timeSeriesChart(
        { xSec, series: [band("backlogDepth", "accept queue (listen backlog)"), band("runQueueDepth", "run queue (event loops)")] },
        { title: "Queue depths (time-weighted window means)", subtitle: scenario.name, yTitle: "connections", yUnit: "count", events },
      ),
    );
  }
  const trouble: [SeriesKey, string][] = [
    ["timeoutsPerS", "timeouts"],
    ["retriesPerS", "retries"],
    ["failuresPerS", "failures (gave up)"],
    ["rejectionsPerS", "rejections"],
    ["listenOverflowsPerS", "listen overflows (SYN dropped)"],
  ];
  const troubleSeries = trouble.filter(([key]) => anyNonZero(s[key] as (number | null)[])).map(([key, name]) => band(key, name));
  if (troubleSeries.length > 0) {
    add(
      "failures",
      "Timeouts, retries, failures and rejections",
      timeSeriesChart({ xSec, series: troubleSeries }, { title: "Timeouts, retries, failures, rejections", subtitle: scenario.name, yTitle: "events", yUnit: "/s", events }),
      `${bandNote} Series that stay at zero are not drawn.`,
    );
  }
  if (anyNonZero(s.cacheEntries)) {
    add(
      "cache",
      "Session cache entries",
      timeSeriesChart({ xSec, series: [band("cacheEntries", "entries")] }, { title: "Session cache entries", subtitle: scenario.name, yTitle: "entries", yUnit: "count", events }),
    );
  }
  return charts;
}
