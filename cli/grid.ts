/**
 * The grid of a sweep: `--vary path=v1,v2,…` (or an integer range `path=lo..hi`) flags, and their
 * cartesian product. Values are kept as typed: each point becomes `--set path=value` overrides,
 * so a value is parsed exactly like a `--set` value (YAML: `8`, `100ms`, `true`, `{a: 1, b: 2}`).
 */
import { parsePath } from "../models/scenario/issues.js";
import { UsageError } from "./errors.js";

/** One varied parameter: its path and its values as typed. */
export interface VaryAxis {
  path: string;
  values: string[];
}

/** One point of the grid: the value of each axis (in axis order), as `path=value` overrides too. */
export interface GridPoint {
  values: Record<string, string>;
  overrides: string[];
}

/** The largest grid a sweep accepts (points); more is almost surely a typo in a range. */
export const MAX_GRID_POINTS = 10_000;

/**
 * Splits a comma-separated list at the commas that are outside brackets, braces and quotes, so
 * that `{a: 1, b: 2},[1, 2]` is two values. Each value is trimmed.
 * @throws UsageError for unbalanced brackets or quotes, or an empty value.
 */
export function splitTopLevel(list: string, flag: string): string[] {
  const values: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i];
    if (quote !== null) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "{" || ch === "[") depth++;
    else if (ch === "}" || ch === "]") depth--;
    else if (ch === "," && depth === 0) {
      values.push(list.slice(start, i).trim());
      start = i + 1;
    }
    if (depth < 0) throw new UsageError(`${flag}: unbalanced brackets in ${JSON.stringify(list)}`);
  }
  if (quote !== null || depth !== 0) throw new UsageError(`${flag}: unbalanced ${quote !== null ? "quotes" : "brackets"} in ${JSON.stringify(list)}`);
  values.push(list.slice(start).trim());
  if (values.some((v) => v === "")) throw new UsageError(`${flag}: empty value in ${JSON.stringify(list)}; expected path=v1,v2,… e.g. fleet.workers=1,2,4`);
  return values;
}

/**
 * An integer range `lo..hi` (inclusive) as its list, or null when `text` is not a range.
 * @throws UsageError naming the flag when lo > hi.
 */
export function integerRange(text: string, flag: string): { lo: number; hi: number } | null {
  const m = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(text);
  if (m === null) return null;
  const lo = Number(m[1]);
  const hi = Number(m[2]);
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo > hi) {
    throw new UsageError(`${flag}: the range ${text.trim()} is empty or too large; expected lo..hi with lo <= hi`);
  }
  return { lo, hi };
}

/**
 * Parses one `--vary` flag: `path=v1,v2,…` or `path=lo..hi` (every integer in between).
 * @throws UsageError naming the flag for a missing "=", a malformed path, an empty value or a bad range.
 */
export function parseVary(text: string): VaryAxis {
  const flag = `--vary ${JSON.stringify(text)}`;
  const eq = text.indexOf("=");
  if (eq <= 0) throw new UsageError(`${flag}: expected path=v1,v2,… or path=lo..hi, e.g. fleet.workers=1,2,4 or fleet.workers=1..8`);
  const path = text.slice(0, eq).trim();
  try {
    parsePath(path);
  } catch (error) {
    throw new UsageError(`${flag}: ${(error as Error).message}`);
  }
  const rest = text.slice(eq + 1);
  const range = integerRange(rest, flag);
  if (range !== null) {
    if (range.hi - range.lo + 1 > MAX_GRID_POINTS) throw new UsageError(`${flag}: ${range.hi - range.lo + 1} values is too many (at most ${MAX_GRID_POINTS})`);
    return { path, values: Array.from({ length: range.hi - range.lo + 1 }, (_, i) => String(range.lo + i)) };
  }
  return { path, values: splitTopLevel(rest, flag) };
}

/**
 * The cartesian product of the axes, the first axis varying slowest (row-major: for two axes
 * a=[1,2], b=[x,y] the points are (1,x), (1,y), (2,x), (2,y)).
 * @throws UsageError if no axis is given, a path is varied twice, or the grid exceeds {@link MAX_GRID_POINTS}.
 */
export function gridPoints(axes: readonly VaryAxis[]): GridPoint[] {
  if (axes.length === 0) throw new UsageError("sweep needs at least one --vary path=v1,v2,…");
  const seen = new Set<string>();
  let size = 1;
  for (const axis of axes) {
    if (seen.has(axis.path)) throw new UsageError(`--vary ${axis.path} is given twice; put all its values in one flag`);
    seen.add(axis.path);
    size *= axis.values.length;
  }
  if (size > MAX_GRID_POINTS) throw new UsageError(`the sweep grid has ${size} points; at most ${MAX_GRID_POINTS}`);
  let points: GridPoint[] = [{ values: {}, overrides: [] }];
  for (const axis of axes) {
    const next: GridPoint[] = [];
    for (const point of points) {
      for (const value of axis.values) {
        next.push({ values: { ...point.values, [axis.path]: value }, overrides: [...point.overrides, `${axis.path}=${value}`] });
      }
    }
    points = next;
  }
  return points;
}
