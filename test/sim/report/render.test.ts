import { beforeAll, expect, test } from "vitest";
import { timeSeriesChart } from "../../../sim/charts/specs.js";
import { specToSvg, svgToPng } from "../../../sim/report/render.js";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The SVG's width and height attributes (px). */
function svgSize(svg: string): { width: number; height: number } {
  const open = /<svg[^>]*>/.exec(svg)?.[0] ?? "";
  return { width: Number(/\swidth="([\d.]+)"/.exec(open)?.[1]), height: Number(/\sheight="([\d.]+)"/.exec(open)?.[1]) };
}

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian). */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

let svg = "";

beforeAll(async () => {
  // One chart rendered once, shared by the tests below (keeps the file fast).
  const spec = timeSeriesChart(
    {
      xSec: [0, 1, 2, 3, 4, 5],
      series: [
        { name: "p50", values: [0.01, 0.012, null, 0.011, 0.01, 0.01], lower: [0.009, 0.011, null, 0.01, 0.009, 0.009], upper: [0.011, 0.013, null, 0.012, 0.011, 0.011] },
        { name: "p99", values: [0.03, 0.04, 0.15, 0.05, 0.03, 0.03] },
      ],
    },
    {
      title: "Latency <&> \"quoted\"",
      yTitle: "latency",
      yUnit: "s",
      bands: [{ from: 0.1, to: Infinity, color: "#d62728", label: "breach" }],
      events: [{ atSec: 2, label: "spike" }],
    },
  );
  svg = await specToSvg(spec);
});

test("the SVG of a time-series chart is one svg element with line, area and axis marks", () => {
  expect(svg.startsWith("<svg")).toBe(true);
  expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
  expect(svg).toMatch(/class="mark-line role-mark[^"]*"/);
  expect(svg).toMatch(/class="mark-area role-mark[^"]*"/);
  expect(svg).toMatch(/class="mark-rule role-mark[^"]*"/);
  expect(svg).toContain("role-axis");
  expect(svg).toContain("<path");
});

test("text in the SVG is escaped and the title, axis title and labels are present", () => {
  expect(svg).toContain("Latency &lt;&amp;&gt; &quot;quoted&quot;");
  expect(svg).toContain("latency (ms)");
  expect(svg).toContain(">spike</text>");
  expect(svg).toContain(">breach</text>");
  expect(svg).toContain(">p99</text>");
});

test("a null value splits the line into two subpaths (a gap)", () => {
  // vega draws each series' line in its own "mark-line" group.
  const groups = [...svg.matchAll(/<g class="mark-line role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/g)].map((m) => m[1] as string);
  const paths = groups.flatMap((group) => [...group.matchAll(/\sd="([^"]+)"/g)].map((m) => m[1] as string));
  expect(paths).toHaveLength(2);
  const moves = paths.map((d) => (d.match(/M/g) ?? []).length).sort();
  expect(moves).toEqual([1, 2]);
});

test("the PNG has the PNG signature and its IHDR size is scale × the SVG size", () => {
  const { width, height } = svgSize(svg);
  expect(width).toBeGreaterThan(640);
  expect(height).toBeGreaterThan(280);
  for (const scale of [1, 2]) {
    const png = svgToPng(svg, scale);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: Math.round(width * scale), height: Math.round(height * scale) });
  }
  expect(pngSize(svgToPng(svg))).toEqual({ width: width * 2, height: height * 2 });
});

test("text is drawn: removing the chart's text elements changes the PNG (a system font is installed)", () => {
  const withoutText = svg.replace(/<text[\s\S]*?<\/text>/g, "");
  expect(withoutText).not.toContain("<text");
  expect(svgToPng(svg, 1).equals(svgToPng(withoutText, 1))).toBe(false);
  const hello = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="5" y="28" font-family="DejaVu Sans, sans-serif" font-size="20">Hello</text></svg>';
  expect(svgToPng(hello, 1).equals(svgToPng(hello.replace("Hello", ""), 1))).toBe(false);
});

test("rendering is deterministic: the same SVG gives the same PNG bytes", () => {
  expect(svgToPng(svg, 1).equals(svgToPng(svg, 1))).toBe(true);
});

test("a scale outside (0, 10] is rejected", () => {
  expect(() => svgToPng(svg, 0)).toThrow("scale: must be a number in (0, 10] (got 0)");
  expect(() => svgToPng(svg, Number.NaN)).toThrow(RangeError);
});

test("a fixed y domain narrower than the data makes vega clip the lines (a clip path is defined and used)", async () => {
  const spec = timeSeriesChart({ xSec: [0, 1, 2], series: [{ name: "a", values: [1, 5, 2] }] }, { title: "clipped", yTitle: "y", yDomain: [0, 3] });
  const clipped = await specToSvg(spec);
  const id = /<clipPath id="([^"]+)"/.exec(clipped)?.[1];
  expect(id).toBeDefined();
  expect(clipped).toContain(`clip-path="url(#${id})"`);
});

test("an invalid spec makes specToSvg reject", async () => {
  await expect(specToSvg({ mark: "nonsense" } as never)).rejects.toThrow();
});
