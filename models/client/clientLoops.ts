/**
 * Client-side CPU: the event loops that run the client side of every handshake (a client runtime,
 * a proxy that opens TLS connections to backends, or the validation harness's load generator, one
 * Node event loop). Each loop runs one piece of work at a time, first come first served, so at load
 * it is a second queue in tandem with the server's workers.
 *
 * Each attempt costs its loop three pieces of work (each optional, from the scenario's
 * `clients.cpu`):
 *   send    before the connection goes out (socket set-up, ClientHello): in the handshake's latency;
 *   finish  when the server's last flight arrives (certificate verification, key schedule,
 *           Finished): the handshake completes when it ends, so it is in the latency too;
 *   after   once the handshake completed (request, reply, close): it keeps the loop busy, delaying
 *           other connections' work, but is not in this handshake's latency.
 * Besides, each loop can pause (`clients.cpu.pauses`: garbage collection, a load generator's
 * stalls), periodically or at given times (a measured run's stalls, replayed): a pause is an item
 * of the loop's queue, so it holds up the sends and the completions behind it.
 * A client's work runs on loop `clientId mod loops`. Work of an attempt that already ended
 * (timeout, reset) is skipped when it comes up, at no CPU. A piece whose cost is not given is no
 * work: it does not wait for the loop.
 *
 * Simplification (stated in docs/models.md): the client's processing between the server's flights
 * of a TLS 1.2 full handshake is folded into `finish`; the server's second phase does not wait for
 * it. Why model it at all: a client that spends CPU on each handshake is a second queue, and a
 * load generator is such a client. In the validation runs (docs/validation) the generator spent
 * 1.0-1.5 ms of CPU per connection (0.1-0.45 cores); modelled, its queueing added about 0.05 ms to
 * the median at those loads, and its stalls held up completions as well as sends.
 *
 *   submit(loop, work) --loop idle--> running --CPU done--> host.clientWorkDone --> next item
 *                      --loop busy--> queued (FIFO)
 */
import type { Sampler } from "../../sim/distributions.js";
import type { Engine, EventHandler } from "../../sim/engine.js";
import { requireParam } from "../../sim/errors.js";
import type { TimeWeighted } from "../../sim/stats/timeWeighted.js";

/** What a piece of client work is (Pause: the loop is blocked, e.g. by garbage collection). */
export const ClientWork = { Send: 0, Finish: 1, After: 2, Pause: 3 } as const;

/** The model side: is a piece of work still wanted, and what follows it. */
export interface ClientLoopHost {
  /** Is the attempt of client connection `c` that submitted work with `stamp` still the current one (and in the right state for `work`)? */
  isCurrent(work: number, c: number, stamp: number): boolean;
  /** Work `work` of client connection `c` (attempt `stamp`) is done. Not called for After work. */
  clientWorkDone(work: number, c: number, stamp: number): void;
}

/** Options of {@link ClientLoops}; a null sampler means that piece of work costs nothing. */
export interface ClientLoopsOptions {
  loops: number;
  sendCpuSec: Sampler | null;
  finishCpuSec: Sampler | null;
  afterCpuSec: Sampler | null;
  /**
   * Pauses of every loop; null: none. Periodic: each loop's first at every × (loop + 1) / (loops + 1),
   * its length drawn. Replayed: every loop pauses at each `atSec` (s from t = 0) for `lengthSec`.
   */
  pauses: { everySec: number; lengthSec: Sampler } | { replay: readonly { atSec: number; lengthSec: number }[] } | null;
  host: ClientLoopHost;
  /** Loops busy (time-weighted). */
  busyLoops: TimeWeighted;
}

/** The client event loops of a run. */
export class ClientLoops implements EventHandler {
  readonly loops: number;
  /** Total client CPU seconds run. */
  busySec: number;
  private readonly engine: Engine;
  private readonly kind: number;
  private readonly samplers: (Sampler | null)[];
  private readonly host: ClientLoopHost;
  private readonly busyLoops: TimeWeighted;
  private readonly pauseEverySec: number;
  /** Replayed pauses (null: periodic or none). */
  private readonly replay: readonly { atSec: number; lengthSec: number }[] | null;
  /** Per loop: 1 while running an item, the running item (c * 4 + work) and its stamp. */
  private readonly busy: Uint8Array;
  private readonly currentItem: Float64Array;
  private readonly currentStamp: Float64Array;
  /** Per loop: a FIFO ring of (item, stamp) pairs. */
  private items: Float64Array[];
  private stamps: Float64Array[];
  private readonly head: Int32Array;
  private readonly size: Int32Array;

  /**
   * Registers itself with the engine as the handler of its CPU-done events.
   * @throws RangeError if loops is not an integer >= 1, a periodic pause's interval is not a finite
   *   duration > 0, or a replayed pause's time is not finite and >= 0 or its length not finite and > 0.
   */
  constructor(engine: Engine, options: ClientLoopsOptions) {
    requireParam(Number.isInteger(options.loops) && options.loops >= 1, "clients.cpu.loops", "an integer >= 1", options.loops);
    this.engine = engine;
    this.kind = engine.register(this);
    this.loops = options.loops;
    this.busySec = 0;
    const pauses = options.pauses;
    const periodic = pauses !== null && "everySec" in pauses ? pauses : null;
    this.replay = pauses !== null && "replay" in pauses ? pauses.replay : null;
    this.samplers = [options.sendCpuSec, options.finishCpuSec, options.afterCpuSec, periodic?.lengthSec ?? null];
    this.pauseEverySec = periodic?.everySec ?? 0;
    if (periodic !== null) requireParam(Number.isFinite(this.pauseEverySec) && this.pauseEverySec > 0, "clients.cpu.pauses.every", "a finite duration > 0", this.pauseEverySec);
    for (const [i, p] of (this.replay ?? []).entries()) {
      requireParam(Number.isFinite(p.atSec) && p.atSec >= 0, `clients.cpu.pauses.replay[${i}].at`, "a finite time >= 0", p.atSec);
      requireParam(Number.isFinite(p.lengthSec) && p.lengthSec > 0, `clients.cpu.pauses.replay[${i}].length`, "a finite duration > 0", p.lengthSec);
    }
    this.host = options.host;
    this.busyLoops = options.busyLoops;
    const n = options.loops;
    this.busy = new Uint8Array(n);
    this.currentItem = new Float64Array(n);
    this.currentStamp = new Float64Array(n);
    this.items = Array.from({ length: n }, () => new Float64Array(16));
    this.stamps = Array.from({ length: n }, () => new Float64Array(16));
    this.head = new Int32Array(n);
    this.size = new Int32Array(n);
  }

