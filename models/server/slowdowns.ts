/**
 * Server slowdowns: episodes during which every CPU item the server starts takes `factor` times as
 * long (fleet.slowdowns). They model a machine whose speed drops for a while and comes back, which
 * is what the servers' own CPU showed on this project's VM: sampled every 5 ms during load points,
 * nginx spent 2.4-2.6 ms of CPU per completed handshake most of the time and 3.0-3.5 ms in episodes
 * of 0.2-4 s, Node 2.0 and 2.3-2.5 ms in episodes of 0.4-2.2 s, with nothing else running on the
 * server's core and the load generator's CPU per attempt unchanged (docs/validation/README.md).
 * At 80 % load such an episode leaves the server below the arrival rate, and the backlog it builds
 * sets the p99.
 *
 * Episode starts are a Poisson process of mean interval `everySec` (episodes may overlap: the
 * factor does not compound), each lasting a drawn length. The timeline is drawn once, up front,
 * from its own stream over the run's horizon, so it is the same whatever else happens in the run.
 * An item's length is fixed when it starts (episodes last hundreds of ms, items a few ms).
 */
import type { RandomStream } from "../../sim/random.js";
import type { Sampler } from "../../sim/distributions.js";

/** What a {@link SlowdownTimeline} is drawn from. */
export interface SlowdownSpec {
  /** Mean interval between episode starts (s), > 0. */
  everySec: number;
  /** Length of one episode (s). */
  lengthSec: Sampler;
  /** CPU time multiplier during an episode, ≥ 1. */
  factor: number;
}

/** The episodes of one run and the factor at a time. */
export class SlowdownTimeline {
  /** Episode starts and ends (s), starts ascending; ends merged so that intervals do not overlap. */
  readonly startsSec: number[] = [];
  readonly endsSec: number[] = [];
  readonly factor: number;
  private cursor = 0;

  /**
   * Draws the episodes that start before `horizonSec`.
   * @throws RangeError if everySec or horizonSec is not finite and > 0, or factor is not finite and ≥ 1.
   */
  constructor(spec: SlowdownSpec, stream: RandomStream, horizonSec: number) {
    if (!(Number.isFinite(spec.everySec) && spec.everySec > 0)) throw new RangeError(`fleet.slowdowns.every: must be a finite duration > 0 (got ${spec.everySec})`);
    if (!(Number.isFinite(spec.factor) && spec.factor >= 1)) throw new RangeError(`fleet.slowdowns.factor: must be a finite number >= 1 (got ${spec.factor})`);
    if (!(Number.isFinite(horizonSec) && horizonSec > 0)) throw new RangeError(`horizonSec: must be a finite number > 0 (got ${horizonSec})`);
    this.factor = spec.factor;
    let t = -spec.everySec * Math.log(1 - stream.next());
    while (t < horizonSec) {
      const end = t + Math.max(0, spec.lengthSec.sample());
      const last = this.endsSec.length - 1;
      if (last >= 0 && t <= this.endsSec[last]!) this.endsSec[last] = Math.max(this.endsSec[last]!, end);
      else {
        this.startsSec.push(t);
        this.endsSec.push(end);
      }
      t += -spec.everySec * Math.log(1 - stream.next());
    }
  }

  /** The CPU multiplier at `tSec`: factor inside an episode, 1 outside. Amortised O(1) for non-decreasing times. */
  factorAt(tSec: number): number {
    if (this.cursor > 0 && tSec < this.startsSec[this.cursor - 1]!) this.cursor = 0;
    while (this.cursor < this.startsSec.length && this.startsSec[this.cursor]! <= tSec) this.cursor++;
    const k = this.cursor - 1;
    return k >= 0 && tSec < this.endsSec[k]! ? this.factor : 1;
  }
}
