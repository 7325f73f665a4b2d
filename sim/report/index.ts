/**
 * Report builders (browser-safe): the report document, HTML and Markdown output, number
 * formatting. The Node-only SVG/PNG renderer is not re-exported here: import it from
 * "./render.js" so that browser bundles never pull in the native rasteriser.
 */
export {
  checkReportDoc,
  encodePath,
  type ReportDoc,
  type ReportSection,
  type ReportCell,
  type TableSection,
  type ChartSection,
  type TextSection,
  type CodeSection,
} from "./reportDoc.js";
export { reportToHtml, prefixSvgIds } from "./html.js";
export { reportToMarkdown } from "./markdown.js";
export { markdownToHtml, escapeHtml } from "./miniMarkdown.js";
export { formatNumber, MISSING_TEXT } from "./format.js";
export { cellText, columnAlignments, looksNumeric } from "./table.js";
