/**
 * Reading the validation harness's `validation.json` (issue 5: `points`, each with experiment,
 * server, offered load, metric, predicted, measured, relative error and valid with a reason; and
 * `verdicts`, each with claim, verdict and evidence) into a fixed shape for the notebooks, without
 * depending on validate/ code. The reader is tolerant: it accepts the field spellings listed on
 * each field below, numbers or {mean}/{value} objects, and skips (and counts) points it cannot read.
 * Pure and browser-safe.
 */
import type { ValueUnit } from "../sim/charts/units.js";

/** One predicted-versus-measured point. */
export interface ValidationPoint {
  experiment: string;
  server: string;
  metric: string;
  /** Offered load (new connections per second), when the point states one. */
  offeredPerS: number | null;
  predicted: number | null;
  measured: number | null;
  /** (predicted − measured) / measured as given, else computed; null when measured is 0 or missing. */
  relativeError: number | null;
  valid: boolean;
  reason: string | null;
}

/** One seed claim and its measured verdict. */
export interface ValidationVerdict {
  claim: string;
  verdict: string;
  evidence: string;
}

/** What the notebooks get: the points and verdicts of the latest run, or where they looked. */
export type ValidationData =
  | { present: false; searched: string[] }
  | { present: true; source: string; generatedAt: string | null; machine: string | null; points: ValidationPoint[]; verdicts: ValidationVerdict[]; skipped: number };

type Rec = Record<string, unknown>;

const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);

function pick(rec: Rec, keys: readonly string[]): unknown {
  for (const k of keys) if (rec[k] !== undefined && rec[k] !== null) return rec[k];
  return undefined;
}

/** A number from a number, a numeric string with an optional unit suffix ("3000/s", "12ms" → seconds), or {mean}/{value}/{median}. */
export function readNumber(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string") {
    const m = /^\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*(ms|us|µs|s|\/s|%)?\s*$/i.exec(v);
    if (m === null) return null;
    const x = Number(m[1]);
    const unit = (m[2] ?? "").toLowerCase();
    return unit === "ms" ? x / 1000 : unit === "us" || unit === "µs" ? x / 1e6 : unit === "%" ? x / 100 : x;
  }
  if (isRec(v)) return readNumber(pick(v, ["mean", "value", "median", "ratePerSec"]));
  return null;
}

function readText(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
}

/**
 * One point, or null if it has no metric or neither a predicted nor a measured value.
 * Fields: experiment|name|id, server|software|target, metric|measure, offered|offeredPerS|offeredLoad|offeredLoadPerS|ratePerSec|rate|load,
 * predicted|prediction|simulated, measured|measurement|observed, relativeError|relError|error,
 * valid (boolean, or {valid|ok, reason}), reason|invalidReason|why.
 */
export function readPoint(raw: unknown): ValidationPoint | null {
  if (!isRec(raw)) return null;
  const metric = readText(pick(raw, ["metric", "measure"]));
  const predicted = readNumber(pick(raw, ["predicted", "prediction", "simulated"]));
  const measured = readNumber(pick(raw, ["measured", "measurement", "observed"]));
  if (metric === null || (predicted === null && measured === null)) return null;
  const validRaw = raw.valid;
  let valid = true;
  let reason = readText(pick(raw, ["reason", "invalidReason", "why"]));
  if (typeof validRaw === "boolean") valid = validRaw;
  else if (isRec(validRaw)) {
    const flag = pick(validRaw, ["valid", "ok", "value"]);
    valid = flag === undefined ? true : flag === true;
    reason = reason ?? readText(validRaw.reason);
  }
  const given = readNumber(pick(raw, ["relativeError", "relError", "error"]));
  const computed = predicted !== null && measured !== null && measured !== 0 ? (predicted - measured) / measured : null;
  return {
    experiment: readText(pick(raw, ["experiment", "name", "id"])) ?? "experiment",
    server: readText(pick(raw, ["server", "software", "target"])) ?? "server",
    metric,
    offeredPerS: readNumber(pick(raw, ["offered", "offeredPerS", "offeredLoad", "offeredLoadPerS", "ratePerSec", "rate", "load"])),
    predicted,
    measured,
    relativeError: given ?? computed,
    valid,
    reason,
  };
}

