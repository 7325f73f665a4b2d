/**
 * Why a valid point missed its tolerance, in the words the report prints beside it. It says what
 * the stored data say:
 * - whether the prediction lies inside the measured repeats' range, which holds the measured median
 *   with a stated confidence ({@link rangeCoversMedian}); if it does, the repeats differ among
 *   themselves by more than the tolerance;
 * - or that only one repeat was usable;
 * - how many repeats held against their own paired replication (results since 2026-11-22 11:10);
 * - how busy the server was, and how much the wait moves with its speed there ({@link waitElasticity});
 * - whether the prediction without the speed traces held;
 * - for a retry storm whose recovery differs in kind, in how many of the simulated realizations it
 *   recovered and what each server completed during the spike.
 * Pure functions over validation.json's records; no measurement.
 */
import { median } from "simple-statistics";
import { formatNumber } from "../sim/report/format.js";
import { SPIKE_GOODPUT_METRIC } from "./experiments.js";
import { compareValues } from "./metrics.js";
import type { PointRunRecord, ValidationPoint } from "./result.js";

/**
 * The confidence with which the range [min, max] of n independent values covers the median of
 * their distribution: 1 − 2^(1−n) (the range misses the median only when all n values fall on one
 * side of it, each with probability ½). The distribution-free order-statistic interval for a
 * median (Conover, Practical Nonparametric Statistics, 3rd ed., 1999, §3.2), with the extreme order
 * statistics: 0.5 for 2 values, 0.75 for 3, 0.875 for 4, 0.9375 for 5.
 * @throws RangeError unless n is an integer ≥ 2.
 */
export function rangeCoversMedian(n: number): number {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`n: the range of ${n} values covers nothing; need an integer of at least 2`);
  return 1 - 2 ** (1 - n);
}

/**
 * How many times faster than the utilization the queueing wait grows near it: d ln W / d ln ρ =
 * 1 / (1 − ρ), from W ∝ ρ / (1 − ρ) (Kingman's approximation for G/G/1, and exact for M/G/1 by
 * Pollaczek–Khinchine). A 1 % change in the server's speed changes ρ by 1 %, and so the wait by
 * about this many percent.
 * @throws RangeError unless 0 ≤ utilization < 1.
 */
export function waitElasticity(utilization: number): number {
  if (!(utilization >= 0 && utilization < 1)) throw new RangeError(`utilization: ${utilization} is not in [0, 1)`);
  return 1 / (1 - utilization);
}

/** Servers at or above this share of a core count as near saturation in the explanation. */
export const NEAR_SATURATION_CORES = 0.9;

/**
 * Why a storm's recovery differs in kind: in how many of the simulated realizations paired with
 * the measurement it recovered, and what its measured and simulated servers completed during the
 * spike (`siblings`: the point's other compared values). A server that gets more done in
 * the spike leaves less backlog for the retries to keep full, and whether a storm escapes turns on
 * that (docs/validation/README.md, item 4).
 */
function recoveryWhy(point: ValidationPoint, siblings: readonly ValidationPoint[]): string[] {
  const never = (v: number | null) => (v === null ? "never recovered" : `recovered after ${formatNumber(v, "s")}`);
  const out = [`the measured storm ${never(point.measured)}, the simulated one ${never(point.predicted)}`];
  const d = point.predictedDefined;
  if (d !== undefined && d.of > 0) {
    out.push(`the simulated storm recovered in ${d.count} of the ${d.of} realizations paired with the measurement (its replication and the variants that redraw what the measurement did not share)`);
  }
  const spike = siblings.find((s) => s.metric === SPIKE_GOODPUT_METRIC && s.predicted !== null && s.measured !== null && s.predicted > 0);
  if (spike !== undefined) {
    out.push(`during the spike the measured server completed ${formatNumber(spike.measured, "/s")} against ${formatNumber(spike.predicted, "/s")} simulated (${(spike.measured! / spike.predicted!).toFixed(2)} times): the more a server gets done in the spike, the less backlog its retries keep full`);
  }
  return out;
}

/**
 * The clauses that explain a miss of `point` (one sentence each, without a final period); empty for
 * a point that held or is invalid. `run` is the point's run record (for the repeats' hygiene);
 * without it the busy clause is left out. `siblings` are the point's other compared values (a
 * storm's recovery is explained by its spike goodput).
 */
export function whyMissed(point: ValidationPoint, run?: PointRunRecord, siblings: readonly ValidationPoint[] = []): string[] {
  if (!point.valid || point.withinTolerance !== false) return [];
  if (point.tolerance?.kind === "same-kind") return recoveryWhy(point, siblings);
  if (point.predicted === null || point.measured === null) return [];
  const out: string[] = [];
  const fmt = (v: number) => formatNumber(v, point.unit);
  const p = point.predicted;
  if (point.measuredRange !== null) {
    const [lo, hi] = point.measuredRange;
    const n = point.perRepeat !== undefined ? point.perRepeat.filter((r) => r.measured !== null).length : point.repeats.used;
    const level = n >= 2 ? `, which holds the measured median with ${(100 * rangeCoversMedian(n)).toFixed(0)} % confidence` : "";
    if (insideRange(p, point.measuredRange)) out.push(`the prediction lies inside the ${n} repeats' range, ${fmt(lo)}–${fmt(hi)}${level}: the repeats differ among themselves by more than the tolerance`);
    else out.push(`the prediction lies ${p < lo ? "below" : "above"} all ${n} repeats (${fmt(lo)}–${fmt(hi)}${level})`);
  } else if (point.repeats.used === 1 && point.repeats.measured > 1) {
    out.push(`only 1 of the ${point.repeats.measured} repeats was usable (the others invalid), so the measurement's own spread is unknown`);
  }
  if (point.perRepeat !== undefined && point.tolerance !== null) {
    const judged = point.perRepeat.map((r) => compareValues(r.predicted, r.measured, point.tolerance!).withinTolerance).filter((h): h is boolean => h !== null);
    if (judged.length > 0) out.push(`${judged.filter((h) => h).length} of ${judged.length} repeats held against their own paired replication`);
  }
  const busy = run !== undefined && run.allHygiene.length > 0 ? median(run.allHygiene.map((h) => h.serverCores)) : undefined;
  if (busy !== undefined && busy >= NEAR_SATURATION_CORES && busy < 1) {
    out.push(`the server was ${busy.toFixed(2)} busy (median over the repeats), where a 1 % change in its speed moves the queueing wait by about ${waitElasticity(busy).toFixed(0)} %`);
  }
  if (point.withoutTrace !== undefined && point.withoutTrace.withinTolerance === true && point.withoutTrace.relativeError !== null) {
    out.push(`without the speed traces the prediction held (${point.withoutTrace.relativeError >= 0 ? "+" : ""}${(100 * point.withoutTrace.relativeError).toFixed(0)} %)`);
  }
  return out;
}

/** Whether `predicted` lies inside a measured range (false when either is missing). */
export function insideRange(predicted: number | null, range: [number, number] | null): boolean {
  return predicted !== null && range !== null && predicted >= range[0] && predicted <= range[1];
}
