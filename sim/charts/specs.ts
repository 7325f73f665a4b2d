/**
 * Chart specs: pure functions `(input, options) → vega-lite TopLevelSpec` drawing generic metric
 * series. They know nothing of any domain; the caller names the series and the axes.
 *
 * Every spec embeds its data inline (`data: {values: [...]}`), sets `$schema`, uses the shared
 * {@link chartConfig} look, and has no external resource, so the same spec renders in a browser
 * (vega-embed) and on the server (`sim/report/render.ts`). Null values are gaps: lines and
 * confidence bands break there. Values given in a time unit are shown in the most readable one
 * (0.042 s as 42 ms, see {@link displayUnitFor}); the embedded data are in that display unit.
 * Browser-safe: type-only import of vega-lite, no node: imports.
 */
import type { TopLevelSpec } from "vega-lite";
import { requireParam } from "../errors.js";
import {
  checkDecorations,
  checkSizePx,
  checkText,
  checkValues,
  eventLayers,
  maxAbsOf,
  niceDomain,
  rowsExtent,
  scaled,
  seriesLayers,
  xEncoding,
  zoneLayers,
  type Axes,
  type ChartEvent,
  type ChartLayer,
  type ChartZone,
  type SeriesRow,
} from "./layers.js";
import { chartConfig, DEFAULT_HEIGHT_PX, DEFAULT_WIDTH_PX, NEUTRAL_COLOR, VEGA_LITE_SCHEMA } from "./theme.js";
import { displayUnitFor, isValueUnit, VALUE_UNITS, type ValueUnit } from "./units.js";

/** One series over time: `values[i]` at `xSec[i]`; optional CI bounds of the same length. null = gap. */
export interface SeriesValues {
  name: string;
  values: readonly (number | null)[];
  lower?: readonly (number | null)[];
  upper?: readonly (number | null)[];
}

/** Input of {@link timeSeriesChart}: shared x values (seconds) and one or more series. */
export interface TimeSeriesInput {
  xSec: readonly number[];
  series: readonly SeriesValues[];
}

/** Options shared by the charts. Sizes are of the plotting area in pixels (default 640×280). */
export interface ChartOptions {
  title: string;
  subtitle?: string;
  /** y axis title without unit; the display unit is appended, e.g. "p99 wait (ms)". */
  yTitle: string;
  /** Unit of the given values (and of band bounds and yDomain); see {@link ValueUnit}. Default "count". */
  yUnit?: ValueUnit;
  logY?: boolean;
  width?: number;
  height?: number;
}

/** Options of {@link timeSeriesChart} and {@link overlayChart}. */
export interface TimeSeriesOptions extends ChartOptions {
  /** x axis title, default "time (s)". */
  xTitle?: string;
  /** Include 0 in a linear y axis (default true). */
  yZero?: boolean;
  /** Fixed y range in yUnit, instead of the nice extent of the data; marks outside it are clipped. */
  yDomain?: readonly [number, number];
  /** Horizontal background zones, drawn behind the data. */
  bands?: readonly ChartZone[];
  /** Vertical labelled rules (x in seconds). */
  events?: readonly ChartEvent[];
  /**
   * Also draw a point (with a tooltip) at each value. Default: true for at most 40 x values, so
   * a short series or an isolated value between two nulls stays visible; false above that.
   */
  points?: boolean;
}

interface Prepared {
  rows: SeriesRow[];
  axes: Axes;
  domain: [number, number];
  factor: number;
  unitLabel: string;
  names: string[];
}

/**
 * Lines over time, one per series, each with an optional shaded confidence band (lower/upper),
 * on optional background zones and with optional labelled event rules. Null values are gaps.
 * Points with tooltips are added for short series (see `points`).
 * The y axis is a nice extent of all values and bounds (with 0 on a linear axis unless
 * `yZero: false`), or `yDomain`; zones are clipped to it.
 * @throws RangeError naming the offending path (e.g. `input.series[1].values[3]`) for: unequal
 * lengths, NaN or ±Infinity, empty or duplicate series names, values ≤ 0 on a log axis, bad options.
 */
