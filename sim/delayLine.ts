/**
 * A delay line: events that all fire a fixed delay after they are pushed (a client timeout, a
 * network round trip). Since the delay is constant, their due times are in push order, so a FIFO
 * of (due time, target, stamp) with a single calendar event for its head replaces a heap push per
 * event (and a heap removal per cancellation: cancelling is done by the receiver ignoring an entry
 * whose stamp is stale). Cost per event: O(1), against O(log n) twice for schedule + cancel.
 *
 * Delivery: when the head is due, every entry due by then is delivered in push order, as
 * `receiver.handle(deliverKind, target, stamp)`. Events scheduled elsewhere for exactly the same
 * instant may run before or after that batch; the order is still a pure function of the inputs.
 * Memory: the entries pending, i.e. (push rate × delay), growing by doubling.
 *
 * Most timeouts never fire (the attempt succeeds first). With a `staleCheck`, entries at the head
 * that are already stale are dropped without an engine event whenever the line looks for its next
 * head, so a stale timeout costs a FIFO push and a predicate call instead of a calendar event.
 */

/** Tells a delay line that an entry no longer matters (e.g. its attempt already ended). */
export interface StaleCheck {
  isStale(kind: number, target: number, stamp: number): boolean;
}
import type { Engine, EventHandler } from "./engine.js";
import { requireParam } from "./errors.js";

/** FIFO of events that fire `delaySec` after being pushed. */
export class DelayLine implements EventHandler {
  readonly delaySec: number;
  private readonly engine: Engine;
  private readonly kind: number;
  private readonly receiver: EventHandler;
  private readonly deliverKind: number;
  private readonly staleCheck: StaleCheck | null;
  private due: Float64Array;
  private targets: Float64Array;
  private stamps: Float64Array;
  private head: number;
  private size: number;
  private scheduled: boolean;

  /**
   * @param receiver gets `handle(deliverKind, target, stamp)` for each entry when it is due.
   * @throws RangeError if delaySec is negative, NaN or infinite.
   */
  constructor(engine: Engine, options: { delaySec: number; receiver: EventHandler; deliverKind: number; staleCheck?: StaleCheck }) {
    requireParam(options.delaySec >= 0 && Number.isFinite(options.delaySec), "delayLine.delaySec", "a finite number >= 0", options.delaySec);
    this.delaySec = options.delaySec;
    this.engine = engine;
    this.kind = engine.register(this);
    this.receiver = options.receiver;
    this.deliverKind = options.deliverKind;
    this.staleCheck = options.staleCheck ?? null;
    this.due = new Float64Array(64);
    this.targets = new Float64Array(64);
    this.stamps = new Float64Array(64);
    this.head = 0;
    this.size = 0;
    this.scheduled = false;
  }

  /** Entries waiting. */
  get pending(): number {
    return this.size;
  }

  /** Queues an event for `target` with `stamp`, due delaySec from now. */
  push(target: number, stamp: number): void {
    if (this.size === this.due.length) this.grow();
    const i = (this.head + this.size) & (this.due.length - 1);
    this.due[i] = this.engine.nowSec + this.delaySec;
    this.targets[i] = target;
    this.stamps[i] = stamp;
    this.size++;
    if (!this.scheduled) {
      this.scheduled = true;
      this.engine.scheduleAt(this.due[i], this.kind);
    }
  }

  /** Engine callback: delivers every entry now due, then waits for the next head. */
  handle(): void {
    const now = this.engine.nowSec;
    // While delivering, `scheduled` stays true so that pushes made by the receiver do not schedule
    // an event for a later entry ahead of older ones; the head is rescheduled once at the end.
    while (this.size > 0 && this.due[this.head] <= now) {
      const h = this.head;
      const target = this.targets[h];
      const stamp = this.stamps[h];
      this.head = (h + 1) & (this.due.length - 1);
      this.size--;
      this.receiver.handle(this.deliverKind, target, stamp);
    }
    this.scheduled = false;
    const check = this.staleCheck;
    if (check !== null) {
      while (this.size > 0 && check.isStale(this.deliverKind, this.targets[this.head], this.stamps[this.head])) {
        this.head = (this.head + 1) & (this.due.length - 1);
        this.size--;
      }
    }
    if (this.size > 0) {
      this.scheduled = true;
      this.engine.scheduleAt(this.due[this.head], this.kind);
    }
  }

  private grow(): void {
    const n = this.due.length * 2;
    const mask = this.due.length - 1;
    const due = new Float64Array(n);
    const targets = new Float64Array(n);
    const stamps = new Float64Array(n);
    for (let k = 0; k < this.size; k++) {
      const i = (this.head + k) & mask;
      due[k] = this.due[i];
      targets[k] = this.targets[i];
      stamps[k] = this.stamps[i];
    }
    this.due = due;
    this.targets = targets;
    this.stamps = stamps;
    this.head = 0;
  }
}
