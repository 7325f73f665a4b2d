import { expect, test } from "vitest";
import { escapeHtml, markdownToHtml } from "../../../sim/report/miniMarkdown.js";

test("escapeHtml escapes the five HTML-significant characters", () => {
  expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
});

test("paragraphs, headings shifted by two levels, and lists become HTML blocks", () => {
  const html = markdownToHtml("# Findings\n\nThe fleet *recovers*\nafter **12 s**.\n\n- one\n- two\n\n1. first\n2. second");
  expect(html).toBe(
    [
      "<h3>Findings</h3>",
      "<p>The fleet <em>recovers</em>\nafter <strong>12 s</strong>.</p>",
      "<ul><li>one</li><li>two</li></ul>",
      "<ol><li>first</li><li>second</li></ol>",
    ].join("\n"),
  );
});

test("raw HTML in Markdown is escaped, never passed through", () => {
  const html = markdownToHtml('<script>alert(1)</script> and <img src="http://x/y.png">');
  expect(html).not.toContain("<script");
  expect(html).not.toContain("<img");
  expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
});

test("code spans and fenced blocks are verbatim and escaped", () => {
  expect(markdownToHtml("run `a*b* <c>` now")).toBe("<p>run <code>a*b* &lt;c&gt;</code> now</p>");
  expect(markdownToHtml("```yaml\nrate: \"5000/s\" # <x>\n```")).toBe('<pre><code class="language-yaml">rate: &quot;5000/s&quot; # &lt;x&gt;</code></pre>');
});

test("links keep http, relative and fragment URLs and drop javascript: URLs to plain text", () => {
  expect(markdownToHtml("[design](https://example.org/a?b=1&c=2)")).toBe('<p><a href="https://example.org/a?b=1&amp;c=2">design</a></p>');
  expect(markdownToHtml("[chart](charts/p99.png) [top](#reproduce)")).toBe('<p><a href="charts/p99.png">chart</a> <a href="#reproduce">top</a></p>');
  expect(markdownToHtml("[click](javascript:alert(1))")).not.toContain("<a");
  expect(markdownToHtml("[click](javascript:alert)")).toBe("<p>click</p>");
});

test("backslash escapes show the literal character", () => {
  expect(markdownToHtml("2 \\* 3 \\*is\\* \\<b\\>")).toBe("<p>2 * 3 *is* &lt;b&gt;</p>");
});

test("block quotes and indented list continuations are kept", () => {
  expect(markdownToHtml("> measured, not modelled")).toBe("<blockquote><p>measured, not modelled</p></blockquote>");
  expect(markdownToHtml("- a long\n  item\n- b")).toBe("<ul><li>a long\nitem</li><li>b</li></ul>");
});

test("a non-string input is rejected", () => {
  expect(() => markdownToHtml(42 as never)).toThrow("markdown: must be a string (got number)");
});
