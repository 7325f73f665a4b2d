/** Generic vega-lite chart specs (browser-safe): see each file for its documentation. */
export {
  timeSeriesChart,
  sweepChart,
  overlayChart,
  type SeriesValues,
  type TimeSeriesInput,
  type TimeSeriesOptions,
  type ChartOptions,
  type SweepInput,
  type SweepOptions,
  type OverlayInput,
  type OverlayOptions,
} from "./specs.js";
export { type ChartZone, type ChartEvent } from "./layers.js";
export { chartConfig, CHART_FONT, SERIES_COLORS, NEUTRAL_COLOR, DEFAULT_WIDTH_PX, DEFAULT_HEIGHT_PX, VEGA_LITE_SCHEMA } from "./theme.js";
export { displayUnitFor, isValueUnit, VALUE_UNITS, type ValueUnit, type DisplayUnit } from "./units.js";
