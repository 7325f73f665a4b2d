/**
 * The generic report document that the HTML and Markdown builders render: a title, who generated
 * it, the exact command that reproduces it, and a list of sections (tables, charts, text, code).
 * Plain data, no domain words; the CLI assembles it. Browser-safe.
 */
import { requireParam } from "../errors.js";

/** A table cell: text as given, a number (formatted with formatNumber), or null (shown as "—"). */
export type ReportCell = string | number | null;

/** A table. Each row has one cell per column. */
export interface TableSection {
  kind: "table";
  title: string;
  columns: string[];
  rows: ReportCell[][];
  /** A sentence under the table (plain text), e.g. "95 % CI over 20 replications". */
  note?: string;
  /**
   * Per-column alignment. Default: "right" for a column whose non-empty cells are all numbers or
   * start like one ("12.3 ms", "-4%", "5,000/s"), "left" otherwise.
   */
  align?: ("left" | "right")[];
}

/** A chart: its SVG markup (inlined in HTML) and, for Markdown, the relative path of its PNG. */
export interface ChartSection {
  kind: "chart";
  title: string;
  /** `<svg …>…</svg>` as produced by specToSvg (an XML prolog is tolerated). */
  svg: string;
  /** Relative path of the PNG export (used by Markdown, linked from HTML). */
  pngFile?: string;
  /** Relative path of the vega-lite spec (JSON), linked from both outputs. */
  specFile?: string;
  /** A sentence under the chart (plain text). */
  note?: string;
}

/** Prose: either Markdown (passed through to Markdown output, a safe subset rendered in HTML) or plain text. */
export type TextSection =
  | { kind: "text"; title?: string; markdown: string; text?: undefined }
  | { kind: "text"; title?: string; text: string; markdown?: undefined };

/** A code or configuration listing, e.g. the scenario file, shown verbatim. */
export interface CodeSection {
  kind: "code";
  title: string;
  /** Language tag for the fence / class, e.g. "yaml", "json", "sh" (letters, digits, + - _ only). */
  language: string;
  text: string;
}

/** One section of a report. */
export type ReportSection = TableSection | ChartSection | TextSection | CodeSection;

/** A whole report. */
export interface ReportDoc {
  title: string;
  subtitle?: string;
  /** Tool, version and commit, e.g. "shakedown 0.1.0 (abc1234)". */
  generatedBy: string;
  /** The exact shell command that regenerates this report. */
  reproduceCommand: string;
  sections: ReportSection[];
}

const LANGUAGE_PATTERN = /^[A-Za-z0-9+_-]*$/;

/**
 * Checks a report document's shape before rendering.
 * @throws RangeError naming the path of the first problem, e.g. `sections[2].rows[1]: must be an
 * array of 3 cells (got 2)`: empty title, generatedBy or reproduceCommand; unknown section kind;
 * ragged rows; NaN cells; a chart whose svg is not an `<svg>` element or contains a script,
 * foreignObject or external reference; an absolute or URL file path.
 */
export function checkReportDoc(doc: ReportDoc): void {
  requireParam(typeof doc === "object" && doc !== null, "doc", "an object", doc);
  nonEmpty(doc.title, "title");
  optionalText(doc.subtitle, "subtitle");
  nonEmpty(doc.generatedBy, "generatedBy");
  nonEmpty(doc.reproduceCommand, "reproduceCommand");
  requireParam(Array.isArray(doc.sections), "sections", "an array", doc.sections);
  doc.sections.forEach((section, i) => checkSection(section, `sections[${i}]`));
}

