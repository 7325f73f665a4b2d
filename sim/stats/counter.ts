/**
 * A counter of occurrences (or of an amount, e.g. CPU seconds), optionally also per time window.
 */
import type { Clock } from "../engine.js";
import { InvariantError, requireParam } from "../errors.js";
import { growFloat64 } from "../calendar.js";

/** Snapshot of a counter: the total since the last reset, and per-window totals if windowed. */
export interface CounterSnapshot {
  total: number;
  /** Amount added in each window [i*windowSec, (i+1)*windowSec) of the whole run (not cut by reset). */
  series?: number[];
}

/**
 * Counter with an optional per-window series. windowSec = 0 disables the series.
 * @throws RangeError if windowSec is negative or NaN; InvariantError from add on NaN.
 */
export class Counter {
  /** Amount added since construction or the last reset. */
  total: number;
  readonly windowSec: number;
  private readonly clock: Clock;
  private windows: Float64Array;
  private windowCount: number;
  /** The window last added to and its end (fast path: most adds fall in it). */
  private windowIndex: number;
  private windowEndSec: number;

  constructor(clock: Clock, windowSec = 0) {
    requireParam(windowSec >= 0 && Number.isFinite(windowSec), "counter.windowSec", "a finite number >= 0", windowSec);
    this.total = 0;
    this.windowSec = windowSec;
    this.clock = clock;
    this.windows = new Float64Array(windowSec > 0 ? 64 : 0);
    this.windowCount = 0;
    this.windowIndex = -1;
    this.windowEndSec = -Infinity;
  }

  /** Adds `amount` (default 1) at the current simulated time. */
  add(amount = 1): void {
    if (amount !== amount) throw new InvariantError("counter amount is NaN", this.clock.nowSec);
    this.total += amount;
    if (this.windowSec > 0) {
      const now = this.clock.nowSec;
      if (now < this.windowEndSec && now >= this.windowEndSec - this.windowSec) {
        this.windows[this.windowIndex] += amount;
        return;
      }
      const w = Math.floor(now / this.windowSec);
      this.windowIndex = w;
      this.windowEndSec = (w + 1) * this.windowSec;
      if (w >= this.windows.length) this.windows = growFloat64(this.windows, Math.max(w + 1, this.windows.length * 2));
      this.windows[w] += amount;
      if (w >= this.windowCount) this.windowCount = w + 1;
    }
  }

  /** Zeroes the total (warm-up deletion); the per-window series is kept. */
  reset(): void {
    this.total = 0;
  }

  /** Total and, if windowed, the series up to `untilSec` (windows that started before it). */
  snapshot(untilSec: number): CounterSnapshot {
    if (this.windowSec === 0) return { total: this.total };
    const n = Math.max(this.windowCount, Math.ceil(untilSec / this.windowSec));
    const series = new Array<number>(n);
    for (let i = 0; i < n; i++) series[i] = i < this.windows.length ? this.windows[i] : 0;
    return { total: this.total, series };
  }
}
