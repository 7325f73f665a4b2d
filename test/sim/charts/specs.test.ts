import { describe, expect, test } from "vitest";
import { compile, type TopLevelSpec } from "vega-lite";
import { overlayChart, sweepChart, timeSeriesChart, type TimeSeriesOptions } from "../../../sim/charts/specs.js";
import { SERIES_COLORS } from "../../../sim/charts/theme.js";

/** Compiles with vega-lite, collecting its warnings instead of printing them. */
function compileQuietly(spec: TopLevelSpec): { vega: Record<string, unknown>; warnings: string[] } {
  const warnings: string[] = [];
  let level = 0;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error: (...m: unknown[]) => (warnings.push(`error: ${m.join(" ")}`), logger),
    warn: (...m: unknown[]) => (warnings.push(m.join(" ")), logger),
    info: () => logger,
    debug: () => logger,
  };
  const vega = compile(spec, { logger: logger as never }).spec as unknown as Record<string, unknown>;
  return { vega, warnings };
}

/** All unit layers (objects with a `mark`) of a spec, depth first. */
function unitLayers(spec: unknown): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  const visit = (node: any): void => {
    if (node === null || typeof node !== "object") return;
    if (node.mark !== undefined) out.push(node);
    for (const child of [...(node.layer ?? []), ...(node.vconcat ?? [])]) visit(child);
  };
  visit(spec);
  return out;
}

function markType(layer: Record<string, any>): string {
  return typeof layer.mark === "string" ? layer.mark : layer.mark.type;
}

/** Every compiled vega mark, depth first. */
function vegaMarks(vega: any): any[] {
  const out: any[] = [];
  const visit = (marks: any[] | undefined): void => {
    for (const m of marks ?? []) {
      out.push(m);
      visit(m.marks);
    }
  };
  visit(vega.marks);
  return out;
}

const latency: TimeSeriesOptions = { title: "Latency", yTitle: "latency", yUnit: "s" };
const xSec = [0, 1, 2, 3, 4];
const twoSeries = {
  xSec,
  series: [
    { name: "p50", values: [0.01, 0.012, null, 0.011, 0.01], lower: [0.009, 0.011, null, 0.01, 0.009], upper: [0.011, 0.013, null, 0.012, 0.011] },
    { name: "p99", values: [0.03, 0.04, 0.15, 0.05, 0.03] },
  ],
};

