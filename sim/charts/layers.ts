/**
 * Building blocks of the chart specs: input checks, long-format rows, y domains and the layers
 * (confidence bands, lines, points, background zones, event rules) that `specs.ts` stacks.
 *
 * Every layer takes its scales from a {@link Axes} value so that all layers of one chart share
 * exactly the same axis titles and scale definitions (vega-lite then merges them into one axis).
 * Browser-safe: no node: imports.
 */
import type { TopLevelSpec } from "vega-lite";
import { requireParam } from "../errors.js";
import { NEUTRAL_COLOR, SERIES_COLORS } from "./theme.js";

/** One layer of a vega-lite layer spec (a unit or a nested layer). */
export type ChartLayer = Extract<TopLevelSpec, { layer: unknown }>["layer"][number];
/** The encoding block of a unit layer. */
export type LayerEncoding = NonNullable<Extract<ChartLayer, { mark: unknown }>["encoding"]>;
/** A position (x or y) field definition. */
export type PositionDef = Extract<NonNullable<LayerEncoding["x"]>, { field?: unknown; scale?: unknown }>;
/** A vega-lite scale definition of a position channel. */
export type ScaleDef = NonNullable<PositionDef["scale"]>;

/** A horizontal background zone from `from` to `to` (y units as given; ±Infinity allowed, clamped to the plot). */
export interface ChartZone {
  from: number;
  to: number;
  /** Any CSS colour, e.g. "#2ca02c" or "green"; drawn at low opacity. */
  color: string;
  label: string;
}

/** A vertical rule at `atSec` (x units) with a label at the top of the plot. */
export interface ChartEvent {
  atSec: number;
  label: string;
}

/** One row of a chart's embedded data: x, series name, value, and CI bounds (null where absent or a gap). */
export interface SeriesRow {
  x: number;
  series: string;
  y: number | null;
  lower: number | null;
  upper: number | null;
}

/** Shared x/y encodings of one chart: titles and vega-lite scale definitions. */
export interface Axes {
  xTitle: string;
  /** Leave the x axis untitled (the upper panel of a stack); tooltips still use xTitle. */
  hideXTitle?: boolean;
  xScale: ScaleDef;
  yTitle: string;
  yScale: ScaleDef;
  /** Format of y values in tooltips (d3-format). */
  yFormat: string;
}

/**
 * Checks a numeric array: `length` entries, each a finite number (or null when `allowNull`, the
 * default); > 0 if `positive`.
 * @throws RangeError naming `path` (and the index) otherwise; NaN and ±Infinity are rejected.
 */
export function checkValues(values: unknown, options: { path: string; length: number; positive?: boolean; allowNull?: boolean }): void {
  const { path, length } = options;
  requireParam(Array.isArray(values) && values.length === length, path, `an array of ${length} values (one per x)`, Array.isArray(values) ? values.length : values);
  const allowNull = options.allowNull ?? true;
  const arr = values as unknown[];
  for (let i = 0; i < arr.length; i += 1) {
    const v = arr[i];
    if (v === null && allowNull) continue;
    requireParam(typeof v === "number" && Number.isFinite(v), `${path}[${i}]`, allowNull ? "a finite number or null" : "a finite number", v);
    if (options.positive) requireParam((v as number) > 0, `${path}[${i}]`, "> 0 on a log axis", v);
  }
}

/** Checks a title, name or label. @throws RangeError naming `path` unless `text` is a non-empty string. */
export function checkText(text: unknown, path: string): void {
  requireParam(typeof text === "string" && text.length > 0, path, "a non-empty string", text);
}

/** @throws RangeError naming `path` unless `px` is an integer in [20, 4000]. */
export function checkSizePx(px: unknown, path: string): void {
  requireParam(typeof px === "number" && Number.isInteger(px) && px >= 20 && px <= 4000, path, "an integer number of pixels in [20, 4000]", px);
}

/** Multiplies a possibly-null value by `factor`, keeping null (a gap) as null. */
export function scaled(value: number | null | undefined, factor: number): number | null {
  return value === null || value === undefined ? null : value * factor;
}

/**
 * A "nice" y domain covering [lo, hi]: on a log axis from the nearest 1, 2 or 5 × 10^k at or below
 * lo to the nearest one at or above hi; otherwise extended to multiples of a 1-2-5 step giving about 5 ticks (the
 * rule of d3's tickStep), including 0 when `zero`. An empty extent gives [0, 1] (log: [1, 10]).
 */
