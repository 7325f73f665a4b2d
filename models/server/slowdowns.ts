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
import type { CpuTraceSpec } from "../scenario/types.js";

/** A multiplier of the server's CPU time as a function of simulated time: what a worker applies to each item it starts. */
export interface CpuFactor {
  /** The multiplier at `tSec` (> 0). Called with non-decreasing times within a run; any order must still be answered correctly. */
  factorAt(tSec: number): number;
}

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
export class SlowdownTimeline implements CpuFactor {
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

/**
 * The server's CPU speed replayed window by window: an item started in window i takes factors[i]
 * times its drawn CPU; before the first window and after the last, 1. What the validation harness
 * gives a prediction paired with a measured run: that run's CPU per completed handshake, window by
 * window, over its median (validate/measure/slowdowns.ts), so that the simulator's server is slow
 * when and as much as the real one was.
 */
export class CpuTrace implements CpuFactor {
  private readonly spec: CpuTraceSpec;

  /**
   * @param spec windows of `windowSec` from `fromSec` (s), each with its multiplier (> 0; below 1:
   *   faster than the handshake cost says); copied.
   * @throws RangeError if fromSec is not finite and >= 0, windowSec not finite and > 0, or a factor not finite and > 0 (naming fleet.cpuTrace's field).
   */
  constructor(spec: Readonly<CpuTraceSpec>) {
    if (!(Number.isFinite(spec.fromSec) && spec.fromSec >= 0)) throw new RangeError(`fleet.cpuTrace.from: must be a finite duration >= 0 (got ${spec.fromSec})`);
    if (!(Number.isFinite(spec.windowSec) && spec.windowSec > 0)) throw new RangeError(`fleet.cpuTrace.window: must be a finite duration > 0 (got ${spec.windowSec})`);
    const bad = spec.factors.findIndex((f) => !(Number.isFinite(f) && f > 0));
    if (bad >= 0) throw new RangeError(`fleet.cpuTrace.factors[${bad}]: must be a finite number > 0 (got ${spec.factors[bad]})`);
    this.spec = { fromSec: spec.fromSec, windowSec: spec.windowSec, factors: [...spec.factors] };
  }

  /** The multiplier of the window holding `tSec`, 1 outside the trace. O(1). */
  factorAt(tSec: number): number {
    const w = Math.floor((tSec - this.spec.fromSec) / this.spec.windowSec);
    return w >= 0 && w < this.spec.factors.length ? this.spec.factors[w]! : 1;
  }
}

/** Both multipliers applied together (their product); null when neither is given. */
export function combinedCpuFactor(a: CpuFactor | null, b: CpuFactor | null): CpuFactor | null {
  if (a === null) return b;
  if (b === null) return a;
  return { factorAt: (tSec) => a.factorAt(tSec) * b.factorAt(tSec) };
}
