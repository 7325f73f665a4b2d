/**
 * Writing a command's `--out` directory: data files (result.json, CSV), each chart as its
 * vega-lite spec (`charts/<name>.vl.json`), SVG and PNG, and the report as `report.html`
 * (self-contained: charts inline) and `report.md` (charts as links to the PNGs).
 * The renderer (vega, resvg) is imported only here and only when a directory is written, so
 * commands without --out start fast.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ChartSection, ReportDoc } from "../../sim/report/reportDoc.js";
import { reportToHtml } from "../../sim/report/html.js";
import { reportToMarkdown } from "../../sim/report/markdown.js";
import { UsageError } from "../errors.js";
import type { NamedChart } from "./runCharts.js";

/**
 * Creates the output directory (and its parents) before any work is done, so a bad --out fails
 * fast. @throws UsageError naming --out and the system's reason when it cannot be created.
 */
export function prepareOutDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new UsageError(`--out ${dir}: cannot create the directory (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** What a command writes: data files by relative name, its charts, and its report built around the rendered charts. */
export interface OutputBundle {
  files: { name: string; text: string }[];
  charts: NamedChart[];
  /** The report document, given the rendered chart sections (in the order of `charts`). */
  report: (chartSections: ChartSection[]) => ReportDoc;
}

/**
 * Writes `bundle` under `dir` (created if missing; existing files of the same names are
 * replaced) and returns the written paths, relative to `dir`, in writing order.
 * @throws Error from the file system or the renderer (an internal failure, exit 1).
 */
export async function writeOutputs(dir: string, bundle: OutputBundle): Promise<string[]> {
  const written: string[] = [];
  const put = (name: string, contents: string | Buffer) => {
    writeFileSync(join(dir, name), contents);
    written.push(name);
  };
  mkdirSync(dir, { recursive: true });
  for (const file of bundle.files) put(file.name, file.text);
  const sections: ChartSection[] = [];
  if (bundle.charts.length > 0) {
    mkdirSync(join(dir, "charts"), { recursive: true });
    const { specToSvg, svgToPng } = await import("../../sim/report/render.js");
    for (const chart of bundle.charts) {
      const base = `charts/${chart.name}`;
      put(`${base}.vl.json`, `${JSON.stringify(chart.spec, null, 2)}\n`);
      const svg = await specToSvg(chart.spec);
      put(`${base}.svg`, svg);
      put(`${base}.png`, svgToPng(svg));
      sections.push({ kind: "chart", title: chart.title, svg, pngFile: `${base}.png`, specFile: `${base}.vl.json`, ...(chart.note ? { note: chart.note } : {}) });
    }
  }
  const doc = bundle.report(sections);
  put("report.html", reportToHtml(doc));
  put("report.md", reportToMarkdown(doc));
  return written;
}