export function niceDomain(extent: { lo: number; hi: number } | null, options: { log: boolean; zero: boolean }): [number, number] {
  if (options.log) {
    if (extent === null) return [1, 10];
    const lo = logStep(extent.lo, "down");
    const hi = logStep(extent.hi, "up");
    return [lo, hi > lo ? hi : tidy(lo * 10)];
  }
  if (extent === null) return [0, 1];
  let lo = options.zero ? Math.min(0, extent.lo) : extent.lo;
  let hi = options.zero ? Math.max(0, extent.hi) : extent.hi;
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= lo === 0 ? 0 : pad;
    hi += pad;
  }
  const rawStep = (hi - lo) / 5;
  const power = 10 ** Math.floor(Math.log10(rawStep));
  const error = rawStep / power;
  const step = (error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1) * power;
  return [tidy(Math.floor(lo / step) * step), tidy(Math.ceil(hi / step) * step)];
}

/** The nearest 1, 2 or 5 × 10^k at or below (`down`) or at or above (`up`) a positive x. */
function logStep(x: number, direction: "down" | "up"): number {
  const power = 10 ** Math.floor(Math.log10(x));
  const mantissa = tidy(x / power);
  const m = direction === "down" ? (mantissa >= 5 ? 5 : mantissa >= 2 ? 2 : 1) : mantissa <= 1 ? 1 : mantissa <= 2 ? 2 : mantissa <= 5 ? 5 : 10;
  return tidy(m * power);
}

/** Removes binary floating-point noise (0.30000000000000004 → 0.3). */
function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