export function timeSeriesChart(input: TimeSeriesInput, options: TimeSeriesOptions): TopLevelSpec {
  const prepared = prepareTimeSeries(input, options);
  return topLevel(options, { rows: prepared.rows, layer: timeSeriesLayers(prepared, options) });
}

/** Input of {@link sweepChart}: the varied parameter's values and, per series, a mean with CI bounds at each. */
export interface SweepInput {
  x: readonly number[];
  xTitle: string;
  series: readonly { name: string; mean: readonly (number | null)[]; lower?: readonly (number | null)[]; upper?: readonly (number | null)[] }[];
}

/** Options of {@link sweepChart}. */
export interface SweepOptions extends ChartOptions {
  logX?: boolean;
  /** Horizontal background zones behind the data (bounds in yUnit). */
  bands?: readonly ChartZone[];
}

/**
 * A metric against a varied parameter: per series a line through the means, filled points (with
 * tooltips) and a shaded CI band from lower to upper. Null means are gaps. The x axis spans the
 * swept values (no forced 0); logX/logY give log axes.
 * @throws RangeError naming the offending path: unequal lengths, NaN, ±Infinity, duplicate names,
 * x ≤ 0 with logX, values ≤ 0 with logY, bad options.
 */
export function sweepChart(input: SweepInput, options: SweepOptions): TopLevelSpec {
  requireParam(typeof input === "object" && input !== null, "input", "an object", input);
  requireParam(typeof options === "object" && options !== null, "options", "an object", options);
  checkText(input.xTitle, "input.xTitle");
  checkDecorations(options.bands, undefined);
  requireParam(Array.isArray(input.series), "input.series", "a non-empty array", input.series);
  const series: SeriesValues[] = input.series.map((s, i) => {
    requireParam(typeof s === "object" && s !== null, `input.series[${i}]`, "an object", s);
    return { name: s.name, values: s.mean, lower: s.lower, upper: s.upper };
  });
  const prepared = prepare(
    { x: input.x, series, xPath: "input.x", valuesKey: "mean" },
    { ...options, xTitle: input.xTitle, logX: options.logX ?? false, yZero: !(options.logY ?? false) },
  );
  const layers = [
    ...zoneLayers(options.bands ?? [], { axes: prepared.axes, domain: prepared.domain, factor: prepared.factor, log: options.logY ?? false }),
    ...seriesLayers(prepared.rows, { axes: prepared.axes, names: prepared.names, points: true }),
  ];
  return topLevel(options, { rows: prepared.rows, layer: layers });
}

/** Input of {@link overlayChart}: two variants of one metric over the same times. */
export interface OverlayInput {
  xSec: readonly number[];
  a: SeriesValues;
  b: SeriesValues;
}

/** Options of {@link overlayChart}. */
export interface OverlayOptions extends TimeSeriesOptions {
  /** Add a panel below with b − a over time (null where either is null). Default false. */
  difference?: boolean;
  /** Height of the difference panel in pixels, default 110. */
  differenceHeight?: number;
}

/**
 * Two variants over time, A in blue and B in orange (each with an optional CI band), sharing
 * zones and events like {@link timeSeriesChart}; with `difference: true`, a second panel below,
 * titled "B − A" (the series names) with y title "Δ (unit)", plots B − A on a linear axis with a
 * zero rule and the same x scale (null where either is null).
 * @throws RangeError as {@link timeSeriesChart}, and if a and b have the same name.
 */
