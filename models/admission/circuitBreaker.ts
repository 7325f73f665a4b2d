/**
 * Circuit breaker in front of a server: while it is open it rejects new connections cheaply (a 503 or a reset).
 * The cost of a rejection is the caller's business, not this module's. It holds no clock: every call passes nowSec.
 *
 *   Closed   --a window ends unhealthy---------------->  Open      (trips += 1)
 *   Closed   --a window ends healthy or with no verdict->  Closed
 *   Open     --openSec elapsed since it opened--------->  HalfOpen  (admits 1 of every halfOpenAdmitEvery attempts)
 *   HalfOpen --a window ends healthy------------------->  Closed
 *   HalfOpen --a window ends unhealthy----------------->  Open      (trips += 1)
 *   HalfOpen --a window ends with no verdict----------->  HalfOpen  (nothing was observed to judge by)
 *
 * Windows: window k covers [k * windowSec, (k+1) * windowSec), aligned to multiples of windowSec from time 0. The breaker
 * decides at each window end, using only the observations that fell in that window. An observation exactly at a window's
 * end belongs to the next window. Evaluation is lazy: any call with a nowSec past one or more window ends first evaluates
 * every elapsed window in order (and the Open -> HalfOpen timer, interleaved in time order), so a quiet period still
 * closes windows; runs of empty windows are skipped in O(1).
 *
 * Verdict of a window (each rule gives healthy, unhealthy or no verdict; any unhealthy makes the window unhealthy,
 * otherwise any healthy makes it healthy, otherwise there is no verdict):
 *   latency rule  (if latencyThresholdSec is set): needs >= minObservations latencies in the window; unhealthy when the
 *                 fraction of latencies strictly above latencyThresholdSec is >= tripFraction (so tripFraction 1 means "all").
 *   queue rule    (if queueDepthThreshold is set): needs >= 1 queue depth report in the window; unhealthy when the highest
 *                 depth reported reaches queueDepthThreshold.
 *
 * Observations made while Open are ignored (they describe traffic admitted before the trip), so a half-open verdict rests on
 * observations made while half-open, which is when the only new traffic is the admitted probes. The breaker cannot tell
 * which attempt an observation belongs to: the caller reports what it sees.
 * Half-open admission is a deterministic counter reset on entering HalfOpen: attempts 0, N, 2N, ... are admitted (the
 * first attempt after entering half-open goes through), the others are rejected.
 */
import { InvariantError, requireParam } from "../../sim/errors.js";

/**
 * Options of a {@link CircuitBreaker}. Times in seconds. At least one of latencyThresholdSec / queueDepthThreshold is required.
 * windowSec: evaluation window, finite > 0. latencyThresholdSec: finite >= 0. tripFraction: in (0, 1], default 0.5.
 * queueDepthThreshold: integer >= 1. minObservations: integer >= 1, default 10. openSec: finite > 0.
 * halfOpenAdmitEvery: integer >= 1 (1 admits everything while half-open).
 */
export interface CircuitBreakerOptions {
  windowSec: number;
  latencyThresholdSec?: number;
  tripFraction?: number;
  queueDepthThreshold?: number;
  minObservations?: number;
  openSec: number;
  halfOpenAdmitEvery: number;
}

/** Breaker states, as numbers (stored and reported as such). */
export const BreakerState = { Closed: 0, Open: 1, HalfOpen: 2 } as const;

const DEFAULT_TRIP_FRACTION = 0.5;
const DEFAULT_MIN_OBSERVATIONS = 10;

const Verdict = { None: 0, Healthy: 1, Unhealthy: 2 } as const;

