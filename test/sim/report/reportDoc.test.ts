import { expect, test } from "vitest";
import { checkReportDoc, stripSvgProlog, type ReportDoc, type ReportSection } from "../../../sim/report/reportDoc.js";

const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
const base: ReportDoc = { title: "Report", generatedBy: "shakedown 0.1.0 (abc1234)", reproduceCommand: "shakedown run x.yaml", sections: [] };
const withSection = (section: unknown): ReportDoc => ({ ...base, sections: [section as ReportSection] });

test("a well-formed document with every section kind passes", () => {
  expect(() =>
    checkReportDoc({
      ...base,
      subtitle: "s",
      sections: [
        { kind: "table", title: "t", columns: ["a", "b"], rows: [["x", 1], [null, -Infinity]], note: "n", align: ["left", "right"] },
        { kind: "chart", title: "c", svg: `<?xml version="1.0"?>\n${svg}\n`, pngFile: "charts/c.png", specFile: "../specs/c.json" },
        { kind: "text", markdown: "**hi**" },
        { kind: "text", title: "plain", text: "hi" },
        { kind: "code", title: "scenario", language: "yaml", text: "a: 1" },
      ],
    }),
  ).not.toThrow();
});

test.each([
  [{ ...base, title: " " }, "title: must be a non-empty string"],
  [{ ...base, reproduceCommand: "" }, "reproduceCommand: must be a non-empty string"],
  [withSection({ kind: "table", title: "t", columns: ["a", "b"], rows: [["x"]] }), "sections[0].rows[0]: must be an array of 2 cells (got 1)"],
  [withSection({ kind: "table", title: "t", columns: ["a"], rows: [[Number.NaN]] }), "sections[0].rows[0][0]: must be a string, a number (not NaN) or null (got NaN)"],
  [withSection({ kind: "table", title: "t", columns: ["a"], rows: [], align: ["center"] }), "sections[0].align"],
  [withSection({ kind: "chart", title: "c", svg: "<div>no</div>" }), "sections[0].svg: must be one <svg>…</svg> element"],
  [withSection({ kind: "chart", title: "c", svg: svg.replace("<rect", "<script>alert(1)</script><rect") }), "sections[0].svg: must be free of scripts"],
  [withSection({ kind: "chart", title: "c", svg: svg.replace("<rect", '<image href="https://x/y.png"/><rect') }), "sections[0].svg: must be free of scripts, event handlers and external references"],
  [withSection({ kind: "chart", title: "c", svg: svg.replace("<rect", '<rect onclick="x()"') }), "sections[0].svg: must be free"],
  [withSection({ kind: "chart", title: "c", svg, pngFile: "/abs/c.png" }), "sections[0].pngFile: must be a relative path"],
  [withSection({ kind: "chart", title: "c", svg, specFile: "https://x/c.json" }), "sections[0].specFile: must be a relative path"],
  [withSection({ kind: "text", markdown: "a", text: "b" }), "sections[0]: must be a text section with exactly one of markdown or text"],
  [withSection({ kind: "code", title: "c", language: "y a m l", text: "" }), "sections[0].language"],
  [withSection({ kind: "video", title: "v" }), 'sections[0].kind: must be one of "table", "chart", "text", "code" (got "video")'],
])("malformed document %# is rejected with the path of the problem", (doc, message) => {
  expect(() => checkReportDoc(doc as ReportDoc)).toThrow(RangeError);
  expect(() => checkReportDoc(doc as ReportDoc)).toThrow(message);
});

test("the XML prolog and doctype are stripped from SVG markup", () => {
  expect(stripSvgProlog(`  <?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE svg>\n${svg}\n`)).toBe(svg);
});
