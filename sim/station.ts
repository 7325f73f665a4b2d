/**
 * A multi-server FIFO station: c identical servers, one shared FIFO queue (M/M/c-style) or one
 * FIFO queue per server with random dispatch, and an optional limit K on the number of customers
 * in the station (waiting + in service): an arrival that finds K present is blocked (M/M/c/K).
 *
 * It is both the engine's test vehicle (closed forms exist for it) and a building block.
 *
 *   arrive --servers idle-----------> InService --service done--> departed (onDeparture)
 *   arrive --all busy, room---------> Waiting   --server frees--> InService
 *   arrive --K customers present----> Blocked   (counted, nothing scheduled)
 *
 * Statistics (declared in the given scope under `<name>.`): counters `arrivals`, `blocked`,
 * `completed`, `waited` (customers whose wait was > 0); gauges `queueLength` (customers waiting)
 * and `busyServers` (its mean / c is the utilization ρ); histograms `waitSec` (W) and
 * `sojournSec` (T = W + S).
 */
import type { Sampler } from "./distributions.js";
import type { Engine, EventHandler } from "./engine.js";
import { requireParam } from "./errors.js";
import { IntQueue } from "./intQueue.js";
import type { RandomStream } from "./random.js";
import type { Counter } from "./stats/counter.js";
import type { Histogram } from "./stats/histogram.js";
import type { StatsScope } from "./stats/scope.js";
import type { TimeWeighted } from "./stats/timeWeighted.js";
import { growFloat64, growInt32 } from "./calendar.js";

/** Outcome of an arrival at a station. */
export type StationAdmission = "served" | "queued" | "blocked";

/** Options of a {@link Station}. */
export interface StationOptions {
  /** Prefix of the station's statistic names. */
  name: string;
  /** Number of servers c (integer >= 1). */
  servers: number;
  /** Service time S in seconds, drawn when service starts. */
  serviceSec: Sampler;
  /** "shared": one FIFO queue all servers pull from. "random": each arrival joins a uniformly chosen server's own FIFO queue. */
  dispatch?: "shared" | "random";
  /** Stream for random dispatch (required when dispatch is "random"). */
  dispatchStream?: RandomStream;
  /** Limit K on customers present (waiting + in service), integer >= servers, or Infinity (default). */
  capacity?: number;
  /** Where the station declares its statistics. */
  stats: StatsScope;
  /** Called when a customer leaves after service, with the id given to arrive. */
  onDeparture?: (customerId: number) => void;
}

/**
 * Multi-server FIFO station on an engine.
 * @throws RangeError for invalid options (names the field).
 */
export class Station implements EventHandler {
  readonly name: string;
  readonly servers: number;
  readonly capacity: number;
  /** Lifetime counts (not cut by warm-up): arrivals = blocked + completed + present. */
  arrivals: number;
  blocked: number;
  completed: number;
  /** Customers in the station now (waiting + in service). */
  present: number;
  private readonly engine: Engine;
  private readonly kind: number;
  private readonly serviceSec: Sampler;
  private readonly shared: boolean;
  private readonly dispatchStream: RandomStream | null;
  private readonly onDeparture: ((customerId: number) => void) | null;
  private readonly queues: IntQueue[];
  private readonly serving: Int32Array;
  private readonly idle: Int32Array;
  private idleCount: number;
  private arrivalSec: Float64Array;
  private customerOf: Float64Array;
  private freeSlots: Int32Array;
  private freeTop: number;
  private slotsUsed: number;
  private readonly statArrivals: Counter;
  private readonly statBlocked: Counter;
  private readonly statCompleted: Counter;
  private readonly statWaited: Counter;
  private readonly queueLength: TimeWeighted;
  private readonly busyServers: TimeWeighted;
  private readonly waitSec: Histogram;
  private readonly sojournSec: Histogram;