  /** Schedules the loops' first periodic pauses, or all replayed ones (if any). Call once, when the run starts (t = 0). */
  start(): void {
    if (this.replay !== null) {
      const now = this.engine.nowSec;
      for (let l = 0; l < this.loops; l++) for (const [i, p] of this.replay.entries()) this.engine.schedule(Math.max(0, p.atSec - now), this.kind, this.loops + l, i);
      return;
    }
    if (this.samplers[ClientWork.Pause] === null) return;
    for (let l = 0; l < this.loops; l++) this.engine.schedule((this.pauseEverySec * (l + 1)) / (this.loops + 1), this.kind, this.loops + l, 0);
  }

  /** The loop that runs client `clientId`'s work. */
  loopOf(clientId: number): number {
    return clientId % this.loops;
  }

  /** Work waiting (not running) on loop `loop`. */
  queued(loop: number): number {
    return this.size[loop];
  }

  /**
   * Queues `work` for client connection `c` (attempt `stamp`; for After work c and stamp are
   * ignored) on `loop`, and starts it at once if the loop is idle.
   */
  submit(loop: number, work: number, c: number, stamp: number): void {
    if (work !== ClientWork.Pause && this.samplers[work] === null) {
      // A piece with no cost is no work at all: it does not wait for the loop.
      if (work === ClientWork.Send || work === ClientWork.Finish) this.host.clientWorkDone(work, c, stamp);
      return;
    }
    const item = work === ClientWork.Send || work === ClientWork.Finish ? c * 4 + work : work;
    if (this.busy[loop] === 0 && this.size[loop] === 0) this.begin(loop, item, stamp);
    else this.push(loop, item, stamp);
  }

  /**
   * Engine callback: loop `target`'s running item is done, or (target >= loops) loop target - loops
   * pauses now (replayed: pause number `pauseNo`).
   */
  handle(_kind: number, target: number, pauseNo: number): void {
    if (target >= this.loops) {
      this.submit(target - this.loops, ClientWork.Pause, -1, pauseNo);
      if (this.replay === null) this.engine.schedule(this.pauseEverySec, this.kind, target, 0);
      return;
    }
    const loop = target;
    const item = this.currentItem[loop];
    const stamp = this.currentStamp[loop];
    this.busy[loop] = 0;
    this.busyLoops.add(-1);
    this.finish(item, stamp);
    while (this.busy[loop] === 0 && this.size[loop] > 0) {
      const h = this.head[loop];
      const next = this.items[loop][h];
      const nextStamp = this.stamps[loop][h];
      this.head[loop] = (h + 1) % this.items[loop].length;
      this.size[loop]--;
      this.begin(loop, next, nextStamp);
    }
  }

  /** Starts `item` on the idle `loop`: stale work is skipped, zero-cost work finishes at once. */
  private begin(loop: number, item: number, stamp: number): void {
    const work = item % 4;
    const c = (item - work) / 4;
    if ((work === ClientWork.Send || work === ClientWork.Finish) && !this.host.isCurrent(work, c, stamp)) return;
    const sampler = this.samplers[work];
    const cpu = work === ClientWork.Pause && this.replay !== null ? this.replay[stamp]!.lengthSec : sampler === null ? 0 : sampler.sample();
    if (!(cpu > 0)) {
      this.finish(item, stamp);
      return;
    }
    this.busy[loop] = 1;
    this.currentItem[loop] = item;
    this.currentStamp[loop] = stamp;
    this.busySec += cpu;
    this.busyLoops.add(1);
    this.engine.schedule(cpu, this.kind, loop, 0);
  }

  private finish(item: number, stamp: number): void {
    const work = item % 4;
    if (work === ClientWork.After || work === ClientWork.Pause) return;
    const c = (item - work) / 4;
    if (this.host.isCurrent(work, c, stamp)) this.host.clientWorkDone(work, c, stamp);
  }

  private push(loop: number, item: number, stamp: number): void {
    let items = this.items[loop];
    if (this.size[loop] === items.length) {
      const n = items.length;
      const h = this.head[loop];
      const grownItems = new Float64Array(n * 2);
      const grownStamps = new Float64Array(n * 2);
      for (let k = 0; k < n; k++) {
        grownItems[k] = items[(h + k) % n];
        grownStamps[k] = this.stamps[loop][(h + k) % n];
      }
      this.items[loop] = items = grownItems;
      this.stamps[loop] = grownStamps;
      this.head[loop] = 0;
    }
    const tail = (this.head[loop] + this.size[loop]) % items.length;
    items[tail] = item;
    this.stamps[loop][tail] = stamp;
    this.size[loop]++;
  }
}
