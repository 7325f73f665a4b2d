/**
 * Pauses that a queue feels but the handshake-cost model does not contain, measured during a
 * point: the server's garbage-collection pauses (Node: perf_hooks "gc" entries) and the load
 * generator's own stalls. A generator stall of X s holds back every start scheduled in it and
 * then sends them together; at high load that burst leaves the server the same backlog as a
 * server pause of X s with the arrivals on time (the late attempts' latency, measured from their
 * scheduled time, includes the wait either way). Both are given to the prediction as blocking work
 * on the worker's event loop (fleet.blockingWork), so the simulator sees the same interruptions.
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
 * The scenario override giving the prediction `pausesSec` spread evenly over `spanSec`:
 * `fleet.blockingWork={every: span/n, cpu: {empirical: [...]}}`, or null for no pauses.
 * @throws RangeError if spanSec is not positive.
 */
export function pausesOverride(pausesSec: readonly number[], spanSec: number): string | null {
  if (!(spanSec > 0)) throw new RangeError(`pausesOverride: spanSec must be > 0 (got ${spanSec})`);
  const pauses = pausesSec.filter((p) => p > 0);
  if (pauses.length === 0) return null;
  const us = (s: number) => `${Math.max(1, Math.round(s * 1e6))}us`;
  return `fleet.blockingWork={every: ${us(spanSec / pauses.length)}, cpu: {empirical: [${pauses.map(us).join(", ")}]}}`;
}