export function overlayChart(input: OverlayInput, options: OverlayOptions): TopLevelSpec {
  requireParam(typeof input === "object" && input !== null, "input", "an object", input);
  const prepared = prepareTimeSeries({ xSec: input.xSec, series: [input.a, input.b] }, options, ["input.a", "input.b"]);
  if (!options.difference) return topLevel(options, { rows: prepared.rows, layer: timeSeriesLayers(prepared, options) });
  requireParam(options.differenceHeight === undefined || Number.isInteger(options.differenceHeight), "options.differenceHeight", "an integer number of pixels", options.differenceHeight);
  const differenceHeight = options.differenceHeight ?? 110;
  checkSizePx(differenceHeight, "options.differenceHeight");
  const diffRows = input.xSec.map((x, i) => {
    const a = input.a.values[i] ?? null;
    const b = input.b.values[i] ?? null;
    return { x, y: a === null || b === null ? null : (b - a) * prepared.factor };
  });
  const diffTitle = prepared.unitLabel ? `Δ (${prepared.unitLabel})` : "Δ";
  const diffPanel: ChartLayer = {
    title: { text: `${input.b.name} − ${input.a.name}`, fontSize: 12, fontWeight: "normal", anchor: "start", offset: 6 },
    height: differenceHeight,
    width: options.width ?? DEFAULT_WIDTH_PX,
    data: { values: diffRows },
    layer: [
      { mark: { type: "rule", color: "#999999" }, encoding: { y: { datum: 0, type: "quantitative" } } },
      {
        mark: { type: "line", color: NEUTRAL_COLOR, invalid: "break-paths-show-path-domains" },
        encoding: { x: xEncoding(prepared.axes), y: { field: "y", type: "quantitative", title: diffTitle } },
      },
    ],
  };
  const upperAxes = { ...prepared.axes, hideXTitle: true };
  const mainPanel: ChartLayer = {
    data: { values: prepared.rows },
    layer: timeSeriesLayers({ ...prepared, axes: upperAxes }, options),
    width: options.width ?? DEFAULT_WIDTH_PX,
    height: options.height ?? DEFAULT_HEIGHT_PX,
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleOf(options),
    config: chartConfig(),
    vconcat: [mainPanel, diffPanel],
    spacing: 14,
    resolve: { scale: { x: "shared" } },
  };
}

function timeSeriesLayers(prepared: Prepared, options: TimeSeriesOptions): ChartLayer[] {
  return [
    ...zoneLayers(options.bands ?? [], { axes: prepared.axes, domain: prepared.domain, factor: prepared.factor, log: options.logY ?? false }),
    ...seriesLayers(prepared.rows, {
      axes: prepared.axes,
      names: prepared.names,
      points: options.points ?? prepared.rows.length / prepared.names.length <= 40,
      clip: options.yDomain !== undefined,
    }),
    ...eventLayers(options.events ?? [], { axes: prepared.axes }),
  ];
}

function prepareTimeSeries(input: TimeSeriesInput, options: TimeSeriesOptions, seriesPaths?: readonly string[]): Prepared {
  requireParam(typeof input === "object" && input !== null, "input", "an object", input);
  requireParam(typeof options === "object" && options !== null, "options", "an object", options);
  requireParam(options.points === undefined || typeof options.points === "boolean", "options.points", "a boolean", options.points);
  checkDecorations(options.bands, options.events);
  return prepare(
    { x: input.xSec, series: input.series, xPath: "input.xSec", valuesKey: "values", seriesPaths },
    { ...options, xTitle: options.xTitle ?? "time (s)", logX: false, yZero: options.yZero ?? !(options.logY ?? false) },
  );
}

interface PrepareInput {
  x: readonly number[];
  series: readonly SeriesValues[];
  xPath: string;
  valuesKey: string;
  seriesPaths?: readonly string[];
}

