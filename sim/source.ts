/**
 * An open-loop arrival process: renewal arrivals with a given interarrival-time distribution
 * (exponential gives a Poisson process), each handed to `onArrival(index)` where index counts
 * arrivals from 0. It stops after `maxArrivals` arrivals or at `untilSec`, whichever comes first.
 * Arrivals never wait for earlier customers (no coordinated omission).
 */
import type { Sampler } from "./distributions.js";
import type { Engine, EventHandler } from "./engine.js";
import { requireParam } from "./errors.js";

/** Options of an {@link ArrivalProcess}. */
export interface ArrivalProcessOptions {
  /** Interarrival time A in seconds (mean 1/λ). */
  interarrivalSec: Sampler;
  /** Called at each arrival with its index (0, 1, 2, ...). */
  onArrival: (index: number) => void;
  /** Stop after this many arrivals (integer >= 0 or Infinity, default Infinity). */
  maxArrivals?: number;
  /** No arrival at or after this time (s, default Infinity). */
  untilSec?: number;
  /** Time of the first arrival (s, default: one interarrival time after start). */
  firstAtSec?: number;
}

/**
 * Renewal arrival process. Call {@link start} once.
 * @throws RangeError for invalid options.
 */
export class ArrivalProcess implements EventHandler {
  /** Arrivals so far. */
  count: number;
  private readonly engine: Engine;
  private readonly kind: number;
  private readonly interarrivalSec: Sampler;
  private readonly onArrival: (index: number) => void;
  private readonly maxArrivals: number;
  private readonly untilSec: number;
  private readonly firstAtSec: number | undefined;

  constructor(engine: Engine, options: ArrivalProcessOptions) {
    const maxArrivals = options.maxArrivals ?? Infinity;
    const untilSec = options.untilSec ?? Infinity;
    requireParam(maxArrivals === Infinity || (Number.isInteger(maxArrivals) && maxArrivals >= 0), "arrivals.maxArrivals", "an integer >= 0 or Infinity", maxArrivals);
    requireParam(untilSec >= 0, "arrivals.untilSec", ">= 0", untilSec);
    requireParam(options.firstAtSec === undefined || options.firstAtSec >= 0, "arrivals.firstAtSec", ">= 0", options.firstAtSec);
    this.engine = engine;
    this.kind = engine.register(this);
    this.interarrivalSec = options.interarrivalSec;
    this.onArrival = options.onArrival;
    this.maxArrivals = maxArrivals;
    this.untilSec = untilSec;
    this.firstAtSec = options.firstAtSec;
    this.count = 0;
  }

  /** Schedules the first arrival. */
  start(): void {
    const t = this.firstAtSec ?? this.engine.nowSec + this.interarrivalSec.sample();
    if (this.maxArrivals > 0 && t < this.untilSec) this.engine.scheduleAt(t, this.kind);
  }

  /** Engine callback: one arrival, then schedule the next. */
  handle(): void {
    const index = this.count++;
    if (this.count < this.maxArrivals) {
      const next = this.engine.nowSec + this.interarrivalSec.sample();
      if (next < this.untilSec) this.engine.scheduleAt(next, this.kind);
    }
    this.onArrival(index);
  }
}
