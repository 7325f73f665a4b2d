/**
 * Pauses that a queue feels but the handshake-cost model does not contain, measured during a
 * point: the server's garbage-collection pauses (Node: perf_hooks "gc" entries), given to the
 * prediction as blocking work on the worker's event loop (fleet.blockingWork: they are server
 * CPU), and the load generator's own stalls, given as sender stalls (load.senderStalls: the
 * connections due during a stall go out together at its end, their latency counted from when they
 * were due, and no server CPU is taken) or, when the prediction models the generator's event loop
 * (clients.cpu), as pauses of that loop (they hold up completions as well as sends).
 *
 * Why it matters: with uniform arrivals at 80-90 % of capacity the queue drains a backlog at only
 * (1 - rho) of the service rate, so a 5 ms pause keeps later arrivals waiting for 25-50 ms; the
 * p99 of such points is set by pauses, not by the handshake cost's variance (docs/validation).
 */

import { durationText } from "../experimentFile.js";

/** Start lateness (s) of each attempt, in scheduled order. */
export interface LatenessTrace {
  scheduledSec: ArrayLike<number>;
  startSec: ArrayLike<number>;
  count: number;
}

/** One stall of the load generator: when it began (s from the run's t = 0) and how long it lasted (s). */
export interface GeneratorStall {
  atSec: number;
  lengthSec: number;
}

/**
 * The generator's stalls seen in its start lateness: a run of consecutive attempts (in scheduled
 * order) each started more than `thresholdSec` late is one stall, as long as the latest of them,
 * beginning when the first of them was due (the loop was blocked then and resumed when it sent
 * them: due + lateness). In time order. Attempts that never started (startSec NaN) are skipped.
 * The stall may have begun up to one inter-arrival earlier; nothing in the records says when.
 */
export function generatorStalls(trace: LatenessTrace, thresholdSec = 0.001): GeneratorStall[] {
  const order = Array.from({ length: trace.count }, (_, i) => i).sort((a, b) => trace.scheduledSec[a]! - trace.scheduledSec[b]!);
  const stalls: GeneratorStall[] = [];
  let current: GeneratorStall | null = null;
  for (const i of order) {
    const late = trace.startSec[i]! - trace.scheduledSec[i]!;
    if (!Number.isFinite(late)) continue;
    if (late > thresholdSec) {
      if (current === null) current = { atSec: trace.scheduledSec[i]!, lengthSec: late };
      else current.lengthSec = Math.max(current.lengthSec, late);
    } else if (current !== null) {
      stalls.push(current);
      current = null;
    }
  }
  if (current !== null) stalls.push(current);
  return stalls;
}

/** The lengths (s) of {@link generatorStalls}. */
export function generatorStallsSec(trace: LatenessTrace, thresholdSec = 0.001): number[] {
  return generatorStalls(trace, thresholdSec).map((s) => s.lengthSec);
}

/**
 * The scenario override replaying one measured run's generator stalls at their times as pauses of
 * the clients' event loop (`clients.cpu.pauses={replay: [{at, length}, ...]}`, times in whole
 * microseconds; needs a `clients.cpu` override before it). With no stalls the list is empty: no
 * pauses, replacing any periodic ones an earlier override gave.
 */
export function stallReplayOverride(stalls: readonly GeneratorStall[]): string {
  return `clients.cpu.pauses={replay: [${stalls.map((s) => `{at: ${durationText(Math.max(0, s.atSec))}, length: ${durationText(Math.max(1e-6, s.lengthSec))}}`).join(", ")}]}`;
}

/**
 * The scenario override giving the prediction `pausesSec` spread evenly over `spanSec`, as
 * server blocking work (`fleet.blockingWork={every: span/n, cpu: {empirical: [...]}}`), as
 * sender stalls (`load.senderStalls={every: span/n, length: {empirical: [...]}}`) or as pauses of
 * the clients' event loop (`clients.cpu.pauses={every: span/n, length: {empirical: [...]}}`, which
 * needs a `clients.cpu` override before it); null for none.
 * @throws RangeError if spanSec is not positive.
 */
export function pausesOverride(pausesSec: readonly number[], spanSec: number, as: "blockingWork" | "senderStalls" | "clientPauses"): string | null {
  if (!(spanSec > 0)) throw new RangeError(`pausesOverride: spanSec must be > 0 (got ${spanSec})`);
  const pauses = pausesSec.filter((p) => p > 0);
  if (pauses.length === 0) return null;
  const us = (s: number) => `${Math.max(1, Math.round(s * 1e6))}us`;
  const list = `{empirical: [${pauses.map(us).join(", ")}]}`;
  const every = us(spanSec / pauses.length);
  if (as === "blockingWork") return `fleet.blockingWork={every: ${every}, cpu: ${list}}`;
  return as === "senderStalls" ? `load.senderStalls={every: ${every}, length: ${list}}` : `clients.cpu.pauses={every: ${every}, length: ${list}}`;
}