/** One verdict, or null without a claim. Fields: claim|name, verdict|result|status, evidence|details|note (text, or JSON of anything else). */
export function readVerdict(raw: unknown): ValidationVerdict | null {
  if (!isRec(raw)) return null;
  const claim = readText(pick(raw, ["claim", "name"]));
  if (claim === null) return null;
  const evidence = pick(raw, ["evidence", "details", "note"]);
  return {
    claim,
    verdict: readText(pick(raw, ["verdict", "result", "status"])) ?? "—",
    evidence: evidence === undefined ? "" : (readText(evidence) ?? JSON.stringify(evidence)),
  };
}

/**
 * The notebook shape of a parsed validation.json found at `source` (a path shown to readers).
 * Unreadable points are skipped and counted; a file without `points` gives none.
 */
export function normalizeValidation(raw: unknown, source: string): Extract<ValidationData, { present: true }> {
  const rec = isRec(raw) ? raw : {};
  const rawPoints = Array.isArray(rec.points) ? rec.points : [];
  const points = rawPoints.map(readPoint).filter((p): p is ValidationPoint => p !== null);
  const verdicts = (Array.isArray(rec.verdicts) ? rec.verdicts : []).map(readVerdict).filter((v): v is ValidationVerdict => v !== null);
  const machine = pick(rec, ["machine", "host"]);
  return {
    present: true,
    source,
    generatedAt: readText(pick(rec, ["generatedAt", "date", "timestamp", "created"])),
    machine: machine === undefined ? null : (readText(machine) ?? JSON.stringify(machine)),
    points,
    verdicts,
    skipped: rawPoints.length - points.length,
  };
}

/** Points grouped by experiment, server and metric (in first-seen order), each group sorted by offered load. */
export function groupPoints(points: readonly ValidationPoint[]): { experiment: string; server: string; metric: string; points: ValidationPoint[] }[] {
  const groups = new Map<string, { experiment: string; server: string; metric: string; points: ValidationPoint[] }>();
  for (const p of points) {
    const key = JSON.stringify([p.experiment, p.server, p.metric]);
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { experiment: p.experiment, server: p.server, metric: p.metric, points: [] }));
    g.points.push(p);
  }
  for (const g of groups.values()) g.points.sort((a, b) => (a.offeredPerS ?? 0) - (b.offeredPerS ?? 0));
  return [...groups.values()];
}

/** A display unit for a metric name: latencies and times in seconds, rates and ratios by name, else a count. */
export function unitOfMetric(metric: string): ValueUnit {
  const m = metric.toLowerCase();
  if (/latency|p50|p90|p99|p999|median|time|delay|sec$|\bs$/.test(m)) return "s";
  if (/resum|ratio|fraction|utili|share|hitrate|hit rate/.test(m)) return "fraction";
  if (/persec|per_s|\/s|goodput|throughput|capacity|rate/.test(m)) return "/s";
  return "count";
}

/**
 * The evidence about Node's session handling (seed 000's "100-connection wall"): points measured on
 * a Node server about resumption, sessions or stores, and the verdicts whose claim mentions Node,
 * seed 000, 100 entries or maxSessionSize.
 */
export function nodeSessionEvidence(data: ValidationData): { points: ValidationPoint[]; verdicts: ValidationVerdict[] } {
  if (!data.present) return { points: [], verdicts: [] };
  const points = data.points.filter((p) => /node/i.test(p.server) && /resum|session|store|cache|wall/i.test(`${p.experiment} ${p.metric}`));
  const verdicts = data.verdicts.filter((v) => /seed 000|\b100\b|maxSessionSize|node/i.test(v.claim));
  return { points, verdicts };
}
