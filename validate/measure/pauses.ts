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

/** Start lateness (s) of each attempt, in scheduled order. */
export interface LatenessTrace {
  scheduledSec: ArrayLike<number>;
  startSec: ArrayLike<number>;
  count: number;
}

/**
 * The generator's stalls seen in its start lateness: a run of consecutive attempts (in scheduled
 * order) each started more than `thresholdSec` late is one stall, as long as the latest of them.
 * Returns the stall lengths (s). Attempts that never started (startSec NaN) are skipped.
 */
export function generatorStallsSec(trace: LatenessTrace, thresholdSec = 0.001): number[] {
  const order = Array.from({ length: trace.count }, (_, i) => i).sort((a, b) => trace.scheduledSec[a]! - trace.scheduledSec[b]!);
  const stalls: number[] = [];
  let current = 0;
  for (const i of order) {
    const late = trace.startSec[i]! - trace.scheduledSec[i]!;
    if (!Number.isFinite(late)) continue;
    if (late > thresholdSec) current = Math.max(current, late);
    else if (current > 0) {
      stalls.push(current);
      current = 0;
    }
  }
  if (current > 0) stalls.push(current);
  return stalls;
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