function prepare(input: PrepareInput, options: ChartOptions & { xTitle: string; logX: boolean; yZero: boolean; yDomain?: readonly [number, number] }): Prepared {
  checkOptions(options);
  const { x, series } = input;
  checkValues(x, { path: input.xPath, length: Array.isArray(x) ? x.length : -1, positive: options.logX, allowNull: false });
  requireParam(Array.isArray(series) && series.length > 0, "input.series", "a non-empty array", series);
  const logY = options.logY ?? false;
  const names: string[] = [];
  series.forEach((s, i) => {
    const path = input.seriesPaths?.[i] ?? `input.series[${i}]`;
    requireParam(typeof s === "object" && s !== null, path, "an object", s);
    checkText(s.name, `${path}.name`);
    requireParam(!names.includes(s.name), `${path}.name`, "unique among the series", s.name);
    names.push(s.name);
    checkValues(s.values, { path: `${path}.${input.valuesKey}`, length: x.length, positive: logY });
    requireParam((s.lower === undefined) === (s.upper === undefined), `${path}.lower/upper`, "both given or both absent", [s.lower === undefined ? "absent" : "given", s.upper === undefined ? "absent" : "given"]);
    if (s.lower !== undefined) checkValues(s.lower, { path: `${path}.lower`, length: x.length, positive: logY });
    if (s.upper !== undefined) checkValues(s.upper, { path: `${path}.upper`, length: x.length, positive: logY });
  });
  const unit = options.yUnit ?? "count";
  const maxAbs = maxAbsOf(series.flatMap((s) => [s.values, s.lower, s.upper]).concat(options.yDomain ? [options.yDomain] : []));
  const display = displayUnitFor(unit, maxAbs);
  const rows: SeriesRow[] = [];
  for (const s of series) {
    for (let i = 0; i < x.length; i += 1) {
      // A band needs both bounds: where one is null, both are (the band has a gap there).
      const lower = scaled(s.lower?.[i], display.factor);
      const upper = scaled(s.upper?.[i], display.factor);
      const bounded = lower !== null && upper !== null;
      rows.push({ x: x[i] as number, series: s.name, y: scaled(s.values[i], display.factor), lower: bounded ? lower : null, upper: bounded ? upper : null });
    }
  }
  const domain: [number, number] = options.yDomain
    ? [options.yDomain[0] * display.factor, options.yDomain[1] * display.factor]
    : niceDomain(rowsExtent(rows), { log: logY, zero: options.yZero });
  const axes: Axes = {
    xTitle: options.xTitle,
    xScale: options.logX ? { type: "log", nice: false } : { type: "linear", zero: false, nice: false },
    yTitle: display.label ? `${options.yTitle} (${display.label})` : options.yTitle,
    yScale: logY ? { type: "log", domain, nice: false } : { type: "linear", domain, nice: false, zero: false },
    yFormat: ".3~g",
  };
  return { rows, axes, domain, factor: display.factor, unitLabel: display.label, names };
}

function checkOptions(options: ChartOptions & { yDomain?: readonly [number, number] }): void {
  requireParam(typeof options === "object" && options !== null, "options", "an object", options);
  checkText(options.title, "options.title");
  requireParam(options.subtitle === undefined || typeof options.subtitle === "string", "options.subtitle", "a string", options.subtitle);
  checkText(options.yTitle, "options.yTitle");
  requireParam(options.yUnit === undefined || isValueUnit(options.yUnit), "options.yUnit", `one of ${VALUE_UNITS.join(", ")}`, options.yUnit);
  if (options.width !== undefined) checkSizePx(options.width, "options.width");
  if (options.height !== undefined) checkSizePx(options.height, "options.height");
  if (options.yDomain !== undefined) {
    const d = options.yDomain;
    requireParam(
      Array.isArray(d) && d.length === 2 && Number.isFinite(d[0]) && Number.isFinite(d[1]) && d[0] < d[1] && (!options.logY || d[0] > 0),
      "options.yDomain",
      options.logY ? "[lo, hi] with 0 < lo < hi" : "[lo, hi] with finite lo < hi",
      d,
    );
  }
}

function titleOf(options: ChartOptions): NonNullable<TopLevelSpec["title"]> {
  return options.subtitle ? { text: options.title, subtitle: options.subtitle } : { text: options.title };
}

function topLevel(options: ChartOptions, body: { rows: readonly object[]; layer: ChartLayer[] }): TopLevelSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleOf(options),
    config: chartConfig(),
    width: options.width ?? DEFAULT_WIDTH_PX,
    height: options.height ?? DEFAULT_HEIGHT_PX,
    data: { values: [...body.rows] },
    layer: body.layer,
  };
}
