/**
 * Canonical JSON: the same value always gives the same bytes.
 *
 * Object keys are written in sorted order (so the bytes never depend on the order in which a
 * result was assembled, e.g. by worker threads finishing in a different order); numbers use
 * ECMAScript's Number::toString, which the language specifies exactly (shortest round-trip form),
 * so they are identical on every conforming engine. NaN is a bug and throws; ±Infinity, which JSON
 * cannot express, is written as the strings "Infinity" / "-Infinity"; undefined object fields are
 * omitted (as JSON.stringify does).
 */
import { InvariantError } from "../errors.js";

/**
 * Serialises `value` canonically. `indent` spaces per level (0 = one line).
 * @throws InvariantError on NaN, on a cycle, or on a value JSON cannot hold (function, symbol, bigint).
 */
export function stableStringify(value: unknown, indent = 2): string {
  const out: string[] = [];
  write(value, "", indent, out, new Set(), "$");
  return out.join("");
}

function write(v: unknown, pad: string, indent: number, out: string[], seen: Set<object>, path: string): void {
  if (v === null) {
    out.push("null");
    return;
  }
  switch (typeof v) {
    case "number":
      if (Number.isNaN(v)) throw new InvariantError(`NaN in result at ${path}`);
      out.push(v === Infinity ? '"Infinity"' : v === -Infinity ? '"-Infinity"' : JSON.stringify(v));
      return;
    case "string":
    case "boolean":
      out.push(JSON.stringify(v));
      return;
    case "object":
      break;
    default:
      throw new InvariantError(`cannot serialise a ${typeof v} at ${path}`);
  }
  const obj = v as object;
  if (seen.has(obj)) throw new InvariantError(`cycle in result at ${path}`);
  seen.add(obj);
  const inner = indent > 0 ? pad + " ".repeat(indent) : "";
  const nl = indent > 0 ? "\n" : "";
  const colon = indent > 0 ? ": " : ":";
  if (Array.isArray(obj)) {
    if (obj.length === 0) out.push("[]");
    else {
      out.push("[", nl);
      for (let i = 0; i < obj.length; i++) {
        out.push(inner);
        write(obj[i] === undefined ? null : obj[i], inner, indent, out, seen, `${path}[${i}]`);
        out.push(i < obj.length - 1 ? "," : "", nl);
      }
      out.push(pad, "]");
    }
  } else {
    const rec = obj as Record<string, unknown>;
    const keys = Object.keys(rec).filter((k) => rec[k] !== undefined).sort();
    if (keys.length === 0) out.push("{}");
    else {
      out.push("{", nl);
      keys.forEach((k, i) => {
        out.push(inner, JSON.stringify(k), colon);
        write(rec[k], inner, indent, out, seen, `${path}.${k}`);
        out.push(i < keys.length - 1 ? "," : "", nl);
      });
      out.push(pad, "}");
    }
  }
  seen.delete(obj);
}
