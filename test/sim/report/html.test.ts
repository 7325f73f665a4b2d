import { expect, test } from "vitest";
import { prefixSvgIds, reportToHtml } from "../../../sim/report/html.js";
import type { ReportDoc } from "../../../sim/report/reportDoc.js";

// A vega-like SVG: a clip path defined by id and referenced with url(#…), as vega writes them.
const chartSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50" viewBox="0 0 100 50"><defs><clipPath id="clip1"><rect width="100" height="50"/></clipPath></defs>' +
  '<g clip-path="url(#clip1)"><path class="mark-line" d="M0,0L100,50"/></g><use href="#clip1"/><g fill="url(#gradient_other)"/></svg>';

function doc(overrides: Partial<ReportDoc> = {}): ReportDoc {
  return {
    title: "Retry storm <script>alert(1)</script>",
    subtitle: "Spike & recovery",
    generatedBy: "shakedown 0.1.0 (abc1234)",
    reproduceCommand: "shakedown run presets/retry-storm.yaml --seed 1 --out 'reports/a b' && echo \"<done>\"",
    sections: [
      { kind: "table", title: "Summary", columns: ["metric", "mean", "95 % CI"], rows: [["p99 <wait>", 0.0421, "40–44 ms"], ["goodput", 4999.6, null]], note: "20 replications" },
      { kind: "chart", title: "p99 over time", svg: chartSvg, pngFile: "charts/p99 over time.png", specFile: "charts/p99.vl.json", note: "Shaded: 95 % CI." },
      { kind: "chart", title: "Queue", svg: `<?xml version="1.0" encoding="utf-8"?>\n${chartSvg}` },
      { kind: "text", title: "Findings", markdown: "The fleet **does not** recover.\n\n- retries: *3*" },
      { kind: "text", text: "Plain <b>text</b>\nsecond line\n\nnew paragraph" },
      { kind: "code", title: "Scenario", language: "yaml", text: 'load:\n  base: "900/s" # <spike>\n' },
    ],
    ...overrides,
  };
}

test("a <script> in a title is escaped everywhere and the page contains no script element", () => {
  const html = reportToHtml(doc());
  expect(html).not.toMatch(/<script/i);
  expect(html).toContain("<title>Retry storm &lt;script&gt;alert(1)&lt;/script&gt;</title>");
  expect(html).toContain("<h1>Retry storm &lt;script&gt;alert(1)&lt;/script&gt;</h1>");
  expect(html).toContain('<p class="subtitle">Spike &amp; recovery</p>');
});

test("the page is self-contained: inline style, a CSP forbidding fetches, and no external resource", () => {
  const html = reportToHtml(doc());
  expect(html.startsWith("<!DOCTYPE html>\n")).toBe(true);
  expect(html.endsWith("</html>\n")).toBe(true);
  expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  expect(html).toContain("<style>");
  expect(html).not.toMatch(/<link|<img|<iframe|\ssrc=|@import|url\(\s*['"]?https?:/i);
  // The only absolute URLs are XML namespace names inside the inline SVGs.
  const urls = html.match(/https?:\/\/[^"'\s)]+/g) ?? [];
  expect(new Set(urls)).toEqual(new Set(["http://www.w3.org/2000/svg"]));
});

test("the reproduce command is escaped verbatim in a pre, without a prompt", () => {
  const html = reportToHtml(doc());
  expect(html).toContain(
    `<pre class="command"><code>shakedown run presets/retry-storm.yaml --seed 1 --out &#39;reports/a b&#39; &amp;&amp; echo &quot;&lt;done&gt;&quot;</code></pre>`,
  );
});

test("tables format numbers, show null as an em dash and right-align numeric columns", () => {
  const html = reportToHtml(doc());
  expect(html).toContain('<thead><tr><th scope="col">metric</th><th scope="col" class="num">mean</th><th scope="col" class="num">95 % CI</th></tr></thead>');
  expect(html).toContain('<tr><td>p99 &lt;wait&gt;</td><td class="num">0.0421</td><td class="num">40–44 ms</td></tr>');
  expect(html).toContain('<tr><td>goodput</td><td class="num">5,000</td><td class="num">—</td></tr>');
  expect(html).toContain('<p class="note">20 replications</p>');
});

test("charts are inlined with their ids prefixed per chart, and link the PNG and spec files", () => {
  const html = reportToHtml(doc());
  expect(html).toContain('<clipPath id="chart1-clip1">');
  expect(html).toContain('clip-path="url(#chart1-clip1)"');
  expect(html).toContain('<clipPath id="chart2-clip1">');
  expect(html).toContain('<use href="#chart2-clip1"/>');
  expect(html).not.toContain('id="clip1"');
  expect(html).not.toContain("<?xml");
  expect(html).toContain('<figcaption>Shaded: 95 % CI. (<a href="charts/p99%20over%20time.png">PNG</a>, <a href="charts/p99.vl.json">vega-lite spec</a>)</figcaption>');
});

test("prefixing leaves references to ids the SVG does not define untouched", () => {
  expect(prefixSvgIds(chartSvg, "c-")).toContain('fill="url(#gradient_other)"');
  expect(prefixSvgIds("<svg><g/></svg>", "c-")).toBe("<svg><g/></svg>");
});

test("Markdown text is rendered safely, plain text becomes escaped paragraphs, code keeps its language", () => {
  const html = reportToHtml(doc());
  expect(html).toContain("<p>The fleet <strong>does not</strong> recover.</p>\n<ul><li>retries: <em>3</em></li></ul>");
  expect(html).toContain("<p>Plain &lt;b&gt;text&lt;/b&gt;<br>\nsecond line</p>\n<p>new paragraph</p>");
  expect(html).toContain('<pre><code class="language-yaml">load:\n  base: &quot;900/s&quot; # &lt;spike&gt;\n</code></pre>');
});

test("sections get ids in order and the footer names the generator", () => {
  const html = reportToHtml(doc());
  const ids = [...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1]);
  expect(ids).toEqual(["reproduce", "section-1", "section-2", "section-3", "section-4", "section-5", "section-6"]);
  expect(html).toContain("<footer>Generated by shakedown 0.1.0 (abc1234).</footer>");
});

test("the same document gives byte-identical HTML", () => {
  expect(reportToHtml(doc())).toBe(reportToHtml(doc()));
});

test("a malformed document is rejected before anything is written", () => {
  expect(() => reportToHtml(doc({ sections: [{ kind: "table", title: "t", columns: ["a", "b"], rows: [["x"]] }] }))).toThrow("sections[0].rows[0]: must be an array of 2 cells (got 1)");
  expect(() => reportToHtml(doc({ sections: [{ kind: "chart", title: "c", svg: "<svg><script>x</script></svg>" }] }))).toThrow(RangeError);
});