describe("timeSeriesChart", () => {
  test("a time series with bands, events and CI compiles with vega-lite without errors or warnings", () => {
    const spec = timeSeriesChart(twoSeries, {
      ...latency,
      subtitle: "20 replications",
      bands: [
        { from: 0, to: 0.05, color: "#2ca02c", label: "ok" },
        { from: 0.1, to: Infinity, color: "#d62728", label: "breach" },
      ],
      events: [{ atSec: 2, label: "spike" }],
    });
    const { vega, warnings } = compileQuietly(spec);
    expect(warnings).toEqual([]);
    expect(vegaMarks(vega).map((m) => m.type)).toEqual(expect.arrayContaining(["line", "area", "rect", "rule", "text"]));
  });

  test("data are embedded inline, $schema is set and no URL or external resource appears", () => {
    const spec = timeSeriesChart(twoSeries, latency) as any;
    expect(spec.$schema).toBe("https://vega.github.io/schema/vega-lite/v6.json");
    expect(spec.data.values).toHaveLength(2 * xSec.length);
    const json = JSON.stringify(spec);
    expect(json).not.toMatch(/"url"\s*:/);
    expect(json.replace(spec.$schema, "")).not.toMatch(/https?:\/\//);
  });

  test("default plot size is 640×280 and width/height override it", () => {
    expect(timeSeriesChart(twoSeries, latency)).toMatchObject({ width: 640, height: 280 });
    expect(timeSeriesChart(twoSeries, { ...latency, width: 400, height: 200 })).toMatchObject({ width: 400, height: 200 });
  });

  test("nulls stay null in the embedded rows and the compiled line and area are undefined there (a gap)", () => {
    const spec = timeSeriesChart(twoSeries, latency) as any;
    const p50At2 = spec.data.values.find((r: any) => r.series === "p50" && r.x === 2);
    expect(p50At2).toEqual({ x: 2, series: "p50", y: null, lower: null, upper: null });
    const { vega } = compileQuietly(spec);
    const paths = vegaMarks(vega).filter((m) => m.type === "line" || m.type === "area");
    expect(paths).toHaveLength(2);
    for (const m of paths) expect(m.encode.update.defined.signal).toMatch(/isValid/);
  });

  test("values in seconds below 1 s are embedded and titled in milliseconds", () => {
    const spec = timeSeriesChart(twoSeries, latency) as any;
    const p99At2 = spec.data.values.find((r: any) => r.series === "p99" && r.x === 2);
    expect(p99At2.y).toBeCloseTo(150, 9);
    const line = unitLayers(spec).find((l) => markType(l) === "line")!;
    expect(line.encoding.y.title).toBe("latency (ms)");
    expect(line.encoding.x.title).toBe("time (s)");
  });

  test("the y domain is the nice extent of values and CI bounds, from 0 on a linear axis", () => {
    const spec = timeSeriesChart(twoSeries, latency) as any;
    const line = unitLayers(spec).find((l) => markType(l) === "line")!;
    expect(line.encoding.y.scale).toEqual({ type: "linear", domain: [0, 160], nice: false, zero: false });
    const log = timeSeriesChart(twoSeries, { ...latency, logY: true }) as any;
    expect(unitLayers(log).find((l) => markType(l) === "line")!.encoding.y.scale).toEqual({ type: "log", domain: [5, 200], nice: false });
  });

  test("a fixed y domain is scaled to the display unit and clips the series marks", () => {
    const spec = timeSeriesChart(twoSeries, { ...latency, yDomain: [0, 0.1] }) as any;
    const layers = unitLayers(spec);
    const line = layers.find((l) => markType(l) === "line")!;
    expect(line.encoding.y.scale.domain).toEqual([0, 100]);
    expect(layers.filter((l) => ["line", "area", "point"].includes(markType(l))).map((l) => l.mark.clip)).toEqual([true, true, true]);
    const free = unitLayers(timeSeriesChart(twoSeries, latency)).find((l) => markType(l) === "line")!;
    expect(free.mark.clip).toBe(false);
  });

  test("bands become background rects clamped to the y domain, drawn first, with Infinity clipped", () => {
    const spec = timeSeriesChart(twoSeries, {
      ...latency,
      bands: [
        { from: 0, to: 0.05, color: "#2ca02c", label: "ok" },
        { from: 0.1, to: Infinity, color: "#d62728", label: "breach" },
        { from: 5, to: 10, color: "#000000", label: "off the chart" },
      ],
    }) as any;
    expect(spec.layer[0].data.values).toEqual([{ from: 0, to: 50, mid: 25, color: "#2ca02c", label: "ok" }]);
    expect(spec.layer[1].data.values).toEqual([{ from: 100, to: 160, mid: 130, color: "#d62728", label: "breach" }]);
    const rects = unitLayers(spec).filter((l) => markType(l) === "rect");
    expect(rects.map((r) => r.mark.color)).toEqual(["#2ca02c", "#d62728"]);
    expect(JSON.stringify(spec)).not.toContain("off the chart");
  });

  test("events become dashed rules with their labels at the event times", () => {
    const spec = timeSeriesChart(twoSeries, { ...latency, events: [{ atSec: 1.5, label: "rotate keys" }, { atSec: 3, label: "deploy" }] }) as any;
    const events = spec.layer[spec.layer.length - 1];
    expect(events.data.values).toEqual([
      { x: 1.5, label: "rotate keys" },
      { x: 3, label: "deploy" },
    ]);
    expect(events.layer.map(markType)).toEqual(["rule", "text"]);
    expect(events.layer[0].encoding.x.field).toBe("x");
  });

  test("a CI band is an area from lower to upper; without any bounds there is no area layer", () => {
    const withCi = unitLayers(timeSeriesChart(twoSeries, latency));
    const area = withCi.find((l) => markType(l) === "area")!;
    expect([area.encoding.y.field, area.encoding.y2.field]).toEqual(["lower", "upper"]);
    const noCi = unitLayers(timeSeriesChart({ xSec, series: [twoSeries.series[1]!] }, { ...latency, points: false }));
    expect(noCi.map(markType)).toEqual(["line"]);
  });

  test("points are drawn by default for at most 40 x values, and the option overrides it", () => {
    const marks = (n: number, points?: boolean): string[] => {
      const series = [{ name: "a", values: Array.from({ length: n }, () => 1) }];
      return unitLayers(timeSeriesChart({ xSec: Array.from({ length: n }, (_, i) => i), series }, { ...latency, points })).map(markType);
    };
    expect(marks(40)).toEqual(["line", "point"]);
    expect(marks(41)).toEqual(["line"]);
    expect(marks(41, true)).toEqual(["line", "point"]);
    expect(marks(3, false)).toEqual(["line"]);
  });

  test("series get the palette colours in the order given", () => {
    const line = unitLayers(timeSeriesChart(twoSeries, latency)).find((l) => markType(l) === "line")!;
    expect(line.encoding.color.scale).toEqual({ domain: ["p50", "p99"], range: SERIES_COLORS.slice(0, 2) });
  });

  test("a count unit keeps values and the y title unchanged", () => {
    const spec = timeSeriesChart({ xSec: [0, 1], series: [{ name: "queue", values: [3, 7] }] }, { title: "Queue", yTitle: "length" }) as any;
    expect(spec.data.values.map((r: any) => r.y)).toEqual([3, 7]);
    expect(unitLayers(spec)[0]!.encoding.y.title).toBe("length");
  });

  test.each([
    [{ xSec, series: [{ name: "a", values: [1, 2] }] }, latency, "input.series[0].values: must be an array of 5 values (one per x) (got 2)"],
    [{ xSec, series: [{ name: "a", values: [1, 2, Number.NaN, 4, 5] }] }, latency, "input.series[0].values[2]: must be a finite number or null (got NaN)"],
    [{ xSec: [0, 1, Infinity, 3, 4], series: [{ name: "a", values: [1, 2, 3, 4, 5] }] }, latency, "input.xSec[2]: must be a finite number"],
    [{ xSec, series: [] }, latency, "input.series: must be a non-empty array"],
    [{ xSec, series: [{ name: "a", values: [1, 1, 1, 1, 1] }, { name: "a", values: [1, 1, 1, 1, 1] }] }, latency, "input.series[1].name: must be unique"],
    [{ xSec, series: [{ name: "", values: [1, 1, 1, 1, 1] }] }, latency, "input.series[0].name: must be a non-empty string"],
    [{ xSec, series: [{ name: "a", values: [1, 0, 1, 1, 1] }] }, { ...latency, logY: true }, "input.series[0].values[1]: must be > 0 on a log axis (got 0)"],
    [{ xSec, series: [{ name: "a", values: [1, 1, 1, 1, 1], lower: [0, 0, 0, 0, 0] }] }, latency, "input.series[0].lower/upper: must be both given or both absent"],
    [twoSeries, { ...latency, width: 0 }, "options.width: must be an integer number of pixels in [20, 4000] (got 0)"],
    [twoSeries, { ...latency, title: "" }, "options.title: must be a non-empty string"],
    [twoSeries, { ...latency, yUnit: "hours" as never }, "options.yUnit: must be one of"],
    [twoSeries, { ...latency, bands: [{ from: Number.NaN, to: 1, color: "red", label: "x" }] }, "options.bands[0].from: must be a number"],
    [twoSeries, { ...latency, events: [{ atSec: Infinity, label: "x" }] }, "options.events[0].atSec: must be a finite number"],
    [twoSeries, { ...latency, yDomain: [1, 0] as const }, "options.yDomain: must be [lo, hi] with finite lo < hi"],
  ])("bad input %# throws a RangeError naming the path", (data, options, message) => {
    expect(() => timeSeriesChart(data as never, options as TimeSeriesOptions)).toThrow(RangeError);
    expect(() => timeSeriesChart(data as never, options as TimeSeriesOptions)).toThrow(message);
  });
});

describe("sweepChart", () => {
  const sweep = {
    x: [100, 200, 500, 1000],
    xTitle: "arrival rate (/s)",
    series: [
      { name: "1 worker", mean: [0.002, 0.003, 0.01, null], lower: [0.0018, 0.0027, 0.008, null], upper: [0.0022, 0.0033, 0.012, null] },
      { name: "4 workers", mean: [0.002, 0.002, 0.0025, 0.004] },
    ],
  };

  test("a log–log sweep compiles without warnings and has a line, points with tooltips and a CI band", () => {
    const spec = sweepChart(sweep, { title: "Sojourn vs load", yTitle: "mean sojourn", yUnit: "s", logX: true, logY: true });
    expect(compileQuietly(spec).warnings).toEqual([]);
    const layers = unitLayers(spec);
    expect(layers.map(markType)).toEqual(["area", "line", "point"]);
    expect(layers[1]!.encoding.x).toMatchObject({ title: "arrival rate (/s)", scale: { type: "log", nice: false } });
    expect(layers[2]!.encoding.tooltip.map((t: any) => t.field)).toEqual(["series", "x", "y", "lower", "upper"]);
    expect(layers[1]!.encoding.y.scale.domain).toEqual([1, 20]);
  });

  test("sweep rows keep null means as gaps and scale seconds to milliseconds", () => {
    const spec = sweepChart(sweep, { title: "t", yTitle: "sojourn", yUnit: "s" }) as any;
    const rows = spec.data.values.filter((r: any) => r.series === "1 worker");
    expect(rows.map((r: any) => r.y)).toEqual([2, 3, 10, null]);
    expect(rows[3]).toMatchObject({ x: 1000, lower: null, upper: null });
  });

  test("a swept value ≤ 0 on a log x axis and a missing x title are rejected", () => {
    expect(() => sweepChart({ ...sweep, x: [0, 200, 500, 1000] }, { title: "t", yTitle: "y", logX: true })).toThrow("input.x[0]: must be > 0 on a log axis (got 0)");
    expect(() => sweepChart({ ...sweep, xTitle: "" }, { title: "t", yTitle: "y" })).toThrow("input.xTitle: must be a non-empty string");
    expect(() => sweepChart({ ...sweep, series: [{ name: "a", mean: [1, 2] }] }, { title: "t", yTitle: "y" })).toThrow("input.series[0].mean: must be an array of 4 values");
  });
});

describe("overlayChart", () => {
  const ab = { xSec: [0, 1, 2, 3], a: { name: "baseline", values: [10, 20, null, 40] }, b: { name: "jittered", values: [12, 18, 30, 35] } };

  test("A and B are drawn in blue and orange and the spec compiles without warnings", () => {
    const spec = overlayChart(ab, { title: "A vs B", yTitle: "p99", yUnit: "ms", events: [{ atSec: 1, label: "rotate" }] });
    expect(compileQuietly(spec).warnings).toEqual([]);
    const line = unitLayers(spec).find((l) => markType(l) === "line")!;
    expect(line.encoding.color.scale).toEqual({ domain: ["baseline", "jittered"], range: ["#4c78a8", "#f58518"] });
  });

  test("the difference panel plots b − a with gaps where either is null, sharing the x scale", () => {
    const spec = overlayChart(ab, { title: "A vs B", yTitle: "p99", yUnit: "ms", difference: true }) as any;
    expect(compileQuietly(spec).warnings).toEqual([]);
    expect(spec.vconcat).toHaveLength(2);
    expect(spec.resolve).toEqual({ scale: { x: "shared" } });
    const diff = spec.vconcat[1];
    expect(diff.data.values).toEqual([
      { x: 0, y: 2 },
      { x: 1, y: -2 },
      { x: 2, y: null },
      { x: 3, y: -5 },
    ]);
    expect(diff.title.text).toBe("jittered − baseline");
    expect(diff.layer[1].encoding.y.title).toBe("Δ (ms)");
  });

  test("A and B with the same name are rejected", () => {
    expect(() => overlayChart({ ...ab, b: { ...ab.b, name: "baseline" } }, { title: "t", yTitle: "y" })).toThrow("input.b.name: must be unique among the series");
  });
});
