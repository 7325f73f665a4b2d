/**
 * The server's CPU per handshake over a window of one measured point: the CPU its process group
 * used between two marks read during the run (MeasuredPoint.serverCpuMarks) divided by the
 * handshakes the generator saw complete in between.
 *
 * Why: an experiment predicted from the calibration curve gets its costs rescaled by a drift probe,
 * 2 s at half the capacity, and such a probe moved by ±8 % from one 2 s probe to the next on this
 * machine (docs/validation/README.md). A retry storm's spike goodput moves by 2× for a 15 % error in
 * the cost. The storm's own base load before the spike measures the machine's speed on the very
 * server and minute predicted, and rescales the calibration in place of the drift probe
 * (runner.ts pointCalibration).
 */
import { Outcome } from "../loadgen/records.js";
import type { MeasuredPoint } from "./point.js";

/** Largest share of failed attempts (timeouts, resets, refusals) among those ending in a window for it to read the handshake's cost. */
export const MAX_FAILED_SHARE = 0.1;

/**
 * CPU seconds per completed handshake (work per connection included) over [fromSec, toSec):
 * (server CPU at the mark nearest `toSec` − at the mark nearest `fromSec`) ÷ handshakes completed
 * between those marks' times. A handshake in flight at either end is split the wrong way at most
 * once per end, so the window should hold hundreds.
 *
 * A window in which more than {@link MAX_FAILED_SHARE} of the attempts that ended failed is not a
 * steady load: the server fell behind, and its CPU went to handshakes nobody waited for. In the
 * 06:01 run of 2026-11-22 the 3-immediate-retries storm collapsed 2 s into its base load, before
 * its spike (goodput 354, 335, 22, then 0/s), and its window read 336 ms per completed handshake
 * against 1.2 ms at the other storm points: the prediction took it as the cost.
 * @returns null when a mark is missing (none within 0.25 s of the asked time), nothing completed,
 *   or the window was not a steady load.
 * @throws RangeError unless 0 <= fromSec < toSec.
 */
export function windowCostSec(point: Pick<MeasuredPoint, "records" | "serverCpuMarks">, fromSec: number, toSec: number): number | null {
  if (!(fromSec >= 0 && toSec > fromSec)) throw new RangeError(`window: need 0 <= fromSec < toSec (got ${fromSec}, ${toSec})`);
  const near = (at: number) => {
    let best: { atSec: number; serverCpuSec: number } | null = null;
    for (const m of point.serverCpuMarks) if (best === null || Math.abs(m.atSec - at) < Math.abs(best.atSec - at)) best = m;
    return best !== null && Math.abs(best.atSec - at) <= 0.25 ? best : null;
  };
  const a = near(fromSec);
  const b = near(toSec);
  if (a === null || b === null || b.atSec <= a.atSec) return null;
  const r = point.records;
  let completed = 0;
  let ended = 0;
  for (let i = 0; i < r.count; i++) {
    const done = r.doneSec[i]!;
    if (!(done >= a.atSec && done < b.atSec)) continue;
    if (r.outcome[i] === Outcome.Completed) completed++;
    // Attempts cut off at the end of the run did not end in the window.
    if (r.outcome[i] !== Outcome.Cut && r.outcome[i] !== Outcome.Pending) ended++;
  }
  if (completed === 0 || completed < (1 - MAX_FAILED_SHARE) * ended) return null;
  return (b.serverCpuSec - a.serverCpuSec) / completed;
}
