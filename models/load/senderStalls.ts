/**
 * Sender stalls: pauses of the sending side that bunch open-loop arrivals. Every `everySec` (the
 * first at everySec / 2) the sender stops for a length drawn from the scenario's distribution; a
 * connection due during a stall is held and sent when it ends, in the order they were due, and its
 * latency counts from when it was due (so the wait is the client's, as a load generator that
 * measures from the scheduled time sees it). Stalls do not overlap: one that would start inside
 * the previous one starts when it ends.
 *
 * Why: at high load the server drains a backlog at only (1 - rho) of its rate, so a burst of
 * held-back connections costs the connections behind it much more than the stall itself. A load
 * generator's event-loop stalls did exactly that in the validation runs (docs/validation): the
 * measured p99 of uniform arrivals at 80-90 % of capacity was two to four times what a model
 * without them predicted. Unlike a server pause, a stall takes no server CPU.
 */
import type { Sampler } from "../../sim/distributions.js";
import type { Engine, EventHandler } from "../../sim/engine.js";
import { requireParam } from "../../sim/errors.js";

/** Holds the connections due during a stall and releases them when it ends. */
export class SenderStalls implements EventHandler {
  private readonly engine: Engine;
  private readonly kind: number;
  private readonly everySec: number;
  private readonly lengthSec: Sampler;
  private readonly send: (dueSec: number) => void;
  private nextStartSec: number;
  private endSec: number;
  /** Connections held so far (for tests and reports). */
  held: number;
  /** Held connections not yet sent. */
  private pending: number;

  /**
   * @param send opens a connection that was due at `dueSec` (now or earlier).
   * @throws RangeError if everySec is not a finite number > 0.
   */
  constructor(engine: Engine, options: { everySec: number; lengthSec: Sampler; send: (dueSec: number) => void }) {
    requireParam(Number.isFinite(options.everySec) && options.everySec > 0, "load.senderStalls.every", "a finite duration > 0", options.everySec);
    this.engine = engine;
    this.kind = engine.register(this);
    this.everySec = options.everySec;
    this.lengthSec = options.lengthSec;
    this.send = options.send;
    this.nextStartSec = options.everySec / 2;
    this.endSec = 0;
    this.held = 0;
    this.pending = 0;
  }

  /** A connection is due now: sent at once, or held until the stall in progress ends. */
  offer(): void {
    const now = this.engine.nowSec;
    while (this.nextStartSec <= now) {
      const start = Math.max(this.nextStartSec, this.endSec);
      this.endSec = start + this.lengthSec.sample();
      this.nextStartSec += this.everySec;
    }
    // One due exactly at a stall's end still queues behind the held ones (FIFO by due time).
    if (now < this.endSec || (now === this.endSec && this.pending > 0)) {
      this.held++;
      this.pending++;
      this.engine.scheduleAt(this.endSec, this.kind, 0, now);
    } else this.send(now);
  }

  /** Engine callback: a held connection (due at `stamp`) goes out now. */
  handle(_kind: number, _target: number, stamp: number): void {
    this.pending--;
    this.send(stamp);
  }
}
