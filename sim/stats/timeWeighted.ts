/**
 * A time-weighted gauge: the time average of a piecewise-constant quantity such as the queue
 * length or the number of busy servers (its mean is then the utilization), optionally per window.
 */
import type { Clock } from "../engine.js";
import { InvariantError, requireParam } from "../errors.js";
import { growFloat64 } from "../calendar.js";

/** Snapshot: time average and maximum since the last reset, current value, per-window averages. */
export interface TimeWeightedSnapshot {
  mean: number | null;
  max: number;
  final: number;
  /** Time average in each window [i*windowSec, (i+1)*windowSec) of the whole run (not cut by reset). */
  series?: number[];
}

/**
 * Time-weighted gauge. The value starts at `initial` at the clock's current time.
 * @throws RangeError for a negative or NaN windowSec; InvariantError from set on NaN or if the clock went backwards.
 */
export class TimeWeighted {
  /** Current value. */
  value: number;
  /** Largest value since the last reset. */
  max: number;
  readonly windowSec: number;
  private readonly clock: Clock;
  private area: number;
  private startSec: number;
  private lastSec: number;
  private windowArea: Float64Array;
  /** Index and end time of the window that contains lastSec (fast path: most updates stay in it). */
  private windowIndex: number;
  private windowEndSec: number;

  constructor(clock: Clock, options: { initial?: number; windowSec?: number } = {}) {
    const windowSec = options.windowSec ?? 0;
    requireParam(windowSec >= 0 && Number.isFinite(windowSec), "timeWeighted.windowSec", "a finite number >= 0", windowSec);
    this.clock = clock;
    this.value = options.initial ?? 0;
    this.max = this.value;
    this.windowSec = windowSec;
    this.area = 0;
    this.startSec = clock.nowSec;
    this.lastSec = clock.nowSec;
    this.windowArea = new Float64Array(windowSec > 0 ? 64 : 0);
    this.windowIndex = windowSec > 0 ? Math.floor(clock.nowSec / windowSec) : 0;
    this.windowEndSec = windowSec > 0 ? (this.windowIndex + 1) * windowSec : Infinity;
    if (this.windowIndex >= this.windowArea.length) this.windowArea = growFloat64(this.windowArea, this.windowIndex + 64);
  }

  /** Sets the value from now on. */
  set(value: number): void {
    if (value !== value) throw new InvariantError("gauge value is NaN", this.clock.nowSec);
    const now = this.clock.nowSec;
    const dt = now - this.lastSec;
    if (dt < 0) throw new InvariantError(`gauge updated at ${now}, before its last update ${this.lastSec}`, now);
    if (dt > 0) {
      const a = this.value * dt;
      this.area += a;
      if (this.windowSec > 0) {
        if (now <= this.windowEndSec) this.windowArea[this.windowIndex] += a;
        else {
          this.spread(this.lastSec, now);
          this.windowIndex = Math.floor(now / this.windowSec);
          this.windowEndSec = (this.windowIndex + 1) * this.windowSec;
          if (this.windowIndex >= this.windowArea.length) this.windowArea = growFloat64(this.windowArea, Math.max(this.windowIndex + 1, this.windowArea.length * 2));
        }
      }
      this.lastSec = now;
    }
    this.value = value;
    if (value > this.max) this.max = value;
  }

  /** Adds `delta` to the value (set(value + delta)). */
  add(delta: number): void {
    this.set(this.value + delta);
  }

  /**
   * Records that the value reached `value` for an instant and came straight back: only the max can
   * change (no time passes, so the area and the series do not). Same effect as set(value) then
   * set(this.value) at the same time, in one comparison.
   */
  peak(value: number): void {
    if (value > this.max) this.max = value;
  }

  /** Time average over [last reset, now]; null if no time has passed. */
  mean(): number | null {
    const now = this.clock.nowSec;
    const span = now - this.startSec;
    if (!(span > 0)) return null;
    return (this.area + this.value * (now - this.lastSec)) / span;
  }

  /** Restarts the average at the current time (warm-up deletion); the per-window series is kept. */
  reset(): void {
    this.set(this.value);
    this.area = 0;
    this.startSec = this.clock.nowSec;
    this.max = this.value;
  }

  /** Mean, max, current value and, if windowed, per-window averages for the windows before now. */
  snapshot(): TimeWeightedSnapshot {
    const out: TimeWeightedSnapshot = { mean: this.mean(), max: this.max, final: this.value };
    if (this.windowSec > 0) {
      const now = this.clock.nowSec;
      if (now > this.lastSec) this.spread(this.lastSec, now);
      const n = Math.ceil(now / this.windowSec);
      const series = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        const w0 = i * this.windowSec;
        const width = Math.min(now, w0 + this.windowSec) - w0;
        const a = i < this.windowArea.length ? this.windowArea[i] : 0;
        series[i] = width > 0 ? a / width : 0;
      }
      // Undo the provisional spread so that later updates do not count [lastSec, now] twice.
      if (now > this.lastSec) this.unspread(this.lastSec, now);
      out.series = series;
    }
    return out;
  }

  /** Adds value*(overlap) to each window that [fromSec, toSec) overlaps. */
  private spread(fromSec: number, toSec: number): void {
    this.accumulate(fromSec, toSec, this.value);
  }

  private unspread(fromSec: number, toSec: number): void {
    this.accumulate(fromSec, toSec, -this.value);
  }

  private accumulate(fromSec: number, toSec: number, value: number): void {
    if (value === 0) return;
    const w = this.windowSec;
    let i = Math.floor(fromSec / w);
    const last = Math.floor(toSec / w);
    if (last >= this.windowArea.length) this.windowArea = growFloat64(this.windowArea, Math.max(last + 1, this.windowArea.length * 2));
    let t = fromSec;
    while (i <= last) {
      const end = Math.min(toSec, (i + 1) * w);
      if (end > t) this.windowArea[i] += value * (end - t);
      t = end;
      i++;
    }
  }
}
