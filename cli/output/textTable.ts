/**
 * Plain-text tables for the terminal: columns padded to their widest cell, numeric columns
 * right-aligned (same rule as the HTML and Markdown reports: sim/report/table.ts), a rule under
 * the header. Width is counted in code points, so "µ", "±" and "—" count as one.
 */
import type { ReportCell, TableSection } from "../../sim/report/reportDoc.js";
import { cellText, columnAlignments } from "../../sim/report/table.js";

/** Renders a table (title, header, rule, rows, note) as lines of text ending with a newline. */
export function textTable(table: Pick<TableSection, "title" | "columns" | "rows" | "note" | "align">): string {
  const section: TableSection = { kind: "table", ...table };
  const align = columnAlignments(section);
  const cells: string[][] = [table.columns, ...table.rows.map((row: ReportCell[]) => row.map(cellText))];
  const widths = table.columns.map((_c, j) => Math.max(...cells.map((row) => length(row[j] ?? ""))));
  const line = (row: string[]) =>
    row
      .map((cell, j) => (align[j] === "right" ? pad(cell, widths[j]!, "left") : pad(cell, widths[j]!, "right")))
      .join("  ")
      .trimEnd();
  const out = [table.title, "", line(table.columns), widths.map((w) => "─".repeat(w)).join("  "), ...cells.slice(1).map(line)];
  if (table.note) out.push("", table.note);
  return `${out.join("\n")}\n`;
}

function length(text: string): number {
  return [...text].length;
}

function pad(text: string, width: number, side: "left" | "right"): string {
  const fill = " ".repeat(Math.max(0, width - length(text)));
  return side === "left" ? fill + text : text + fill;
}
