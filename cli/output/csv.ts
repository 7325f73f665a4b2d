/**
 * CSV (RFC 4180): a header row, one row per record, "," separated, CRLF-free ("\n" line ends),
 * fields quoted only when they hold a comma, a quote or a newline. Numbers in ECMAScript's
 * shortest round-trip form (the same bytes on every machine), null as an empty field.
 */
import type { WindowSeries } from "../../models/run.js";

/** A CSV field: text, a number, or null (empty). */
export type CsvField = string | number | null;

/**
 * A CSV document from a header and rows.
 * @throws RangeError for a row of the wrong length or a NaN (a bug upstream).
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvField[])[]): string {
  const lines = [header.map((h) => field(h)).join(",")];
  rows.forEach((row, i) => {
    if (row.length !== header.length) throw new RangeError(`csv row ${i}: must have ${header.length} fields (got ${row.length})`);
    lines.push(row.map((v, j) => {
      if (typeof v === "number" && Number.isNaN(v)) throw new RangeError(`csv row ${i} column ${header[j]}: NaN`);
      return field(v);
    }).join(","));
  });
  return `${lines.join("\n")}\n`;
}

function field(value: CsvField): string {
  if (value === null) return "";
  const text = typeof value === "number" ? String(value) : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The per-window series of a result as CSV: one row per window, a `startSec` column, then every
 * other series of {@link WindowSeries} in its declared order (rates per second, latencies in
 * seconds, utilization and wasted CPU as fractions, depths and cache entries as window means).
 */
export function timeSeriesCsv(series: WindowSeries): string {
  const keys = (Object.keys(series) as (keyof WindowSeries)[]).filter((k) => k !== "windowSec" && k !== "startSec");
  const rows = series.startSec.map((start, i) => [start, ...keys.map((k) => (series[k] as readonly (number | null)[])[i] ?? null)]);
  return toCsv(["startSec", ...keys], rows);
}
