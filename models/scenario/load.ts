/**
 * Scenario text and values in, canonical {@link Scenario} out, with errors as data
 * ({@link ScenarioError}: one issue per problem, each with its dotted path, and with line and
 * column when the text is known). Also the CLI's `--set path=value` overrides.
 * Browser-safe: no node: imports (file reading is in file.ts, hashing in hash.ts).
 */
import { isMap, LineCounter, parse as parseYaml, parseDocument, type Document } from "yaml";
import { formatFound, formatPath, parsePath, ScenarioError, toScenarioIssues, type ScenarioIssue } from "./issues.js";
import { rawScenarioSchema, scenarioSchema } from "./schema.js";
import type { Scenario } from "./types.js";

/** Text formats of scenario files. */
export type ScenarioFormat = "yaml" | "json";

/**
 * Validates a scenario value (as parsed from YAML or JSON) and returns its canonical form:
 * units converted, defaults filled in (by fleet.software, see defaults.ts). A scenario without a
 * name takes the file name of `source` (without directory and extension), else "scenario".
 * @throws ScenarioError listing every problem, one line each (`fleet.workers: expected an integer >= 1, found 0`),
 *   prefixed by `source` when given.
 */
export function parseScenario(raw: unknown, source?: string): Scenario {
  const result = scenarioSchema.safeParse(raw);
  if (!result.success) throw new ScenarioError(toScenarioIssues(result.error.issues, raw), source);
  const scenario = result.data;
  const hasName = typeof raw === "object" && raw !== null && (raw as Record<string, unknown>).name !== undefined;
  if (!hasName && source !== undefined) scenario.name = scenarioNameFromSource(source);
  return scenario;
}

/** The name a file gives a scenario that has none: its base name without .yaml/.yml/.json. */
export function scenarioNameFromSource(source: string): string {
  return source.replace(/^.*[\\/]/, "").replace(/\.(ya?ml|json)$/i, "");
}

/**
 * The format of a scenario file from its extension: .yaml/.yml → yaml, .json → json.
 * @throws ScenarioError for any other extension.
 */
export function scenarioFormatOf(path: string): ScenarioFormat {
  if (/\.ya?ml$/i.test(path)) return "yaml";
  if (/\.json$/i.test(path)) return "json";
  throw new ScenarioError([{ path: "", message: "unknown file type: expected a .yaml, .yml or .json file" }], path);
}

/** A parsed text: the value, and the YAML document used to find lines and columns (absent if the text did not parse as YAML). */
interface ParsedText {
  raw: unknown;
  document: Document | undefined;
  lineCounter: LineCounter;
}

function parseText(text: string, format: ScenarioFormat, source: string | undefined): ParsedText {
  const lineCounter = new LineCounter();
  // JSON is (nearly) YAML too: the YAML parse gives positions for JSON files' messages.
  const document = parseDocument(text, { lineCounter });
  if (format === "json") {
    try {
      return { raw: JSON.parse(text), document: document.errors.length === 0 ? document : undefined, lineCounter };
    } catch (error) {
      throw new ScenarioError([{ path: "", message: `JSON syntax error: ${(error as Error).message}` }], source);
    }
  }
  if (document.errors.length > 0) {
    const issues: ScenarioIssue[] = document.errors.map((e) => {
      const firstLine = e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
      const issue: ScenarioIssue = { path: "", message: `YAML syntax error: ${firstLine}` };
      if (e.linePos !== undefined) {
        issue.line = e.linePos[0].line;
        issue.column = e.linePos[0].col;
      }
      return issue;
    });
    throw new ScenarioError(issues, source);
  }
  return { raw: document.toJS(), document, lineCounter };
}

/**
 * The value of a scenario text, before validation (for tools that edit or show it).
 * @throws ScenarioError on a YAML or JSON syntax error (YAML errors carry line and column).
 */
export function readScenarioText(text: string, format: ScenarioFormat, source?: string): unknown {
  return parseText(text, format, source).raw;
}

/** Options of {@link loadScenarioText}. */
export interface LoadScenarioTextOptions {
  /** File name or label, used in messages and as the default scenario name. */
  source?: string;
  /** `path=value` overrides applied before validation (see {@link applyOverrides}). */
  overrides?: readonly string[];
}

/**
 * Parses and validates a scenario text (YAML or JSON), applying overrides first.
 * @throws ScenarioError on a syntax error, an override naming a path that does not exist, or an
 *   invalid scenario; issues carry the line and column of the offending key where it is in the text.
 */
export function loadScenarioText(text: string, format: ScenarioFormat, options: LoadScenarioTextOptions = {}): Scenario {
  const parsed = parseText(text, format, options.source);
  const raw = applyOverrides(parsed.raw, options.overrides ?? []);
  try {
    return parseScenario(raw, options.source);
  } catch (error) {
    if (!(error instanceof ScenarioError) || parsed.document === undefined) throw error;
    const located = error.issues.map((issue) => locate(issue, parsed.document!, parsed.lineCounter));
    throw new ScenarioError(located, options.source);
  }
}