function isFiniteNumber(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

/**
 * A windowed circuit breaker (see the transition table in the file header).
 * @throws RangeError at construction naming the option path, e.g. `admission.breaker.windowSec: must be a finite number > 0 (got 0)`.
 * @throws InvariantError from any method if nowSec is NaN, infinite, negative or earlier than a previous call's,
 *   or if an observed latency or depth is NaN, infinite or negative.
 */
export class CircuitBreaker {
  private readonly windowSec: number;
  private readonly hasLatencyRule: boolean;
  private readonly latencyThresholdSec: number; // Infinity when the latency rule is off
  private readonly tripFraction: number;
  private readonly hasQueueRule: boolean;
  private readonly queueDepthThreshold: number;
  private readonly minObservations: number;
  private readonly openSec: number;
  private readonly halfOpenAdmitEvery: number;

  private currentState: number;
  private lastNowSec: number;
  private windowIndex: number;
  private halfOpenAtSec: number; // when the Open state ends; Infinity unless Open
  private halfOpenCounter: number;
  private latencyCount: number;
  private slowCount: number;
  private maxDepth: number; // -1: no depth reported in this window
  private rejectedCount: number;
  private tripCount: number;
  private readonly transitionLog: Array<{ atSec: number; state: number }>;

  constructor(options: CircuitBreakerOptions, path = "circuitBreaker") {
    requireParam(typeof options === "object" && options !== null, path, "an object with windowSec, openSec and halfOpenAdmitEvery", options);
    const o = options;
    requireParam(isFiniteNumber(o.windowSec) && o.windowSec > 0, path + ".windowSec", "a finite number > 0", o.windowSec);
    requireParam(
      o.latencyThresholdSec !== undefined || o.queueDepthThreshold !== undefined,
      path,
      "given at least one of latencyThresholdSec / queueDepthThreshold",
      "neither",
    );
    if (o.latencyThresholdSec !== undefined) {
      requireParam(isFiniteNumber(o.latencyThresholdSec) && o.latencyThresholdSec >= 0, path + ".latencyThresholdSec", "a finite number >= 0", o.latencyThresholdSec);
    }
    const tripFraction = o.tripFraction === undefined ? DEFAULT_TRIP_FRACTION : o.tripFraction;
    requireParam(isFiniteNumber(tripFraction) && tripFraction > 0 && tripFraction <= 1, path + ".tripFraction", "a number in (0, 1]", tripFraction);
    if (o.queueDepthThreshold !== undefined) {
      requireParam(Number.isInteger(o.queueDepthThreshold) && o.queueDepthThreshold >= 1, path + ".queueDepthThreshold", "an integer >= 1", o.queueDepthThreshold);
    }
    const minObservations = o.minObservations === undefined ? DEFAULT_MIN_OBSERVATIONS : o.minObservations;
    requireParam(Number.isSafeInteger(minObservations) && minObservations >= 1, path + ".minObservations", "an integer >= 1", minObservations);
    requireParam(isFiniteNumber(o.openSec) && o.openSec > 0, path + ".openSec", "a finite number > 0", o.openSec);
    requireParam(Number.isSafeInteger(o.halfOpenAdmitEvery) && o.halfOpenAdmitEvery >= 1, path + ".halfOpenAdmitEvery", "an integer >= 1", o.halfOpenAdmitEvery);

    this.windowSec = o.windowSec;
    this.hasLatencyRule = o.latencyThresholdSec !== undefined;
    this.latencyThresholdSec = o.latencyThresholdSec === undefined ? Infinity : o.latencyThresholdSec;
    this.tripFraction = tripFraction;
    this.hasQueueRule = o.queueDepthThreshold !== undefined;
    this.queueDepthThreshold = o.queueDepthThreshold === undefined ? Infinity : o.queueDepthThreshold;
    this.minObservations = minObservations;
    this.openSec = o.openSec;
    this.halfOpenAdmitEvery = o.halfOpenAdmitEvery;

    this.currentState = BreakerState.Closed;
    this.lastNowSec = 0;
    this.windowIndex = 0;
    this.halfOpenAtSec = Infinity;
    this.halfOpenCounter = 0;
    this.latencyCount = 0;
    this.slowCount = 0;
    this.maxDepth = -1;
    this.rejectedCount = 0;
    this.tripCount = 0;
    this.transitionLog = [];
  }

  /** Current state (a {@link BreakerState} value) as of the last call; reading it does not advance time. */
  get state(): number {
    return this.currentState;
  }
  /** Connections rejected so far (while Open, and the non-admitted ones while HalfOpen). */
  get rejected(): number {
    return this.rejectedCount;
  }
  /** Times the breaker has opened (from Closed or from HalfOpen). */
  get trips(): number {
    return this.tripCount;
  }

  /** State changes so far, in time order, as { atSec, state }; it grows only with state changes. Initial Closed is not listed. */
  transitions(): ReadonlyArray<{ atSec: number; state: number }> {
    return this.transitionLog;
  }

  /**
   * Should a new connection arriving at nowSec be admitted? Closed: yes. Open: no. HalfOpen: 1 of every halfOpenAdmitEvery.
   * A rejection is counted. Allocates nothing unless the state changes.
   */
  admit(nowSec: number): boolean {
    this.advanceTo(nowSec);
    const state = this.currentState;
    if (state === BreakerState.Closed) return true;
    if (state === BreakerState.HalfOpen) {
      const n = this.halfOpenCounter;
      this.halfOpenCounter = n + 1 === this.halfOpenAdmitEvery ? 0 : n + 1;
      if (n === 0) return true;
    }
    this.rejectedCount++;
    return false;
  }

  /** Records a latency (s) observed at nowSec (ignored while Open, or if there is no latency rule). Allocates nothing unless the state changes. */
  observeLatency(latencySec: number, nowSec: number): void {
    if (!(latencySec >= 0 && latencySec < Infinity)) {
      throw new InvariantError(`CircuitBreaker.observeLatency: latencySec must be a finite number >= 0 (got ${latencySec})`, nowSec);
    }
    this.advanceTo(nowSec);
    if (this.currentState === BreakerState.Open) return;
    this.latencyCount++;
    if (latencySec > this.latencyThresholdSec) this.slowCount++;
  }

  /** Records a queue depth (entries) seen at nowSec (ignored while Open). Allocates nothing unless the state changes. */
  observeQueueDepth(depth: number, nowSec: number): void {
    if (!(depth >= 0 && depth < Infinity)) {
      throw new InvariantError(`CircuitBreaker.observeQueueDepth: depth must be a finite number >= 0 (got ${depth})`, nowSec);
    }
    this.advanceTo(nowSec);
    if (this.currentState === BreakerState.Open) return;
    if (depth > this.maxDepth) this.maxDepth = depth;
  }

  /**
   * Brings the breaker up to nowSec: evaluates every window that ended at or before nowSec and fires the Open -> HalfOpen
   * timer, in time order. Every other method calls it first; call it directly to read an up-to-date state.
   * @throws InvariantError if nowSec is NaN, infinite, negative or earlier than a previous call's.
   */
  advanceTo(nowSec: number): void {
    if (!(nowSec >= this.lastNowSec && nowSec < Infinity)) {
      throw new InvariantError(`CircuitBreaker: nowSec must be finite, >= 0 and non-decreasing (got ${nowSec} after ${this.lastNowSec})`, nowSec);
    }
    this.lastNowSec = nowSec;
    for (;;) {
      const windowEndSec = (this.windowIndex + 1) * this.windowSec;
      const halfOpenAtSec = this.halfOpenAtSec;
      if (halfOpenAtSec <= windowEndSec && halfOpenAtSec <= nowSec) {
        this.enter(BreakerState.HalfOpen, halfOpenAtSec);
        continue;
      }
      if (windowEndSec > nowSec) return;
      if (this.latencyCount === 0 && this.maxDepth < 0) {
        // An empty window changes nothing in any state: skip to the window before the next event (nowSec or the timer).
        const untilSec = halfOpenAtSec < nowSec ? halfOpenAtSec : nowSec;
        const k = Math.floor(untilSec / this.windowSec) - 1; // never past the true window, even if the division rounds up
        this.windowIndex = k > this.windowIndex + 1 ? k : this.windowIndex + 1;
        continue;
      }
      this.endWindow(windowEndSec);
      this.windowIndex++;
    }
  }

  /** Applies the verdict of the window ending at endSec (which has observations), then clears the window. */
  private endWindow(endSec: number): void {
    let verdict: number = Verdict.None;
    if (this.hasLatencyRule && this.latencyCount >= this.minObservations) {
      verdict = this.slowCount >= this.tripFraction * this.latencyCount ? Verdict.Unhealthy : Verdict.Healthy;
    }
    if (this.hasQueueRule && this.maxDepth >= 0 && verdict !== Verdict.Unhealthy) {
      verdict = this.maxDepth >= this.queueDepthThreshold ? Verdict.Unhealthy : Verdict.Healthy;
    }
    this.clearWindow();
    const state = this.currentState;
    if (verdict === Verdict.Unhealthy && state !== BreakerState.Open) this.enter(BreakerState.Open, endSec);
    else if (verdict === Verdict.Healthy && state === BreakerState.HalfOpen) this.enter(BreakerState.Closed, endSec);
  }

  private enter(state: number, atSec: number): void {
    this.currentState = state;
    this.transitionLog.push({ atSec, state });
    this.clearWindow();
    if (state === BreakerState.Open) {
      this.tripCount++;
      this.halfOpenAtSec = atSec + this.openSec;
    } else {
      this.halfOpenAtSec = Infinity;
      this.halfOpenCounter = 0;
    }
  }

  private clearWindow(): void {
    this.latencyCount = 0;
    this.slowCount = 0;
    this.maxDepth = -1;
  }
}