/** The smallest and largest finite number among the rows' y, lower and upper (null if none). */
export function rowsExtent(rows: readonly SeriesRow[]): { lo: number; hi: number } | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const row of rows) {
    for (const v of [row.y, row.lower, row.upper]) {
      if (v === null) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? { lo, hi } : null;
}

/** The largest |value| among the given arrays (nulls and absent arrays skipped), 0 if none. */
export function maxAbsOf(arrays: readonly (readonly (number | null)[] | undefined)[]): number {
  let max = 0;
  for (const arr of arrays) {
    if (arr === undefined) continue;
    for (const v of arr) if (v !== null && Math.abs(v) > max) max = Math.abs(v);
  }
  return max;
}

/** The ordinal colour scale mapping series names, in the given order, to {@link SERIES_COLORS}. */
export function colorScale(names: readonly string[]): { domain: string[]; range: string[] } {
  return { domain: [...names], range: SERIES_COLORS.slice(0, Math.max(1, Math.min(names.length, SERIES_COLORS.length))) };
}

/** The x encoding of field "x" with the chart's x title and scale. */
export function xEncoding(axes: Axes): PositionDef {
  return { field: "x", type: "quantitative", title: axes.hideXTitle ? null : axes.xTitle, scale: axes.xScale };
}

function yEncoding(field: string, axes: Axes): PositionDef {
  return { field, type: "quantitative", title: axes.yTitle, scale: axes.yScale };
}

/**
 * Layers drawing `rows` by series: a shaded confidence band (area from lower to upper, only when
 * some row has bounds), a line per series, and optionally filled points with tooltips; `clip`
 * cuts marks at the plot edges (for a fixed y domain narrower than the data).
 * Paths break at null values ("break-paths" invalid mode), so a null is a visible gap.
 */
export function seriesLayers(rows: readonly SeriesRow[], options: { axes: Axes; names: readonly string[]; points?: boolean; clip?: boolean }): ChartLayer[] {
  const clip = options.clip ?? false;
  const { axes } = options;
  const color: LayerEncoding["color"] = {
    field: "series",
    type: "nominal",
    title: null,
    scale: colorScale(options.names),
    sort: null,
    legend: { symbolType: "stroke", symbolOpacity: 1, symbolStrokeWidth: 2.5 },
  };
  const layers: ChartLayer[] = [];
  if (rows.some((row) => row.lower !== null && row.upper !== null)) {
    layers.push({
      mark: { type: "area", opacity: 0.2, clip, invalid: "break-paths-show-path-domains" },
      encoding: { x: xEncoding(axes), y: yEncoding("lower", axes), y2: { field: "upper" }, color },
    });
  }
  layers.push({
    mark: { type: "line", clip, invalid: "break-paths-show-path-domains" },
    encoding: { x: xEncoding(axes), y: yEncoding("y", axes), color },
  });
  if (options.points) {
    layers.push({
      mark: { type: "point", filled: true, size: 36, opacity: 1, clip, invalid: "filter" },
      encoding: {
        x: xEncoding(axes),
        y: yEncoding("y", axes),
        color,
        tooltip: [
          { field: "series", type: "nominal", title: "series" },
          { field: "x", type: "quantitative", title: axes.xTitle },
          { field: "y", type: "quantitative", title: axes.yTitle, format: axes.yFormat },
          { field: "lower", type: "quantitative", title: "CI lower", format: axes.yFormat },
          { field: "upper", type: "quantitative", title: "CI upper", format: axes.yFormat },
        ],
      },
    });
  }
  return layers;
}

/**
 * Background zones (e.g. green/orange/red latency bands) as low-opacity full-width rectangles with
 * their label at the right edge. `factor` converts zone bounds to display units; bounds are clamped
 * to `domain` (so ±Infinity is fine) and zones outside it are dropped. Returns no layer if none remain.
 * On a log axis the label sits at the geometric middle of the visible part.
 */
export function zoneLayers(zones: readonly ChartZone[], options: { axes: Axes; domain: [number, number]; factor: number; log: boolean }): ChartLayer[] {
  const [dLo, dHi] = options.domain;
  const visible: { from: number; to: number; mid: number; color: string; label: string }[] = [];
  for (const zone of zones) {
    const from = Math.max(dLo, Math.min(zone.from, zone.to) * options.factor);
    const to = Math.min(dHi, Math.max(zone.from, zone.to) * options.factor);
    if (!(to > from)) continue;
    const mid = options.log ? Math.sqrt(from * to) : (from + to) / 2;
    visible.push({ from, to, mid, color: zone.color, label: zone.label });
  }
  const { axes } = options;
  return visible.map((zone): ChartLayer => ({
    data: { values: [zone] },
    layer: [
      { mark: { type: "rect", color: zone.color, opacity: 0.13 }, encoding: { y: yEncoding("from", axes), y2: { field: "to" } } },
      {
        mark: { type: "text", color: zone.color, align: "right", baseline: "middle", dx: -4, fontSize: 10, fontWeight: "bold", opacity: 0.85 },
        encoding: { x: { value: "width" }, y: yEncoding("mid", axes), text: { field: "label" } },
      },
    ],
  }));
}

/** Vertical dashed rules at each event's x with its label at the top of the plot. No layer if `events` is empty. */
export function eventLayers(events: readonly ChartEvent[], options: { axes: Axes }): ChartLayer[] {
  if (events.length === 0) return [];
  const x = xEncoding(options.axes);
  return [
    {
      data: { values: events.map((event) => ({ x: event.atSec, label: event.label })) },
      layer: [
        { mark: { type: "rule", color: NEUTRAL_COLOR, strokeDash: [4, 3], strokeWidth: 1.2 }, encoding: { x } },
        {
          mark: { type: "text", align: "left", baseline: "top", dx: 3, dy: 3, fontSize: 10, color: NEUTRAL_COLOR },
          encoding: { x, y: { value: 0 }, text: { field: "label" } },
        },
      ],
    },
  ];
}

/**
 * Checks zones and events given in options: finite event times, non-NaN zone bounds (±Infinity
 * allowed), non-empty labels and colours.
 * @throws RangeError naming e.g. `options.bands[1].from`.
 */
export function checkDecorations(bands: readonly ChartZone[] | undefined, events: readonly ChartEvent[] | undefined): void {
  requireParam(bands === undefined || Array.isArray(bands), "options.bands", "an array", bands);
  requireParam(events === undefined || Array.isArray(events), "options.events", "an array", events);
  (bands ?? []).forEach((band, i) => {
    for (const key of ["from", "to"] as const) {
      requireParam(typeof band[key] === "number" && !Number.isNaN(band[key]), `options.bands[${i}].${key}`, "a number (±Infinity allowed)", band[key]);
    }
    checkText(band.color, `options.bands[${i}].color`);
    requireParam(typeof band.label === "string", `options.bands[${i}].label`, "a string", band.label);
  });
  (events ?? []).forEach((event, i) => {
    requireParam(typeof event.atSec === "number" && Number.isFinite(event.atSec), `options.events[${i}].atSec`, "a finite number", event.atSec);
    requireParam(typeof event.label === "string", `options.events[${i}].label`, "a string", event.label);
  });
}
