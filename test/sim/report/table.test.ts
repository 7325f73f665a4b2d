import { expect, test } from "vitest";
import { cellText, columnAlignments, looksNumeric } from "../../../sim/report/table.js";
import type { TableSection } from "../../../sim/report/reportDoc.js";

test("cells show strings as given, numbers formatted and null as an em dash", () => {
  expect(cellText("p99")).toBe("p99");
  expect(cellText(12345.6)).toBe("12,346");
  expect(cellText(null)).toBe("—");
});

test("strings that read as numbers with units, ± or ranges look numeric; words and dates do not", () => {
  for (const text of ["12.3 ms", "95.3%", "5,000/s", "-1.2e-5", "∞", "42 ± 3 ms", "40–44 ms", "1 MiB", ".5", "± 0.4%", "±3 ms", "40.1–44.2 ms"]) expect(looksNumeric(text)).toBe(true);
  for (const text of ["p99", "worker 1", "2026-01-02", "1.2.3", "", "n/a"]) expect(looksNumeric(text)).toBe(false);
});

test("a column is right-aligned when all its non-empty cells are numeric, otherwise left", () => {
  const table: TableSection = {
    kind: "table",
    title: "t",
    columns: ["metric", "value", "formatted", "empty", "mixed"],
    rows: [
      ["p50", 0.012, "12 ms", null, "3"],
      ["p99", null, "—", "", "many"],
    ],
  };
  expect(columnAlignments(table)).toEqual(["left", "right", "right", "left", "left"]);
  expect(columnAlignments({ ...table, align: ["right", "left", "left", "left", "right"] })).toEqual(["right", "left", "left", "left", "right"]);
});