  constructor(engine: Engine, options: StationOptions) {
    const { name, servers } = options;
    const dispatch = options.dispatch ?? "shared";
    const capacity = options.capacity ?? Infinity;
    requireParam(Number.isInteger(servers) && servers >= 1, `${name}.servers`, "an integer >= 1", servers);
    requireParam(dispatch === "shared" || dispatch === "random", `${name}.dispatch`, `one of "shared", "random"`, dispatch);
    requireParam(dispatch === "shared" || options.dispatchStream !== undefined, `${name}.dispatchStream`, "given when dispatch is \"random\"", undefined);
    requireParam(capacity === Infinity || (Number.isInteger(capacity) && capacity >= servers), `${name}.capacity`, `an integer >= servers (${servers}) or Infinity`, capacity);
    this.name = name;
    this.servers = servers;
    this.capacity = capacity;
    this.engine = engine;
    this.kind = engine.register(this);
    this.serviceSec = options.serviceSec;
    this.shared = dispatch === "shared";
    this.dispatchStream = options.dispatchStream ?? null;
    this.onDeparture = options.onDeparture ?? null;
    this.queues = [];
    for (let i = 0; i < (this.shared ? 1 : servers); i++) this.queues.push(new IntQueue());
    this.serving = new Int32Array(servers).fill(-1);
    this.idle = new Int32Array(servers);
    for (let i = 0; i < servers; i++) this.idle[i] = servers - 1 - i; // pop gives server 0 first
    this.idleCount = servers;
    this.arrivals = 0;
    this.blocked = 0;
    this.completed = 0;
    this.present = 0;
    this.arrivalSec = new Float64Array(64);
    this.customerOf = new Float64Array(64);
    this.freeSlots = new Int32Array(64);
    this.freeTop = 0;
    this.slotsUsed = 0;
    const s = options.stats;
    this.statArrivals = s.counter(`${name}.arrivals`);
    this.statBlocked = s.counter(`${name}.blocked`);
    this.statCompleted = s.counter(`${name}.completed`);
    this.statWaited = s.counter(`${name}.waited`, { windowed: false });
    this.queueLength = s.timeWeighted(`${name}.queueLength`);
    this.busyServers = s.timeWeighted(`${name}.busyServers`);
    this.waitSec = s.histogram(`${name}.waitSec`);
    this.sojournSec = s.histogram(`${name}.sojournSec`);
  }

  /** Customers waiting (not in service). */
  get waiting(): number {
    return this.present - (this.servers - this.idleCount);
  }

  /** A customer arrives now. Returns whether it went straight into service, queued or was blocked. */
  arrive(customerId: number): StationAdmission {
    this.arrivals++;
    this.statArrivals.add(1);
    if (this.present >= this.capacity) {
      this.blocked++;
      this.statBlocked.add(1);
      return "blocked";
    }
    this.present++;
    const slot = this.allocSlot();
    this.arrivalSec[slot] = this.engine.nowSec;
    this.customerOf[slot] = customerId;
    if (this.shared) {
      if (this.idleCount > 0) {
        this.startService(this.idle[--this.idleCount], slot);
        return "served";
      }
      this.queues[0].push(slot);
      this.queueLength.add(1);
      return "queued";
    }
    const server = Math.floor(this.dispatchStream!.next() * this.servers);
    if (this.serving[server] < 0) {
      this.removeIdle(server);
      this.startService(server, slot);
      return "served";
    }
    this.queues[server].push(slot);
    this.queueLength.add(1);
    return "queued";
  }

  /** Engine callback: service done at server `target`. */
  handle(_kind: number, server: number, _stamp: number): void {
    const slot = this.serving[server];
    const now = this.engine.nowSec;
    this.sojournSec.record(now - this.arrivalSec[slot]);
    this.completed++;
    this.statCompleted.add(1);
    this.present--;
    const customer = this.customerOf[slot];
    this.freeSlots[this.freeTop++] = slot;
    const q = this.queues[this.shared ? 0 : server];
    if (q.size > 0) {
      this.queueLength.add(-1);
      this.serving[server] = -1;
      this.beginService(server, q.shift(), now);
    } else {
      this.serving[server] = -1;
      this.idle[this.idleCount++] = server;
      this.busyServers.add(-1);
    }
    if (this.onDeparture !== null) this.onDeparture(customer);
  }

  private startService(server: number, slot: number): void {
    this.busyServers.add(1);
    this.beginService(server, slot, this.engine.nowSec);
  }

  private beginService(server: number, slot: number, now: number): void {
    const wait = now - this.arrivalSec[slot];
    this.waitSec.record(wait);
    if (wait > 0) this.statWaited.add(1);
    this.serving[server] = slot;
    this.engine.schedule(this.serviceSec.sample(), this.kind, server, 0);
  }

  private removeIdle(server: number): void {
    for (let i = 0; i < this.idleCount; i++) {
      if (this.idle[i] === server) {
        this.idle[i] = this.idle[--this.idleCount];
        return;
      }
    }
  }

  private allocSlot(): number {
    if (this.freeTop > 0) return this.freeSlots[--this.freeTop];
    if (this.slotsUsed === this.arrivalSec.length) {
      const n = this.arrivalSec.length * 2;
      this.arrivalSec = growFloat64(this.arrivalSec, n);
      this.customerOf = growFloat64(this.customerOf, n);
      this.freeSlots = growInt32(this.freeSlots, n);
    }
    return this.slotsUsed++;
  }
}
