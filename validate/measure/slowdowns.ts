/**
 * The server's slow episodes during a point, from its own CPU: window by window, the server's run
 * time over the handshakes completed in the window. On this VM both servers spend most windows
 * at one cost and whole runs of windows at a higher one (nginx 2.4-2.6 ms against 3.0-3.5 ms per
 * handshake, Node 2.0 against 2.3-2.5 ms, for 0.2-4 s, with nothing else on the server's core and
 * the load generator's CPU per attempt unchanged), and at 80 % load each such episode builds the
 * backlog that sets the p99 (docs/validation/README.md). The load sweep replays each repeat's
 * window costs in its paired prediction as fleet.cpuTrace ({@link cpuTraceOverride}); pooled as a
 * random process (fleet.slowdowns, {@link slowdownsOverride}) they did not help (experiments.ts).
 *
 * A window's cost is noisy (handshake CPU has a cv of about 0.3, and a window boundary cuts
 * handshakes), so windows hold at least {@link MIN_COMPLETIONS_PER_WINDOW} expected completions and
 * count as slow only {@link slowThresholdRatio} above the point's median window cost. A backlog drains at
 * a lower cost per handshake than the median (batched wake-ups): such windows are not episodes.
 */
import { median, quantileSorted } from "simple-statistics";
import { Outcome, type AttemptRecords } from "../loadgen/records.js";

/** A window holds at least this many completions at the offered rate (100 ms at 300/s or more). */
export const MIN_COMPLETIONS_PER_WINDOW = 30;
/** A window is slow at this ratio of its cost to the median window's, or more (or at 3 σ of the window costs' own noise, if that is higher: {@link slowThresholdRatio}). */
export const SLOW_RATIO = 1.15;

/**
 * The ratio to the median window cost at which a window counts as slow: {@link SLOW_RATIO}, or the
 * median plus 3 σ of the windows' own noise if that is higher, σ read off the lower half of the
 * costs (median − 16th percentile: episodes only push costs up, so the lower half is noise alone).
 * With uniform arrivals σ is a few percent; with Poisson arrivals a window's completions vary by
 * ±18 % and the server's fixed per-wake-up CPU spreads over fewer or more of them, and the fixed
 * 1.15 took noise for episodes (the 04:05 run gave nginx's 20 % Poisson point a factor of 4.8).
 */
export function slowThresholdRatio(sortedCosts: readonly number[]): number {
  const n = sortedCosts.length;
  if (n === 0) return SLOW_RATIO;
  const med = quantileSorted(sortedCosts, 0.5);
  const q16 = quantileSorted(sortedCosts, 0.16);
  return med > 0 ? Math.max(SLOW_RATIO, 1 + (3 * (med - q16)) / med) : SLOW_RATIO;
}

/** What {@link slowEpisodes} found in one run. */
export interface SlowEpisodes {
  /** Lengths of the episodes (s): runs of consecutive slow windows. */
  lengthsSec: number[];
  /** Span looked at (s). */
  spanSec: number;
  /** The median window's CPU per completed handshake (s). */
  normalCostSec: number;
  /** Window length (s), and each window's cost over the median (NaN: no completion), and the ratio from which a window was slow. */
  windowSec: number;
  ratios: number[];
  thresholdRatio: number;
  /** Server run time in slow windows over what their completions cost at the normal cost (≥ 1; 1 without episodes). */
  factor: number;
  /** CPU seconds in slow windows and the completions there (for pooling over repeats). */
  slowRunSec: number;
  slowCompletions: number;
  completions: number;
}

/**
 * The slow episodes of one measured run over [fromSec, toSec), with windows of at least 100 ms
 * and {@link MIN_COMPLETIONS_PER_WINDOW} completions at `ratePerSec`. Null when the run has too
 * few samples or windows to say ({@link slowEpisodesOrReason} says which).
 * @throws RangeError unless 0 <= fromSec < toSec and ratePerSec > 0, all finite.
 */
export function slowEpisodes(run: { records: AttemptRecords; serverRunSamples: readonly { atSec: number; runSec: number }[] }, fromSec: number, toSec: number, ratePerSec: number): SlowEpisodes | null {
  const e = slowEpisodesOrReason(run, fromSec, toSec, ratePerSec);
  return typeof e === "string" ? null : e;
}

/**
 * {@link slowEpisodes}, or in place of null the reason there is no reading (for the run's log).
 * @throws RangeError as slowEpisodes.
 */
