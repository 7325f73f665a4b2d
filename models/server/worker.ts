/**
 * One worker: a single-threaded event loop that runs CPU work one item at a time.
 *
 * Its ready work is a FIFO run queue (continuations of handshakes it already accepted, request
 * work, periodic blocking work); only when the run queue is empty does it accept a new connection
 * from its accept queue (its own with SO_REUSEPORT, else the instance's shared one). What each
 * item costs and what follows it is decided by the {@link WorkerHost} (models/edge.ts): the worker
 * only keeps the loop busy, counts its busy time, and never runs two items at once.
 *
 *   Idle --run queue has an item--------> Busy(item)  --CPU done--> host.finishItem --> Idle/next
 *   Idle --accept queue has a connection-> Busy(phase 1 or reject)   (host.acceptItem decides)
 *
 * Work item encoding (one int32): serverConn * 4 + WorkPhase, so items need no objects.
 */
import type { Engine, EventHandler } from "../../sim/engine.js";
import { IntQueue } from "../../sim/intQueue.js";
import type { TimeWeighted } from "../../sim/stats/timeWeighted.js";
import type { CpuFactor } from "./slowdowns.js";

/** What a run-queue item is. */
export const WorkPhase = {
  /** The first CPU phase of a handshake (ClientHello to the server's first flight), or a rejection. */
  First: 0,
  /** The second CPU phase, after the client's reply one round trip later. */
  Second: 1,
  /** Request work after the handshake. */
  Request: 2,
  /** Periodic blocking work (not tied to a connection). */
  Blocking: 3,
} as const;

/** The model side of a worker: decides what items cost and what happens after them. */
export interface WorkerHost {
  /** A connection `s` taken from the accept queue: CPU seconds of its first phase (or its rejection), or -1 if there is nothing to run now. */
  acceptItem(worker: Worker, s: number): number;
  /** A run-queue item is about to start: its CPU seconds, or -1 to skip it. */
  startItem(worker: Worker, item: number): number;
  /** An item finished after `cpuSec` of CPU. */
  finishItem(worker: Worker, item: number, cpuSec: number): void;
}

/** Statistics a worker feeds (shared by all workers of a model). */
export interface WorkerStats {
  busyWorkers: TimeWeighted;
  runQueueDepth: TimeWeighted;
  backlogDepth: TimeWeighted;
}

/** One event loop. `index` is global across the fleet: instance * workersPerInstance + local. */
export class Worker implements EventHandler {
  readonly index: number;
  readonly instance: number;
  readonly local: number;
  readonly runQueue: IntQueue;
  /** The accept queue this worker takes new connections from (shared by an instance's workers unless reuseport). */
  readonly acceptQueue: IntQueue;
  busy: boolean;
  /** Bumped at a restart so that the CPU-done event of an item dropped by the restart is ignored. */
  generation: number;
  /** Handshakes accepted and not finished (for the per-worker cap). */
  handshakesInProgress: number;
  /** Total CPU seconds this worker ran. */
  busySec: number;
  private currentItem: number;
  private currentCpuSec: number;
  private readonly engine: Engine;
  private readonly kind: number;
  private readonly host: WorkerHost;
  /** The gauges this worker updates (shared by all workers). */
  readonly stats: WorkerStats;

  /** The server's CPU time multiplier (fleet.slowdowns, fleet.cpuTrace): every item but blocking work takes its factor at the item's start times as long; null: none. */
  private readonly cpuFactor: CpuFactor | null;

  /** Registers itself with the engine as the handler of its own CPU-done events. */
  constructor(engine: Engine, options: { index: number; instance: number; local: number; acceptQueue: IntQueue; host: WorkerHost; stats: WorkerStats; cpuFactor?: CpuFactor | null }) {
    this.cpuFactor = options.cpuFactor ?? null;
    this.engine = engine;
    this.kind = engine.register(this);
    this.index = options.index;
    this.instance = options.instance;
    this.local = options.local;
    this.acceptQueue = options.acceptQueue;
    this.host = options.host;
    this.stats = options.stats;
    this.runQueue = new IntQueue();
    this.busy = false;
    this.generation = 0;
    this.handshakesInProgress = 0;
    this.busySec = 0;
    this.currentItem = -1;
    this.currentCpuSec = 0;
  }

  /** Queues ready work and starts it if the loop is idle. */
  enqueue(item: number): void {
    this.runQueue.push(item);
    this.stats.runQueueDepth.add(1);
    if (!this.busy) this.kick();
  }

  /** If idle, starts the next item: run queue first, then the accept queue. */
  kick(): void {
    while (!this.busy) {
      if (this.runQueue.size > 0) {
        const item = this.runQueue.shift();
        this.stats.runQueueDepth.add(-1);
        const cpu = this.host.startItem(this, item);
        if (cpu >= 0) this.start(item, cpu);
      } else if (this.acceptQueue.size > 0) {
        const s = this.acceptQueue.shift();
        this.stats.backlogDepth.add(-1);
        const cpu = this.host.acceptItem(this, s);
        if (cpu >= 0) this.start(s * 4 + WorkPhase.First, cpu);
      } else return;
    }
  }

  /** Engine callback: the current item's CPU is done. */
  handle(_kind: number, _target: number, stamp: number): void {
    if (stamp !== this.generation) return; // the item was dropped by a restart
    const item = this.currentItem;
    const cpu = this.currentCpuSec;
    this.busy = false;
    this.currentItem = -1;
    this.stats.busyWorkers.add(-1);
    this.host.finishItem(this, item, cpu);
    this.kick();
  }

  /** A restart: forgets the running item and the run queue (returned so the host can close those connections). Allocates; rare. */
  restart(): number[] {
    const dropped: number[] = [];
    if (this.busy) {
      dropped.push(this.currentItem);
      this.busy = false;
      this.currentItem = -1;
      this.stats.busyWorkers.add(-1);
    }
    while (this.runQueue.size > 0) {
      dropped.push(this.runQueue.shift());
      this.stats.runQueueDepth.add(-1);
    }
    this.generation++;
    this.handshakesInProgress = 0;
    return dropped;
  }

  private start(item: number, cpuSec: number): void {
    // Blocking work is a measured wall-clock pause: a slowdown does not lengthen it.
    if (this.cpuFactor !== null && (item & 3) !== WorkPhase.Blocking) cpuSec *= this.cpuFactor.factorAt(this.engine.nowSec);
    this.busy = true;
    this.currentItem = item;
    this.currentCpuSec = cpuSec;
    this.busySec += cpuSec;
    this.stats.busyWorkers.add(1);
    this.engine.schedule(cpuSec, this.kind, this.index, this.generation);
  }
}
