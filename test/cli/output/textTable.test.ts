import { describe, expect, test } from "vitest";
import { textTable } from "../../../cli/output/textTable.js";

describe("textTable", () => {
  test("pads columns to the widest cell, right-aligns numeric columns and draws a rule under the header", () => {
    const text = textTable({ title: "T", columns: ["metric", "mean"], rows: [["p99", "12.5 ms"], ["goodputPerS", "5,000/s"], ["none", null]], note: "n" });
    expect(text).toBe(["T", "", "metric          mean", "───────────  ───────", "p99          12.5 ms", "goodputPerS  5,000/s", "none               —", "", "n", ""].join("\n"));
  });
});
