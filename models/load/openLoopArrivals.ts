/**
 * Open-loop offered load: new-connection arrivals that follow a {@link RateSchedule} whatever the server does
 * (arrivals never wait for earlier connections: no coordinated omission), thinned by connection reuse, plus
 * pre-warmed connections opened ahead of a known spike.
 *
 *   arrival --reuse draw < fraction--> reused          (counted; no handshake)
 *   arrival --otherwise--------------> onConnection(t) (a new connection needing a handshake)
 *   prewarm j of N -------------------> onConnection(t) at atSec + j·overSec/N
 *
 * Poisson spacing time-changes a unit-rate Poisson process by Λ (Law & Kelton, "Simulation Modeling and Analysis",
 * §8.6.2, inversion of the cumulative rate function; Çinlar 1975). Uniform spacing places arrival k (k = 0, 1, ...) where
 * Λ passes k, computed from k itself so that rounding never accumulates: at a constant 100/s the arrivals are at
 * exactly k/100.
 */
import type { Engine, EventHandler } from "../../sim/engine.js";
import { InvariantError, requireParam } from "../../sim/errors.js";
import type { RandomStream } from "../../sim/random.js";
import type { Prewarm, ReuseWindow } from "../scenario/types.js";
import { thinRateSchedule, type RateSchedule } from "./rateSchedule.js";

/**
 * Options of {@link OpenLoopArrivals}. Times in seconds, fractions in [0, 1].
 * - schedule: the offered rate λ(t) (see buildRateSchedule).
 * - spacing: "poisson" (unit gaps ~ Exp(1) drawn from `stream`) or "uniform" (unit gap exactly 1; `stream` is not drawn).
 * - durationSec: no arrival (open-loop or prewarm) at or after this time.
 * - reuseFraction: fraction of offered arrivals that reuse a kept-alive connection: counted, no onConnection.
 * - reuseWindows: during [atSec, atSec + forSec) the window's fraction replaces reuseFraction.
 * - reuseStream: one uniform draw per offered arrival, reused iff draw < fraction. Separate from `stream` so that changing
 *   reuse never shifts arrival times; one draw per arrival whatever the fraction, so a higher fraction reuses a superset.
 * - prewarm: `connections` extra connections at atSec + j·overSec/connections, j = 0..connections−1; they call onConnection.
 * - onConnection: called at the arrival time of each new connection (engine.nowSec === timeSec).
 */
export interface OpenLoopOptions {
  schedule: RateSchedule;
  spacing: "poisson" | "uniform";
  stream: RandomStream;
  durationSec: number;
  reuseFraction: number;
  reuseWindows: ReuseWindow[];
  reuseStream: RandomStream;
  prewarm: Prewarm[];
  onConnection: (timeSec: number) => void;
}

/** Event target of the open-loop stream; prewarm p uses target PREWARM_TARGET_BASE + p and stamp j (its connection index). */
const OPEN_LOOP_TARGET = 0;
const PREWARM_TARGET_BASE = 1;

