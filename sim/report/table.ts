/**
 * Table helpers shared by the HTML and Markdown builders: the text of a cell and the alignment of
 * each column, so both outputs show the same table. Browser-safe.
 */
import { formatNumber } from "./format.js";
import type { ReportCell, TableSection } from "./reportDoc.js";

/** A cell's text: strings as given, numbers through formatNumber (no unit), null as "—". */
export function cellText(cell: ReportCell): string {
  return typeof cell === "string" ? cell : formatNumber(cell);
}

// A number with an optional sign or "±" and an optional unit ("12.3 ms", "95.3%", "5,000/s",
// "-1.2e-5", "∞", "± 0.4%"), optionally followed by "± number unit" or a range "– number unit".
const NUMBER = String.raw`(?:[-+−]|±\s?)?(?:∞|(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)(?:\s?[%A-Za-zµ/]+)?`;
const NUMERIC_TEXT = new RegExp(String.raw`^${NUMBER}(?:\s?[±–-]\s?${NUMBER})?$`);

/** True when a string cell reads as a number, possibly with a unit, a ± half-width or a range. */
export function looksNumeric(text: string): boolean {
  return NUMERIC_TEXT.test(text.trim());
}

/**
 * Alignment of each column: `section.align` if given; otherwise "right" when every non-empty cell
 * (not null, not "", not "—") is a number or {@link looksNumeric}, and at least one exists.
 */
export function columnAlignments(section: TableSection): ("left" | "right")[] {
  if (section.align !== undefined) return [...section.align];
  return section.columns.map((_column, c) => {
    let numeric = 0;
    for (const row of section.rows) {
      const cell = row[c] ?? null;
      if (cell === null || cell === "" || cell === "—") continue;
      if (typeof cell === "number" || looksNumeric(cell)) numeric += 1;
      else return "left";
    }
    return numeric > 0 ? "right" : "left";
  });
}