function checkSection(section: ReportSection, path: string): void {
  requireParam(typeof section === "object" && section !== null, path, "an object", section);
  switch (section.kind) {
    case "table": {
      nonEmpty(section.title, `${path}.title`);
      requireParam(Array.isArray(section.columns) && section.columns.length > 0, `${path}.columns`, "a non-empty array", section.columns);
      section.columns.forEach((column, j) => requireParam(typeof column === "string", `${path}.columns[${j}]`, "a string", column));
      const width = section.columns.length;
      requireParam(Array.isArray(section.rows), `${path}.rows`, "an array", section.rows);
      section.rows.forEach((row, r) => {
        requireParam(Array.isArray(row) && row.length === width, `${path}.rows[${r}]`, `an array of ${width} cells`, Array.isArray(row) ? row.length : row);
        row.forEach((cell, c) =>
          requireParam(cell === null || typeof cell === "string" || (typeof cell === "number" && !Number.isNaN(cell)), `${path}.rows[${r}][${c}]`, "a string, a number (not NaN) or null", cell),
        );
      });
      if (section.align !== undefined) {
        requireParam(Array.isArray(section.align) && section.align.length === width && section.align.every((a) => a === "left" || a === "right"), `${path}.align`, `an array of ${width} "left" | "right"`, section.align);
      }
      optionalText(section.note, `${path}.note`);
      return;
    }
    case "chart":
      nonEmpty(section.title, `${path}.title`);
      checkSvg(section.svg, `${path}.svg`);
      if (section.pngFile !== undefined) checkRelativePath(section.pngFile, `${path}.pngFile`);
      if (section.specFile !== undefined) checkRelativePath(section.specFile, `${path}.specFile`);
      optionalText(section.note, `${path}.note`);
      return;
    case "text":
      optionalText(section.title, `${path}.title`);
      requireParam((typeof section.markdown === "string") !== (typeof section.text === "string"), `${path}`, "a text section with exactly one of markdown or text", Object.keys(section));
      return;
    case "code":
      nonEmpty(section.title, `${path}.title`);
      requireParam(typeof section.language === "string" && LANGUAGE_PATTERN.test(section.language), `${path}.language`, "letters, digits, +, - or _", section.language);
      requireParam(typeof section.text === "string", `${path}.text`, "a string", section.text);
      return;
    default:
      requireParam(false, `${path}.kind`, `one of "table", "chart", "text", "code"`, (section as { kind?: unknown }).kind);
  }
}

function nonEmpty(text: unknown, path: string): void {
  requireParam(typeof text === "string" && text.trim().length > 0, path, "a non-empty string", text);
}

function optionalText(text: unknown, path: string): void {
  requireParam(text === undefined || typeof text === "string", path, "a string", text);
}

/** The SVG must be one `<svg>` element with nothing that could run or fetch (it is inlined as is). */
function checkSvg(svg: unknown, path: string): void {
  requireParam(typeof svg === "string", path, "SVG markup", typeof svg);
  const body = stripSvgProlog(svg as string);
  requireParam(body.startsWith("<svg") && body.endsWith("</svg>"), path, "one <svg>…</svg> element", `${body.slice(0, 20)}…`);
  const unsafe = /<script|<foreignObject|\son[a-z]+\s*=|(?:href|src)\s*=\s*["']?\s*(?:https?:|\/\/|javascript:)|url\(\s*["']?\s*(?:https?:|\/\/)/i.exec(body);
  requireParam(unsafe === null, path, "free of scripts, event handlers and external references", unsafe?.[0]);
}

/** The markup from the `<svg` tag on, without an XML prolog, doctype or surrounding whitespace. */
export function stripSvgProlog(svg: string): string {
  return svg.trim().replace(/^<\?xml[^>]*\?>\s*/, "").replace(/^<!DOCTYPE[^>]*>\s*/i, "").trim();
}

/** File links must be relative paths: no scheme, no leading "/", no backslash ("../" is allowed; where files go is the CLI's choice). */
function checkRelativePath(file: unknown, path: string): void {
  requireParam(
    typeof file === "string" && file.length > 0 && !file.startsWith("/") && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(file) && !file.includes("\\"),
    path,
    "a relative path with / separators",
    file,
  );
}

/** Percent-encodes each segment of a relative path for a link (spaces, #, ?, %, parentheses), keeping "/". */
export function encodePath(file: string): string {
  return file
    .split("/")
    .map((part) => encodeURIComponent(part).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join("/");
}
