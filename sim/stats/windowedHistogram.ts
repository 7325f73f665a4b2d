/**
 * A histogram over the whole run plus one histogram per time window, for percentiles over time
 * (e.g. p99 handshake latency per second). Memory grows with the number of windows and the range
 * of values, never with the number of values recorded.
 */
import type { Clock } from "../engine.js";
import { requireParam } from "../errors.js";
import { Histogram, type HistogramSummary } from "./histogram.js";

/** Per-window summary: window start (s) and the window's histogram summary. */
export interface WindowSummary extends HistogramSummary {
  startSec: number;
}

/** Snapshot: the summary since the last reset, and one summary per window of the whole run. */
export interface WindowedHistogramSnapshot {
  total: HistogramSummary;
  series: WindowSummary[];
}

/**
 * Histogram with per-window histograms. Values are attributed to the window containing the
 * clock's time when they are recorded.
 * @throws RangeError if windowSec is not > 0 and finite.
 */
export class WindowedHistogram {
  readonly total: Histogram;
  readonly windowSec: number;
  private readonly clock: Clock;
  private readonly windows: (Histogram | null)[];
  private readonly subBucketBits: number;

  constructor(clock: Clock, windowSec: number, subBucketBits = 7) {
    requireParam(windowSec > 0 && Number.isFinite(windowSec), "windowedHistogram.windowSec", "a finite number > 0", windowSec);
    this.clock = clock;
    this.windowSec = windowSec;
    this.subBucketBits = subBucketBits;
    this.total = new Histogram(subBucketBits);
    this.windows = [];
  }

  /** Records x >= 0 in the total and in the current window. */
  record(x: number): void {
    this.total.record(x);
    const w = Math.floor(this.clock.nowSec / this.windowSec);
    while (this.windows.length <= w) this.windows.push(null);
    let h = this.windows[w];
    if (h === null) {
      h = new Histogram(this.subBucketBits);
      this.windows[w] = h;
    }
    h.record(x);
  }

  /** Forgets the total (warm-up deletion); per-window histograms are kept. */
  reset(): void {
    this.total.reset();
  }

  /** Summary since reset, and per-window summaries for every window before the clock's time. */
  snapshot(): WindowedHistogramSnapshot {
    const n = Math.max(this.windows.length, Math.ceil(this.clock.nowSec / this.windowSec));
    const empty = new Histogram(this.subBucketBits).summary();
    const series: WindowSummary[] = [];
    for (let i = 0; i < n; i++) {
      const h = i < this.windows.length ? this.windows[i] : null;
      series.push({ startSec: i * this.windowSec, ...(h === null ? empty : h.summary()) });
    }
    return { total: this.total.summary(), series };
  }
}
