/**
 * Writing a validation to a directory: validation.json (the whole result), calibration.json (the
 * calibration file: per configuration, costs by load and the scenario overrides that use them),
 * every chart as vega-lite JSON, SVG and PNG under charts/, report.html (self-contained) and
 * report.md (charts linked as PNG).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stableStringify } from "../sim/experiment/stableJson.js";
import { reportToHtml } from "../sim/report/html.js";
import { reportToMarkdown } from "../sim/report/markdown.js";
import type { ChartSection } from "../sim/report/reportDoc.js";
import { costOverrides, type CalibrationEntry } from "./calibration.js";
import { validationCharts, validationReport } from "./report.js";
import type { ValidationResult } from "./result.js";

/** The calibration file: each entry with, per measured load, the overrides a scenario takes to use it. */
export function calibrationFile(result: ValidationResult): object {
  return {
    version: 1,
    measuredAt: result.generatedAt,
    machine: result.machine,
    usage: "Give a scenario the measured costs with its overrides, e.g. shakedown run validate/experiments/load-sweep.node.yaml --set '<override>' ... (rates per second; costs include the work per connection, which the scenario states as fleet.requestCpu).",
    entries: result.calibration.map((c: CalibrationEntry) => ({
      ...c,
      overridesByRate: c.full.map((p) => ({ ratePerSec: p.ratePerSec, overrides: costOverrides(c, p.ratePerSec) })),
    })),
  };
}

/**
 * Writes the result, the calibration file, the charts and the reports into `dir` (created) and
 * returns the written paths relative to it.
 * @throws Error from the file system or the chart renderer.
 */
export async function writeValidation(dir: string, result: ValidationResult, options: { reproduceCommand: string; generatedBy: string }): Promise<string[]> {
  const written: string[] = [];
  const put = (name: string, contents: string | Buffer) => {
    writeFileSync(join(dir, name), contents);
    written.push(name);
  };
  mkdirSync(join(dir, "charts"), { recursive: true });
  put("validation.json", `${stableStringify(result)}\n`);
  put("calibration.json", `${JSON.stringify(calibrationFile(result), null, 2)}\n`);
  const charts = validationCharts(result);
  const { specToSvg, svgToPng } = await import("../sim/report/render.js");
  const sections: ChartSection[] = [];
  for (const chart of charts) {
    const base = `charts/${chart.name}`;
    put(`${base}.vl.json`, `${JSON.stringify(chart.spec, null, 2)}\n`);
    const svg = await specToSvg(chart.spec);
    put(`${base}.svg`, svg);
    put(`${base}.png`, svgToPng(svg));
    sections.push({ kind: "chart", title: chart.title, svg, pngFile: `${base}.png`, specFile: `${base}.vl.json`, note: chart.note });
  }
  const doc = validationReport(result, sections, options.reproduceCommand, options.generatedBy);
  put("report.html", reportToHtml(doc));
  put("report.md", reportToMarkdown(doc));
  return written;
}