/** The issue with the line and column of the deepest part of its path present in the document. */
function locate(issue: ScenarioIssue, document: Document, lineCounter: LineCounter): ScenarioIssue {
  let segments: (string | number)[];
  try {
    segments = issue.path === "" ? [] : parsePath(issue.path);
  } catch {
    return issue;
  }
  for (let n = segments.length; n >= 1; n--) {
    const parent = n === 1 ? document.contents : document.getIn(segments.slice(0, n - 1), true);
    const last = segments[n - 1];
    let offset: number | undefined;
    if (isMap(parent) && typeof last === "string") {
      const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === last);
      offset = (pair?.key as { range?: [number, number, number] } | null)?.range?.[0];
    } else {
      const node = document.getIn(segments.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      offset = node?.range?.[0];
    }
    if (offset !== undefined) {
      const pos = lineCounter.linePos(offset);
      return { ...issue, line: pos.line, column: pos.col };
    }
  }
  return issue;
}

/**
 * Applies CLI-style overrides to a scenario value and returns the changed copy (the input is not
 * modified). Each override is `path=value`: a dotted path with [i] for list items
 * (`fleet.workers=8`, `load.phases[0].rate=900/s`, `clients.timeout=200ms`), and a value read as
 * YAML (`8` is a number, `true` a boolean, `200ms` a string, `{zipf: 1.1}` an object). Missing
 * objects and lists on the way are created; a list index may be at most the list's length (append).
 * @throws ScenarioError for a malformed override, a path through a value that is not an object or
 *   list, an index past the end, or a path that the schema does not have (`unknown key "workes"
 *   (did you mean "workers"?) ...`). Other problems with the values are left to parseScenario.
 */
export function applyOverrides(raw: unknown, overrides: readonly string[]): unknown {
  if (overrides.length === 0) return raw;
  const root: unknown = raw === undefined || raw === null ? {} : structuredClone(raw);
  if (typeof root !== "object" || Array.isArray(root)) {
    throw new ScenarioError([{ path: "", message: `cannot apply --set to a scenario that is not an object, found ${formatFound(raw)}` }]);
  }
  const applied: { path: string; override: string }[] = [];
  const problems: ScenarioIssue[] = [];
  for (const override of overrides) {
    const eq = override.indexOf("=");
    if (eq <= 0) {
      problems.push({ path: "", message: `--set ${JSON.stringify(override)}: expected <path>=<value>, e.g. fleet.workers=8` });
      continue;
    }
    const pathText = override.slice(0, eq).trim();
    let segments: (string | number)[];
    let value: unknown;
    try {
      segments = parsePath(pathText);
      value = parseYaml(override.slice(eq + 1));
    } catch (error) {
      problems.push({ path: "", message: `--set ${JSON.stringify(override)}: ${(error as Error).message.split("\n")[0]}` });
      continue;
    }
    const problem = setAt(root as Record<string, unknown>, segments, value);
    if (problem !== undefined) problems.push({ path: problem.path, message: `${problem.message} (in --set ${override})` });
    else applied.push({ path: formatPath(segments), override });
  }
  problems.push(...pathProblems(root, applied));
  if (problems.length > 0) throw new ScenarioError(problems);
  return root;
}

/** Sets `value` at `segments`, creating missing containers; returns a problem instead of throwing. */
function setAt(root: Record<string, unknown>, segments: (string | number)[], value: unknown): { path: string; message: string } | undefined {
  let node: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    const key = segments[i]!;
    const here = formatPath(segments.slice(0, i));
    if (typeof key === "number") {
      if (!Array.isArray(node)) return { path: here, message: `is not a list, found ${formatFound(node)}: [${key}] does not apply` };
      if (key > node.length) return { path: here, message: `has ${node.length} items: index ${key} is past the end (use at most [${node.length}] to append)` };
    } else if (Array.isArray(node)) {
      return { path: here, message: `is a list: use an index such as ${here}[0].${key}` };
    }
    const container = node as Record<string | number, unknown>;
    if (i === segments.length - 1) {
      container[key] = value;
      return undefined;
    }
    let next = container[key];
    if (next === undefined || next === null) {
      next = typeof segments[i + 1] === "number" ? [] : {};
      container[key] = next;
    } else if (typeof next !== "object") {
      const at = formatPath(segments.slice(0, i + 1));
      return { path: at, message: `is ${formatFound(next)}, not an object or list: set it whole instead, e.g. ${at}={...}` };
    }
    node = next;
  }
  return undefined;
}

/** Issues that show an override's path does not exist in the schema (an unknown key on it, or a non-object on the way). */
function pathProblems(root: unknown, applied: readonly { path: string; override: string }[]): ScenarioIssue[] {
  if (applied.length === 0) return [];
  const result = rawScenarioSchema.safeParse(root);
  if (result.success) return [];
  const problems: ScenarioIssue[] = [];
  for (const issue of toScenarioIssues(result.error.issues, root)) {
    const match = applied.find(({ path }) => {
      const strictPrefix = path.startsWith(`${issue.path}.`) || path.startsWith(`${issue.path}[`);
      return strictPrefix || (path === issue.path && issue.message.startsWith("unknown key"));
    });
    if (match !== undefined) problems.push({ ...issue, message: `${issue.message} (in --set ${match.override})` });
  }
  return problems;
}
