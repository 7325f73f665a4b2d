/**
 * A registry of named statistics for one replication: components declare what they measure when
 * they are wired, the run resets everything at the end of warm-up, and the result is one plain,
 * JSON-ready snapshot with names in sorted order.
 */
import type { Clock } from "../engine.js";
import { requireParam } from "../errors.js";
import { Counter, type CounterSnapshot } from "./counter.js";
import { Histogram, type HistogramSummary } from "./histogram.js";
import { TimeWeighted, type TimeWeightedSnapshot } from "./timeWeighted.js";
import { WindowedHistogram, type WindowedHistogramSnapshot } from "./windowedHistogram.js";

/** Everything a scope measured, keyed by statistic name (sorted). */
export interface StatsSnapshot {
  counters: Record<string, CounterSnapshot>;
  gauges: Record<string, TimeWeightedSnapshot>;
  histograms: Record<string, HistogramSummary | WindowedHistogramSnapshot>;
}

/** Options of a scope: the window width of per-window series (0 = no series). */
export interface StatsScopeOptions {
  windowSec?: number;
  /** Histogram precision: quantiles within 2^-(bits+1) relative error. Default 7 (0.39 %). */
  subBucketBits?: number;
}

/**
 * Registry of counters, time-weighted gauges and histograms.
 * @throws Error when a name is registered twice; RangeError for bad options.
 */
export class StatsScope {
  readonly windowSec: number;
  readonly subBucketBits: number;
  private readonly clock: Clock;
  private readonly counters = new Map<string, Counter>();
  private readonly gauges = new Map<string, TimeWeighted>();
  private readonly histograms = new Map<string, Histogram | WindowedHistogram>();

  constructor(clock: Clock, options: StatsScopeOptions = {}) {
    const windowSec = options.windowSec ?? 0;
    requireParam(windowSec >= 0 && Number.isFinite(windowSec), "stats.windowSec", "a finite number >= 0", windowSec);
    this.clock = clock;
    this.windowSec = windowSec;
    this.subBucketBits = options.subBucketBits ?? 7;
  }

  /** A counter; `windowed` (default true when the scope has a window) adds a per-window series. */
  counter(name: string, options: { windowed?: boolean } = {}): Counter {
    this.claim(name);
    const c = new Counter(this.clock, (options.windowed ?? true) ? this.windowSec : 0);
    this.counters.set(name, c);
    return c;
  }

  /** A time-weighted gauge starting at `initial` (default 0). */
  timeWeighted(name: string, options: { windowed?: boolean; initial?: number } = {}): TimeWeighted {
    this.claim(name);
    const g = new TimeWeighted(this.clock, { initial: options.initial ?? 0, windowSec: (options.windowed ?? true) ? this.windowSec : 0 });
    this.gauges.set(name, g);
    return g;
  }

  /** A histogram over the whole run (after warm-up). */
  histogram(name: string): Histogram {
    this.claim(name);
    const h = new Histogram(this.subBucketBits);
    this.histograms.set(name, h);
    return h;
  }

  /** A histogram with per-window histograms (needs a scope window > 0). */
  windowedHistogram(name: string): WindowedHistogram {
    requireParam(this.windowSec > 0, `stats.${name}`, "in a scope with windowSec > 0 to be windowed", this.windowSec);
    this.claim(name);
    const h = new WindowedHistogram(this.clock, this.windowSec, this.subBucketBits);
    this.histograms.set(name, h);
    return h;
  }

  /** Warm-up deletion: every total, average and histogram restarts now; per-window series are kept. */
  reset(): void {
    for (const c of this.counters.values()) c.reset();
    for (const g of this.gauges.values()) g.reset();
    for (const h of this.histograms.values()) h.reset();
  }

  /** Plain snapshot of every statistic at the clock's current time, names sorted. */
  snapshot(): StatsSnapshot {
    const now = this.clock.nowSec;
    const counters: Record<string, CounterSnapshot> = {};
    for (const name of [...this.counters.keys()].sort()) counters[name] = this.counters.get(name)!.snapshot(now);
    const gauges: Record<string, TimeWeightedSnapshot> = {};
    for (const name of [...this.gauges.keys()].sort()) gauges[name] = this.gauges.get(name)!.snapshot();
    const histograms: Record<string, HistogramSummary | WindowedHistogramSnapshot> = {};
    for (const name of [...this.histograms.keys()].sort()) {
      const h = this.histograms.get(name)!;
      histograms[name] = h instanceof Histogram ? h.summary() : h.snapshot();
    }
    return { counters, gauges, histograms };
  }

  private claim(name: string): void {
    requireParam(typeof name === "string" && name.length > 0, "stats name", "a non-empty string", name);
    if (this.counters.has(name) || this.gauges.has(name) || this.histograms.has(name)) {
      throw new Error(`statistic "${name}" is already registered`);
    }
  }
}
