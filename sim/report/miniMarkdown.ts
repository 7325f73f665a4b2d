/**
 * A small, safe Markdown-to-HTML converter for the prose sections of HTML reports, so a text
 * section written once in Markdown reads the same in both outputs without a Markdown library.
 *
 * Supported (CommonMark subset): paragraphs, ATX headings (`#`…`######`, shifted down two levels
 * because the report uses h1 and h2), `-`/`*`/`+` and `1.` lists (one level), `>` quotes, fenced
 * code blocks (``` or ~~~), and inline `code`, **strong**, *emphasis*, [links](url) and backslash
 * escapes. Everything else is shown as text. All text is HTML-escaped; links are kept only for
 * http(s), mailto, fragment and relative URLs (javascript: and other schemes become plain text),
 * and nothing is ever loaded (no images). Browser-safe.
 */

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

const FENCE = /^(```+|~~~+)\s*([A-Za-z0-9+_-]*)\s*$/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const ORDERED = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;

/**
 * Converts Markdown (the subset above) to an HTML fragment. Deterministic; never throws on any
 * string input.
 * @throws RangeError if `markdown` is not a string.
 */
export function markdownToHtml(markdown: string): string {
  if (typeof markdown !== "string") throw new RangeError(`markdown: must be a string (got ${typeof markdown})`);
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const out: string[] = [];
  let paragraph: string[] = [];
  let list: { tag: "ul" | "ol"; items: string[] } | null = null;
  let quote: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0) out.push(`<p>${inline(paragraph.join("\n"))}</p>`);
    if (list !== null) out.push(`<${list.tag}>${list.items.map((item) => `<li>${inline(item)}</li>`).join("")}</${list.tag}>`);
    if (quote.length > 0) out.push(`<blockquote><p>${inline(quote.join("\n"))}</p></blockquote>`);
    paragraph = [];
    list = null;
    quote = [];
  };
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const marker = fence[1] as string;
      const body: string[] = [];
      i += 1;
      while (i < lines.length && !(lines[i] as string).trim().startsWith(marker)) body.push(lines[i++] as string);
      const cls = fence[2] ? ` class="language-${escapeHtml(fence[2])}"` : "";
      out.push(`<pre><code${cls}>${escapeHtml(body.join("\n"))}</code></pre>`);
      continue;
    }
    if (line.trim() === "") {
      flush();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      const level = Math.min(6, (heading[1] as string).length + 2);
      out.push(`<h${level}>${inline(heading[2] as string)}</h${level}>`);
      continue;
    }
    const bullet = BULLET.exec(line);
    const ordered = bullet ? null : ORDERED.exec(line);
    if (bullet || ordered) {
      const tag = bullet ? "ul" : "ol";
      if (paragraph.length > 0 || quote.length > 0 || (list !== null && list.tag !== tag)) flush();
      list ??= { tag, items: [] };
      list.items.push(((bullet ?? ordered) as RegExpExecArray)[1] as string);
      continue;
    }
    const quoted = QUOTE.exec(line);
    if (quoted) {
      if (paragraph.length > 0 || list !== null) flush();
      quote.push(quoted[1] as string);
      continue;
    }
    if (list !== null && /^\s+\S/.test(line)) {
      list.items[list.items.length - 1] += `\n${line.trim()}`;
      continue;
    }
    if (list !== null || quote.length > 0) flush();
    paragraph.push(line.trim());
  }
  flush();
  return out.join("\n");
}

const ESCAPABLE = /\\([\\`*_[\]{}()#+\-.!<>|~&"'])/g;
const SAFE_URL = /^(?:https?:\/\/|mailto:|#|[^:]*$)/i;

/** Inline Markdown → HTML: code spans first (verbatim), then escapes, links, strong, emphasis. */
function inline(text: string): string {
  const parts = text.split(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/);
  let html = "";
  // split with two capture groups yields [text, ticks, code, text, ticks, code, …]
  for (let i = 0; i < parts.length; i += 3) {
    html += formatText(parts[i] as string);
    if (i + 2 < parts.length) html += `<code>${escapeHtml((parts[i + 2] as string).trim())}</code>`;
  }
  return html;
}

function formatText(text: string): string {
  const literals: string[] = [];
  const protect = (s: string): string => `\uE000${literals.push(s) - 1}\uE001`;
  // The private-use markers below delimit protected pieces; drop any that the input carries.
  let s = text.replace(/[\uE000\uE001]/g, "").replace(ESCAPABLE, (_m, c: string) => protect(escapeHtml(c)));
  s = escapeHtml(s);
  s = s.replace(/\[([^\]]+)\]\(([^()\s]+)\)/g, (_m, label: string, url: string) => {
    const raw = url.replace(/&amp;/g, "&");
    return SAFE_URL.test(raw) ? protect(`<a href="${url}">${emphasis(label)}</a>`) : label;
  });
  s = emphasis(s);
  // A link's label may itself hold protected escapes: restore until none is left (depth ≤ 2).
  while (/\uE000\d+\uE001/.test(s)) s = s.replace(/\uE000(\d+)\uE001/g, (_m, n: string) => literals[Number(n)] as string);
  return s;
}

function emphasis(s: string): string {
  return s.replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, "<strong>$1</strong>").replace(/\*(?=\S)([^*]*?\S)\*/g, "<em>$1</em>");
}
