/**
 * DOM pieces the notebook pages share: a chart (a sim/charts spec rendered by vega-embed, with its
 * "…" menu offering Save as SVG / Save as PNG), the table of key numbers with confidence
 * intervals, the simulation status line, and the "reproduce" block that prints the exact
 * `shakedown` command of each run with its result as a downloadable JSON file.
 * Browser-only (document, Blob, URL); everything it shows comes from the pure modules beside it.
 * Stable hooks for tests: `[data-chart=<name>]`, `.key-numbers [data-metric=<name>]`, `.repro`,
 * `.repro-command`, `.repro-result`, `.repro-hash`, `.sim-status`.
 */
import embed from "vega-embed";
import type { TopLevelSpec } from "vega-lite";
import type { Estimate } from "../sim/experiment/confidence.js";
import type { ValueUnit } from "../sim/charts/units.js";
import { formatNumber } from "../sim/report/format.js";
import type { SimRunOutput } from "./simJob.js";
import { unitOfMetric, type ValidationPoint, type ValidationVerdict } from "./validation.js";

function element<K extends keyof HTMLElementTagNameMap>(tag: K, options: { className?: string; text?: string; attrs?: Record<string, string> } = {}, children: (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (options.className !== undefined) el.className = options.className;
  if (options.text !== undefined) el.textContent = options.text;
  for (const [k, v] of Object.entries(options.attrs ?? {})) el.setAttribute(k, v);
  for (const child of children) el.append(child);
  return el;
}

/**
 * A chart: renders `spec` (SVG renderer) into a `<div data-chart=name>`, with vega-embed's
 * actions menu limited to exporting (SVG, PNG; file name `name`). Resolves once drawn. Call
 * `invalidation.then(view.finalize)` through the returned `finalize` to free the view when the cell re-runs.
 */
export async function chartView(spec: TopLevelSpec, name: string): Promise<{ element: HTMLElement; finalize: () => void }> {
  const el = element("div", { className: "chart", attrs: { "data-chart": name } });
  const result = await embed(el, spec, { renderer: "svg", actions: { export: true, source: false, compiled: false, editor: false }, downloadFileName: name });
  return { element: el, finalize: () => result.finalize() };
}

/** One row of {@link keyNumbers}: a label, the metric's estimate (absent: "—") and its unit. */
export interface KeyNumber {
  label: string;
  /** A stable name for tests and readers, e.g. "p99". */
  name: string;
  estimate: Estimate | null | undefined;
  unit: ValueUnit;
  /** Optional note after the interval. */
  note?: string;
}

/**
 * A table of key numbers: label, mean, and the 95 % CI over replications ("one replication: no
 * interval" when n = 1). Values are formatted as the CLI's tables (sim/report/format.ts).
 */
export function keyNumbers(rows: readonly KeyNumber[], caption?: string): HTMLTableElement {
  const table = element("table", { className: "key-numbers" });
  if (caption !== undefined) table.append(element("caption", { text: caption }));
  table.append(element("thead", {}, [element("tr", {}, [element("th", { text: "metric" }), element("th", { text: "mean" }), element("th", { text: "95 % CI" })])]));
  const body = element("tbody");
  for (const row of rows) {
    const e = row.estimate ?? null;
    const ci = e === null ? "" : e.n < 2 ? "one replication" : `${formatNumber(e.lower, row.unit)} – ${formatNumber(e.upper, row.unit)}`;
    body.append(
      element("tr", { attrs: { "data-metric": row.name } }, [
        element("td", { text: row.label }),
        element("td", { className: "num", text: formatNumber(e === null ? null : e.mean, row.unit) }),
        element("td", { className: "num", text: ci + (row.note ? ` ${row.note}` : "") }),
      ]),
    );
  }
  table.append(body);
  return table;
}

/** A status line (`.sim-status`) that a page updates while its worker simulates. */
export function statusLine(): HTMLElement {
  return element("div", { className: "sim-status", text: "starting the simulator…" });
}

/**
 * Runs `start(onProgress)` and reports on `status`: "simulating… d / t replications", then
 * "simulated n runs (r replications) in x s in a Web Worker", or the error. Rethrows errors
 * (the page cell then shows them) except supersession, which leaves the status to the newer run.
 */
export async function withStatus(status: HTMLElement, start: (onProgress: (done: number, total: number) => void) => Promise<SimRunOutput[]>): Promise<SimRunOutput[]> {
  status.textContent = "simulating…";
  status.dataset.state = "running";
  const t0 = performance.now();
  try {
    const outputs = await start((done, total) => {
      status.textContent = `simulating… ${done} / ${total} replications`;
    });
    const reps = outputs.reduce((sum, o) => sum + o.result.replications, 0);
    const sec = ((performance.now() - t0) / 1000).toFixed(1);
    status.textContent = `simulated ${outputs.length} run${outputs.length === 1 ? "" : "s"} (${reps} replications) in ${sec} s, in a Web Worker`;
    status.dataset.state = "done";
    return outputs;
  } catch (error) {
    if ((error as Error).name !== "SupersededError") {
      status.textContent = `simulation failed: ${(error as Error).message}`;
      status.dataset.state = "error";
    }
    throw error;
  }
}

/** One reproduce entry: a label, the command, and the run's output (for the result file and hash). */
export interface ReproduceItem {
  label: string;
  command: string;
  output?: SimRunOutput;
}

/**
 * The "reproduce this view" block: per item its label, the command in a copyable `<pre>`, and,
 * with an output, a link to download the result JSON (the bytes `shakedown run --json` prints,
 * without its scenarioHash and slos fields) and the scenario hash. Object URLs are revoked when
 * `invalidation` resolves (pass the cell's `invalidation`).
 */
export function reproduceBlock(items: readonly ReproduceItem[], invalidation?: Promise<unknown>): HTMLElement {
  const block = element("div", { className: "reproduce" });
  const urls: string[] = [];
  for (const item of items) {
    const row = element("div", { className: "repro", attrs: { "data-label": item.label } });
    row.append(element("div", { className: "repro-label", text: item.label }));
    const code = element("code", { text: item.command });
    const pre = element("pre", { className: "repro-command" }, [code]);
    row.append(pre);
    const meta = element("div", { className: "repro-meta" });
    const copy = element("button", { text: "copy", attrs: { type: "button" } });
    copy.addEventListener("click", () => {
      void navigator.clipboard?.writeText(item.command).then(() => {
        copy.textContent = "copied";
      });
    });
    meta.append(copy);
    if (item.output !== undefined) {
      const url = URL.createObjectURL(new Blob([item.output.resultJson, "\n"], { type: "application/json" }));
      urls.push(url);
      const name = `${item.output.spec.preset}-result.json`;
      meta.append(" ", element("a", { className: "repro-result", text: "result.json", attrs: { href: url, download: name } }));
      meta.append(" · scenario hash ", element("code", { className: "repro-hash", text: item.output.scenarioHash.slice(0, 16), attrs: { title: item.output.scenarioHash, "data-hash": item.output.scenarioHash } }));
      meta.append(` · ${(item.output.elapsedMs / 1000).toFixed(2)} s in the browser`);
    }
    row.append(meta);
    block.append(row);
  }
  void invalidation?.then(() => urls.forEach((u) => URL.revokeObjectURL(u)));
  return block;
}

/** A paragraph with the given text pieces (strings, or nodes such as `<strong>`). */
export function paragraph(className: string, parts: (string | Node)[]): HTMLParagraphElement {
  return element("p", { className }, parts);
}

/** `<strong>` with text. */
export function strong(text: string): HTMLElement {
  return element("strong", { text });
}

/** A table with a header row and text cells (class `key-numbers`, right-aligned numeric columns by index). */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], options: { numeric?: readonly number[]; className?: string } = {}): HTMLTableElement {
  const table = element("table", { className: options.className ?? "key-numbers" });
  table.append(element("thead", {}, [element("tr", {}, header.map((h) => element("th", { text: h })))]));
  const body = element("tbody");
  for (const row of rows) body.append(element("tr", {}, row.map((cell, i) => element("td", { className: options.numeric?.includes(i) ? "num" : "", text: cell }))));
  table.append(body);
  return table;
}

