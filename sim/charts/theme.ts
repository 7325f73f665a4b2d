/**
 * The common look of every chart: fonts, sizes, colours and the vega-lite `config` block.
 *
 * The font list starts with DejaVu Sans because the server-side renderer (resvg) draws with the
 * system's DejaVu Sans (CI installs `fonts-dejavu-core`); browsers fall back to their sans-serif.
 * Browser-safe: no node: imports.
 */
import type { Config } from "vega-lite";

/** vega-lite schema URL written into every spec's `$schema` (an identifier; nothing fetches it). */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Font family list of every chart text (titles, axes, legends, labels). */
export const CHART_FONT = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif";

/** Default plot size in pixels (inner plotting area, without axes, legend and title). */
export const DEFAULT_WIDTH_PX = 640;
/** Default plot height in pixels. */
export const DEFAULT_HEIGHT_PX = 280;

/**
 * Series colours in order (vega's "tableau10"): the first series is blue, the second orange, so an
 * A/B overlay always reads blue versus orange. More series than colours reuse them in order.
 */
export const SERIES_COLORS: readonly string[] = [
  "#4c78a8",
  "#f58518",
  "#e45756",
  "#72b7b2",
  "#54a24b",
  "#eeca3b",
  "#b279a2",
  "#ff9da6",
  "#9d755d",
  "#bab0ac",
];

/** Colour of neutral marks: event rules and labels, difference lines, zero rules. */
export const NEUTRAL_COLOR = "#444444";

/**
 * A fresh vega-lite `config` giving every chart the same readable look (11–15 px text, light
 * grid, white background). A new object on each call, so callers may adjust it without sharing state.
 */
export function chartConfig(): Config {
  return {
    font: CHART_FONT,
    background: "white",
    padding: 8,
    title: { fontSize: 15, fontWeight: "bold", anchor: "start", offset: 10, subtitleFontSize: 12, subtitleColor: "#555555" },
    axis: {
      labelFontSize: 11,
      titleFontSize: 12,
      titleFontWeight: "normal",
      labelColor: "#333333",
      titleColor: "#333333",
      gridColor: "#e8e8e8",
      domainColor: "#888888",
      tickColor: "#888888",
    },
    legend: { labelFontSize: 11, titleFontSize: 11, symbolStrokeWidth: 2.5, labelLimit: 240 },
    view: { stroke: "#dddddd" },
    line: { strokeWidth: 2 },
  };
}