export function slowEpisodesOrReason(run: { records: AttemptRecords; serverRunSamples: readonly { atSec: number; runSec: number }[] }, fromSec: number, toSec: number, ratePerSec: number): SlowEpisodes | string {
  if (!(Number.isFinite(fromSec) && Number.isFinite(toSec) && fromSec >= 0 && toSec > fromSec)) throw new RangeError(`window: must have 0 <= fromSec < toSec, finite (got ${fromSec}, ${toSec})`);
  if (!(Number.isFinite(ratePerSec) && ratePerSec > 0)) throw new RangeError(`ratePerSec: must be a finite number > 0 (got ${ratePerSec})`);
  const samples = run.serverRunSamples;
  if (samples.length < 2 || samples[0]!.atSec > fromSec || samples[samples.length - 1]!.atSec < toSec) {
    return `run-time samples (${samples.length}, ${samples[0]?.atSec.toFixed(3) ?? "-"} to ${samples.at(-1)?.atSec.toFixed(3) ?? "-"} s) do not cover ${fromSec.toFixed(3)} to ${toSec.toFixed(3)} s`;
  }
  const windowSec = Math.max(0.1, MIN_COMPLETIONS_PER_WINDOW / ratePerSec);
  const n = Math.floor((toSec - fromSec) / windowSec);
  if (n < 5) return `${n} windows of ${windowSec.toFixed(3)} s, fewer than 5`;
  let cursor = 0;
  const runAt = (t: number): number => {
    while (cursor + 1 < samples.length && samples[cursor + 1]!.atSec < t) cursor++;
    const a = samples[cursor]!;
    const b = samples[Math.min(cursor + 1, samples.length - 1)]!;
    return b.atSec > a.atSec ? a.runSec + ((b.runSec - a.runSec) * (t - a.atSec)) / (b.atSec - a.atSec) : a.runSec;
  };
  const completions = new Array<number>(n).fill(0);
  const r = run.records;
  for (let a = 0; a < r.count; a++) {
    if (r.outcome[a] !== Outcome.Completed) continue;
    const w = Math.floor((r.doneSec[a]! - fromSec) / windowSec);
    if (w >= 0 && w < n) completions[w]!++;
  }
  // Window edges in increasing time: runAt's cursor only moves forward. (Until 2026-11-22 07:00 the
  // later edge was read first, so each window's CPU was the slope of the 10 ms around its end times
  // its length.)
  const edges: number[] = [];
  for (let w = 0; w <= n; w++) edges.push(runAt(fromSec + w * windowSec));
  const cpu: number[] = [];
  for (let w = 0; w < n; w++) cpu.push(edges[w + 1]! - edges[w]!);
  const costs = cpu.map((c, w) => (completions[w]! > 0 ? c / completions[w]! : Number.NaN));
  const finite = costs.filter(Number.isFinite);
  if (finite.length < 5) return `${finite.length} of ${n} windows with completions, fewer than 5`;
  const normal = median(finite);
  if (!(normal > 0)) return `the server's run time did not grow (median window cost ${normal} s)`;
  const threshold = slowThresholdRatio([...finite].sort((a, b) => a - b));
  const lengthsSec: number[] = [];
  let runLength = 0;
  let slowRunSec = 0;
  let slowCompletions = 0;
  for (let w = 0; w < n; w++) {
    const slow = Number.isFinite(costs[w]!) && costs[w]! >= threshold * normal;
    if (slow) {
      runLength++;
      slowRunSec += cpu[w]!;
      slowCompletions += completions[w]!;
    }
    if ((!slow || w === n - 1) && runLength > 0) {
      lengthsSec.push(runLength * windowSec);
      runLength = 0;
    }
  }
  const total = completions.reduce((x, y) => x + y, 0);
  return {
    lengthsSec,
    spanSec: n * windowSec,
    normalCostSec: normal,
    windowSec,
    ratios: costs.map((c) => c / normal),
    thresholdRatio: threshold,
    factor: slowCompletions > 0 ? slowRunSec / (slowCompletions * normal) : 1,
    slowRunSec,
    slowCompletions,
    completions: total,
  };
}

/**
 * The episodes of a point's repeats pooled as the prediction's `fleet.slowdowns` override (every =
 * span over episodes, lengths as an empirical distribution, factor = slow run time over the slow
 * completions' normal cost), and the factor by which the point's mean handshake cost is to be
 * divided so that the slowed work adds up to what was measured (1 + (factor − 1) × share of
 * completions slowed). Null override without episodes.
 */
export function slowdownsOverride(runs: readonly SlowEpisodes[]): { override: string | null; costDivisor: number } {
  const lengths = runs.flatMap((r) => r.lengthsSec);
  const span = runs.reduce((x, r) => x + r.spanSec, 0);
  const slowCompletions = runs.reduce((x, r) => x + r.slowCompletions, 0);
  const completions = runs.reduce((x, r) => x + r.completions, 0);
  const normalCpu = runs.reduce((x, r) => x + r.slowCompletions * r.normalCostSec, 0);
  const slowRun = runs.reduce((x, r) => x + r.slowRunSec, 0);
  if (lengths.length === 0 || slowCompletions === 0 || normalCpu <= 0 || span <= 0) return { override: null, costDivisor: 1 };
  const factor = Math.max(1, slowRun / normalCpu);
  const us = (s: number) => `${Math.max(1, Math.round(s * 1e6))}us`;
  const override = `fleet.slowdowns={every: ${us(span / lengths.length)}, length: {empirical: [${lengths.map(us).join(", ")}]}, factor: ${factor.toFixed(3)}}`;
  return { override, costDivisor: 1 + (factor - 1) * (slowCompletions / completions) };
}

/**
 * A run's window costs as the prediction's fleet.cpuTrace (models/server/slowdowns.ts CpuTrace):
 * window i from `e`'s start takes ratios[i] times the handshake cost, which is to be the run's
 * median window cost (`normalCostSec`), so the simulated server is slow when and as much as the
 * measured one was. A window without completions gets 1. Factors to 3 decimals.
 * @param fromSec where `e`'s windows start (the fromSec it was read with).
 */
export function cpuTraceOverride(e: Pick<SlowEpisodes, "windowSec" | "ratios">, fromSec: number): string {
  const factors = e.ratios.map((r) => (Number.isFinite(r) && r > 0 ? Number(r.toFixed(3)) : 1));
  return `fleet.cpuTrace={from: ${Math.round(fromSec * 1e6)}us, window: ${Math.round(e.windowSec * 1e6)}us, factors: [${factors.join(", ")}]}`;
}
