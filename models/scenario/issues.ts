/**
 * Scenario errors as data: {@link ScenarioError} carries one {@link ScenarioIssue} per problem,
 * each with its file path in dotted form (`fleet.sessionCache.capacity`, `load.phases[2].at`), a
 * message saying what is allowed, and the value found. This module turns Zod issues into that form:
 * unions report the branch that matches the value's shape, unknown keys list the allowed keys with
 * a "did you mean" suggestion. Browser-safe: no node: imports.
 */
import type { z } from "zod";
import { ALLOWED_KEYS_PREFIX } from "./fields.js";

/** One problem in a scenario. `line`/`column` (1-based) are set when the source text is known (YAML). */
export interface ScenarioIssue {
  /** Dotted path with [i] for list items, e.g. `load.spikes[0].for`; "" for the whole file. */
  path: string;
  /** What is wrong and what is allowed, e.g. `expected an integer >= 1, found 0`. */
  message: string;
  /** The value at `path` in the input, when there is one. */
  found?: unknown;
  line?: number;
  column?: number;
}

/**
 * A scenario that cannot be used. `message` has one line per issue:
 * `[<source>[:line:col]: ]<path>: <message>`.
 */
export class ScenarioError extends Error {
  readonly issues: ScenarioIssue[];
  /** File name or other label of the scenario's origin, if known. */
  readonly source: string | undefined;
  constructor(issues: ScenarioIssue[], source?: string) {
    super(issues.map((issue) => formatIssue(issue, source)).join("\n"));
    this.name = "ScenarioError";
    this.issues = issues;
    this.source = source;
  }
}

/** One issue as a line: `[<source>[:line:col]: ]<path>: <message>` (the path is left out for a whole-file issue). */
export function formatIssue(issue: ScenarioIssue, source?: string): string {
  const where =
    source === undefined ? "" : issue.line === undefined ? `${source}: ` : `${source}:${issue.line}:${issue.column ?? 1}: `;
  return `${where}${issue.path === "" ? "" : `${issue.path}: `}${issue.message}`;
}

/** A path as segments (keys and indices), as Zod reports it. */
export type PathSegments = readonly PropertyKey[];

/** Dotted form of a path: `a.b[0].c`; "" for the root. */
export function formatPath(segments: PathSegments): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else out += out === "" ? String(s) : `.${String(s)}`;
  }
  return out;
}

/**
 * Segments of a dotted path (`load.phases[0].at` → ["load", "phases", 0, "at"]).
 * Keys are letters, digits, `_`, `-` and `$`; indices are whole numbers in brackets.
 * @throws Error naming the path if it is empty or malformed.
 */
export function parsePath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  const pattern = /([A-Za-z_$][\w$-]*)|\[(\d+)\]|(\.)/y;
  let expectKey = true;
  let index = 0;
  while (index < path.length) {
    pattern.lastIndex = index;
    const m = pattern.exec(path);
    if (m === null) throw new Error(`malformed path ${JSON.stringify(path)} at character ${index + 1}: use keys and [i], e.g. load.phases[0].at`);
    if (m[1] !== undefined) {
      if (!expectKey) throw new Error(`malformed path ${JSON.stringify(path)}: a "." is missing before ${JSON.stringify(m[1])}`);
      segments.push(m[1]);
      expectKey = false;
    } else if (m[2] !== undefined) {
      if (segments.length === 0 || expectKey) throw new Error(`malformed path ${JSON.stringify(path)}: [${m[2]}] must follow a key`);
      segments.push(Number(m[2]));
    } else {
      if (expectKey) throw new Error(`malformed path ${JSON.stringify(path)}: empty key`);
      expectKey = true;
    }
    index = pattern.lastIndex;
  }
  if (segments.length === 0 || expectKey) throw new Error(`malformed path ${JSON.stringify(path)}: use keys and [i], e.g. fleet.workers or load.phases[0].at`);
  return segments;
}

/** The value at `segments` in a plain JSON-like tree, or undefined when any step is missing. */
export function valueAt(root: unknown, segments: PathSegments): unknown {
  let node = root;
  for (const s of segments) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[s];
  }
  return node;
}

/** A found value for a message: strings quoted, numbers as written (NaN, Infinity), objects as short JSON. */
export function formatFound(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Edit distance (Levenshtein) between two short strings. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The allowed key closest to a misspelt one (case-insensitive, edit distance <= max(2, length/3)), if any. */
export function suggestKey(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

type ZodIssue = z.core.$ZodIssue;

/** Does a branch's issue say more than "this branch has the wrong type"? */
function isRelevant(issue: ZodIssue): boolean {
  if (issue.path.length > 0 || issue.code === "unrecognized_keys" || issue.code === "custom") return true;
  if (issue.code === "invalid_union") return issue.errors.some((branch) => branch.some(isRelevant));
  return false;
}

/**
 * Scenario issues from Zod issues. `raw` is the parsed input (for the values found); `base` is
 * prefixed to every path (used when descending into union branches).
 */
export function toScenarioIssues(issues: readonly ZodIssue[], raw: unknown, base: PathSegments = []): ScenarioIssue[] {
  const out: ScenarioIssue[] = [];
  for (const issue of issues) convertIssue(issue, raw, base, out);
  return out;
}

function withFound(path: PathSegments, message: string, raw: unknown): ScenarioIssue {
  const found = valueAt(raw, path);
  const issue: ScenarioIssue = { path: formatPath(path), message };
  if (found !== undefined) issue.found = found;
  return issue;
}

function convertIssue(issue: ZodIssue, raw: unknown, base: PathSegments, out: ScenarioIssue[]): void {
  const path = [...base, ...issue.path];
  switch (issue.code) {
    case "custom":
      out.push(withFound(path, issue.message, raw));
      return;
    case "unrecognized_keys": {
      const allowed = issue.message.startsWith(ALLOWED_KEYS_PREFIX)
        ? issue.message.slice(ALLOWED_KEYS_PREFIX.length).split(", ")
        : [];
      for (const key of issue.keys) {
        const suggestion = suggestKey(key, allowed);
        const hint = suggestion === undefined ? "" : ` (did you mean ${JSON.stringify(suggestion)}?)`;
        const list = allowed.length > 0 ? `; ${ALLOWED_KEYS_PREFIX}${allowed.join(", ")}` : "";
        out.push(withFound([...path, key], `unknown key ${JSON.stringify(key)}${hint}${list}`, raw));
      }
      return;
    }
    case "invalid_union": {
      const relevant = issue.errors.filter((branch) => branch.some(isRelevant));
      if (relevant.length > 0) {
        // The first branch whose shape matched (in schema order) explains the problem best.
        for (const sub of relevant[0]!) convertIssue(sub, raw, path, out);
        return;
      }
      out.push(describeMismatch(path, issue.message, raw));
      return;
    }
    default:
      out.push(describeMismatch(path, issue.message, raw));
  }
}

/** `expected ..., found X`, or `required; expected ...` when nothing is there. */
function describeMismatch(path: PathSegments, expected: string, raw: unknown): ScenarioIssue {
  const found = valueAt(raw, path);
  if (found === undefined) return { path: formatPath(path), message: `required; ${expected}` };
  return { path: formatPath(path), message: `${expected}, found ${formatFound(found)}`, found };
}