/** Predicted-versus-measured points as a table: experiment, server, metric, offered load, predicted, measured, error, validity. */
export function validationPointsTable(points: readonly ValidationPoint[]): HTMLTableElement {
  return textTable(
    ["experiment", "server", "metric", "offered", "predicted", "measured", "error", "valid"],
    points.map((p) => {
      const unit = unitOfMetric(p.metric);
      return [
        p.experiment,
        p.server,
        p.metric,
        formatNumber(p.offeredPerS, "/s"),
        formatNumber(p.predicted, unit),
        formatNumber(p.measured, unit),
        p.relativeError === null ? "—" : `${p.relativeError >= 0 ? "+" : ""}${formatNumber(p.relativeError, "fraction")}`,
        p.valid ? "yes" : `no${p.reason ? `: ${p.reason}` : ""}`,
      ];
    }),
    { numeric: [3, 4, 5, 6] },
  );
}

/** The seed claims and their measured verdicts as a table. */
export function verdictsTable(verdicts: readonly ValidationVerdict[]): HTMLTableElement {
  return textTable(["claim", "verdict", "evidence"], verdicts.map((v) => [v.claim, v.verdict, v.evidence]));
}

/** The "no validation results yet" box, saying where the notebooks looked and how to produce the file. */
export function noValidationYet(searched: readonly string[]): HTMLElement {
  return element("div", { className: "empty-state" }, [
    element("strong", { text: "No validation results yet. " }),
    `The notebooks look for ${searched.join(" and ")}; a validation run (npx shakedown validate --out docs/validation) writes it, and the next notebook build picks it up.`,
  ]);
}
