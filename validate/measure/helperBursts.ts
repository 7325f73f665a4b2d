/**
 * The server's helper threads taking its core, read off a repeat's run-time samples, and given to
 * that repeat's paired prediction as blocking work at the times they ran (fleet.blockingWorkAt).
 *
 * Why: the harness pins the server to one CPU. A Node server's V8 helper threads (concurrent
 * marking and sweeping, compilation) and libuv pool then share that CPU with its event loop, so
 * while they run the loop waits: in the 2026-11-22 probes (Node, 293/s uniform), around four of
 * five runs of 2-15 handshakes that started on time yet were 5-25 ms slow, the main thread had
 * waited on the run queue 10-28 ms and the helper threads had run as long within 1-2 ms; the repeat
 * whose helpers ran 366 ms had a p99 of 16.7 ms where the one whose helpers ran 47 ms had 5.5 ms.
 * perf_hooks' "gc" entries see only the main thread's own pauses (at most 4-8 ms there). nginx's
 * workers are single-threaded: no helper threads, no bursts.
 */
import { durationText } from "../experimentFile.js";
import type { RunSample } from "./point.js";

/** A stretch of the helper threads' running: when it began (s from the run's t = 0) and their CPU in it (s). */
export interface HelperBurst {
  atSec: number;
  cpuSec: number;
}

/** A sampling interval in which the helpers ran at least this long is part of a burst (s). */
export const HELPER_ACTIVE_SEC = 0.0002;
/** Bursts with less helper CPU than this are left out (s): too short to move a tail. */
export const HELPER_BURST_MIN_SEC = 0.001;

/**
 * The helper threads' bursts in `samples` (time order; those without `helperRunSec` are
 * skipped): a run of consecutive sampling intervals each with at least `activeSec` of helper CPU
 * is one burst, beginning at its first interval's start, its CPU their sum; bursts under `minSec`
 * are left out. In time order; [] when no sample has helper run time.
 * @throws RangeError if activeSec or minSec is negative.
 */
export function helperBursts(samples: readonly RunSample[], activeSec = HELPER_ACTIVE_SEC, minSec = HELPER_BURST_MIN_SEC): HelperBurst[] {
  if (!(activeSec >= 0) || !(minSec >= 0)) throw new RangeError(`helperBursts: activeSec and minSec must be >= 0 (got ${activeSec}, ${minSec})`);
  const s = samples.filter((x): x is RunSample & { helperRunSec: number } => x.helperRunSec !== undefined);
  const bursts: HelperBurst[] = [];
  let current: HelperBurst | null = null;
  const close = () => {
    if (current !== null && current.cpuSec >= minSec) bursts.push(current);
    current = null;
  };
  for (let i = 1; i < s.length; i++) {
    const d = s[i]!.helperRunSec - s[i - 1]!.helperRunSec;
    if (d >= activeSec && d > 0) {
      if (current === null) current = { atSec: s[i - 1]!.atSec, cpuSec: 0 };
      current.cpuSec += d;
    } else close();
  }
  close();
  return bursts;
}

/**
 * The scenario override giving `bursts` as blocking work at their times on every worker
 * (`fleet.blockingWorkAt=[{at, cpu}, ...]`, whole microseconds, times before 0 clamped to 0);
 * `[]` when there are none.
 */
export function blockingWorkAtOverride(bursts: readonly HelperBurst[]): string {
  return `fleet.blockingWorkAt=[${bursts.map((b) => `{at: ${durationText(Math.max(0, b.atSec))}, cpu: ${durationText(Math.max(1e-6, b.cpuSec))}}`).join(", ")}]`;
}