function isFiniteNumber(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

/**
 * Open-loop arrival source. Registers one engine event kind; one pending event for the open-loop stream and one per
 * active prewarm (each event schedules its successor). Call {@link start} once, before or at the first arrival.
 * Counters: offered = open-loop arrivals; reused = those served on a kept-alive connection; prewarmed = prewarm
 * connections; newConnections = onConnection calls = offered − reused + prewarmed.
 * Allocates nothing per event.
 * @throws RangeError at construction naming the path (`run.durationSec`, `load.reuseFraction`,
 * `load.reuseWindows[i].atSec|forSec|fraction`, `load.prewarm[i].atSec|overSec|connections`): values not finite, a fraction
 * outside [0, 1], a window or prewarm starting outside [0, durationSec) or ending after it, overlapping reuse windows,
 * connections not an integer >= 0, spacing not poisson|uniform.
 */
export class OpenLoopArrivals implements EventHandler {
  private readonly engine: Engine;
  private readonly kind: number;
  /** The schedule events are drawn from: offered arrivals (uniform), or only those needing a new connection (Poisson). */
  private readonly schedule: RateSchedule;
  private readonly offeredSchedule: RateSchedule;
  private readonly poisson: boolean;
  private readonly stream: RandomStream;
  private readonly durationSec: number;
  private readonly reuseFraction: number;
  private readonly windowStartSec: Float64Array;
  private readonly windowEndSec: Float64Array;
  private readonly windowFraction: Float64Array;
  private readonly reuseStream: RandomStream;
  private readonly prewarmAtSec: Float64Array;
  private readonly prewarmOverSec: Float64Array;
  private readonly prewarmConnections: Float64Array;
  private readonly onConnection: (timeSec: number) => void;
  private windowCursor: number;
  private uniformIndex: number;
  private started: boolean;
  private offeredCount: number;
  private reusedCount: number;
  private newCount: number;
  private prewarmedCount: number;

  constructor(engine: Engine, options: OpenLoopOptions) {
    const { durationSec, reuseFraction } = options;
    requireParam(options.spacing === "poisson" || options.spacing === "uniform", "load.arrivals", '"poisson" or "uniform"', options.spacing);
    requireParam(isFiniteNumber(durationSec) && durationSec > 0, "run.durationSec", "a finite number > 0", durationSec);
    requireParam(isFiniteNumber(reuseFraction) && reuseFraction >= 0 && reuseFraction <= 1, "load.reuseFraction", "a fraction in [0, 1]", reuseFraction);
    const range = "in [0, run.durationSec = " + String(durationSec) + ")";

    const windows = options.reuseWindows.map((w, i) => ({ w, i }));
    for (const { w, i } of windows) {
      const path = "load.reuseWindows[" + String(i) + "]";
      requireParam(isFiniteNumber(w.atSec) && w.atSec >= 0 && w.atSec < durationSec, path + ".atSec", range, w.atSec);
      requireParam(isFiniteNumber(w.forSec) && w.forSec > 0, path + ".forSec", "a finite duration > 0", w.forSec);
      requireParam(w.atSec + w.forSec <= durationSec, path + ".forSec", "<= run.durationSec - atSec = " + String(durationSec - w.atSec) + " (the window must end by the end of the run)", w.forSec);
      requireParam(isFiniteNumber(w.fraction) && w.fraction >= 0 && w.fraction <= 1, path + ".fraction", "a fraction in [0, 1]", w.fraction);
    }
    windows.sort((a, b) => a.w.atSec - b.w.atSec);
    for (let k = 1; k < windows.length; k++) {
      const prev = windows[k - 1];
      const prevEnd = prev.w.atSec + prev.w.forSec;
      requireParam(windows[k].w.atSec >= prevEnd, "load.reuseWindows[" + String(windows[k].i) + "].atSec", ">= the end of load.reuseWindows[" + String(prev.i) + "] = " + String(prevEnd) + " (reuse windows must not overlap)", windows[k].w.atSec);
    }

    options.prewarm.forEach((p, i) => {
      const path = "load.prewarm[" + String(i) + "]";
      requireParam(isFiniteNumber(p.atSec) && p.atSec >= 0 && p.atSec < durationSec, path + ".atSec", range, p.atSec);
      requireParam(isFiniteNumber(p.overSec) && p.overSec > 0, path + ".overSec", "a finite duration > 0", p.overSec);
      requireParam(p.atSec + p.overSec <= durationSec, path + ".overSec", "<= run.durationSec - atSec = " + String(durationSec - p.atSec) + " (prewarming must end by the end of the run)", p.overSec);
      requireParam(Number.isSafeInteger(p.connections) && p.connections >= 0, path + ".connections", "an integer >= 0", p.connections);
    });

    this.engine = engine;
    this.kind = engine.register(this);
    this.poisson = options.spacing === "poisson";
    this.offeredSchedule = options.schedule;
    // Poisson: reuse is independent thinning, folded into the rate (no event for a reused arrival).
    this.schedule = this.poisson && (reuseFraction > 0 || windows.length > 0) ? thinRateSchedule(options.schedule, reuseFraction, windows.map((x) => x.w)) : options.schedule;
    this.stream = options.stream;
    this.durationSec = durationSec;
    this.reuseFraction = reuseFraction;
    this.windowStartSec = Float64Array.from(windows, (x) => x.w.atSec);
    this.windowEndSec = Float64Array.from(windows, (x) => x.w.atSec + x.w.forSec);
    this.windowFraction = Float64Array.from(windows, (x) => x.w.fraction);
    this.reuseStream = options.reuseStream;
    this.prewarmAtSec = Float64Array.from(options.prewarm, (p) => p.atSec);
    this.prewarmOverSec = Float64Array.from(options.prewarm, (p) => p.overSec);
    this.prewarmConnections = Float64Array.from(options.prewarm, (p) => p.connections);
    this.onConnection = options.onConnection;
    this.windowCursor = 0;
    this.uniformIndex = 0;
    this.started = false;
    this.offeredCount = 0;
    this.reusedCount = 0;
    this.newCount = 0;
    this.prewarmedCount = 0;
  }

  /**
   * Open-loop arrivals so far (reused or not). With Poisson spacing, reused arrivals are never
   * drawn (reuse is folded into the rate), so this is new connections + the expected reused count.
   */
  get offered(): number {
    return this.poisson ? this.offeredCount + this.reused : this.offeredCount;
  }
  /** Open-loop arrivals served on a kept-alive connection (no onConnection call); expected value with Poisson spacing. */
  get reused(): number {
    if (!this.poisson) return this.reusedCount;
    const t = Math.min(this.engine.nowSec, this.durationSec);
    return this.offeredSchedule.cumulative(t) - this.schedule.cumulative(t);
  }
  /** onConnection calls so far: open-loop arrivals not reused, plus prewarm connections. */
  get newConnections(): number {
    return this.newCount;
  }
  /** Prewarm connections so far. */
  get prewarmed(): number {
    return this.prewarmedCount;
  }

  /**
   * Schedules the first open-loop arrival and the first connection of each prewarm, counting from engine.nowSec
   * (arrivals and prewarm connections before it are skipped).
   * @throws InvariantError if called twice.
   */
  start(): void {
    if (this.started) throw new InvariantError("OpenLoopArrivals.start called twice", this.engine.nowSec);
    this.started = true;
    const nowSec = this.engine.nowSec;
    let t: number;
    if (this.poisson) {
      t = this.schedule.nextArrivalSec(nowSec, -Math.log(1 - this.stream.next()));
    } else {
      this.uniformIndex = nowSec > 0 ? Math.ceil(this.schedule.cumulative(nowSec)) : 0;
      t = this.schedule.inverseCumulative(this.uniformIndex);
      while (t < nowSec) t = this.schedule.inverseCumulative(++this.uniformIndex); // rounding guard
    }
    if (t < this.durationSec) this.engine.scheduleAt(t, this.kind, OPEN_LOOP_TARGET, 0);
    for (let p = 0; p < this.prewarmAtSec.length; p++) {
      const n = this.prewarmConnections[p];
      let j = nowSec > this.prewarmAtSec[p] ? Math.max(0, Math.ceil(((nowSec - this.prewarmAtSec[p]) * n) / this.prewarmOverSec[p])) : 0;
      while (j < n && this.prewarmTimeSec(p, j) < nowSec) j++;
      if (j < n) this.schedulePrewarm(p, j);
    }
  }

  /** Engine callback: an open-loop arrival (target 0) or prewarm connection `stamp` of prewarm `target − 1`. */
  handle(_kind: number, target: number, stamp: number): void {
    const nowSec = this.engine.nowSec;
    if (target === OPEN_LOOP_TARGET) {
      this.offeredCount++;
      const next = this.poisson
        ? this.schedule.nextArrivalSec(nowSec, -Math.log(1 - this.stream.next()))
        : this.schedule.inverseCumulative(++this.uniformIndex);
      if (next < this.durationSec) this.engine.scheduleAt(next, this.kind, OPEN_LOOP_TARGET, 0);
      if (!this.poisson && this.reuseStream.next() < this.reuseFractionAt(nowSec)) {
        this.reusedCount++;
        return;
      }
      this.newCount++;
      this.onConnection(nowSec);
      return;
    }
    const p = target - PREWARM_TARGET_BASE;
    if (stamp + 1 < this.prewarmConnections[p]) this.schedulePrewarm(p, stamp + 1);
    this.prewarmedCount++;
    this.newCount++;
    this.onConnection(nowSec);
  }

  /** Reuse fraction in force at tSec (t non-decreasing between calls: a cursor walks the sorted windows). */
  private reuseFractionAt(tSec: number): number {
    const ends = this.windowEndSec;
    let c = this.windowCursor;
    while (c < ends.length && tSec >= ends[c]) c++;
    this.windowCursor = c;
    return c < ends.length && tSec >= this.windowStartSec[c] ? this.windowFraction[c] : this.reuseFraction;
  }

  /** Time of connection j of prewarm p: atSec + j·overSec/connections (computed from j, so no drift). */
  private prewarmTimeSec(p: number, j: number): number {
    return this.prewarmAtSec[p] + (j * this.prewarmOverSec[p]) / this.prewarmConnections[p];
  }

  private schedulePrewarm(p: number, j: number): void {
    const t = this.prewarmTimeSec(p, j);
    if (t < this.durationSec) this.engine.scheduleAt(t, this.kind, PREWARM_TARGET_BASE + p, j);
  }
}
