/**
 * The engine: a clock, an event calendar and a table of handlers.
 *
 * Components register a handler once, at wiring, and get back a `kind` number; they then schedule
 * events as (time, kind, target, stamp) numbers. The hot loop pops the earliest event, moves the
 * clock and calls `handlers[kind].handle(kind, target, stamp)`. Nothing is allocated per event.
 *
 * Ties in time run in scheduling order (see {@link Calendar}), so a run is a pure function of its
 * inputs and seeds. Time is in seconds.
 */
import { Calendar, type EventHandle, type EventRecord } from "./calendar.js";
import { InvariantError } from "./errors.js";

export type { EventHandle } from "./calendar.js";

/** Something that reacts to events it scheduled. `target` and `stamp` are the numbers given to schedule. */
export interface EventHandler {
  handle(kind: number, target: number, stamp: number): void;
}

/** Read-only view of simulated time, handed to statistics that integrate over time. */
export interface Clock {
  /** Current simulated time, seconds. */
  readonly nowSec: number;
}

/**
 * Discrete-event engine.
 *
 * Errors: scheduling at a time before `nowSec`, or with a NaN or negative delay, throws
 * InvariantError (it is always a model bug). Handlers' own exceptions propagate out of `run*`.
 */
export class Engine implements Clock {
  /** Current simulated time, seconds. Starts at 0. */
  nowSec: number;
  /** Events executed since construction. */
  eventsExecuted: number;
  private readonly calendar: Calendar;
  private readonly handlers: EventHandler[];
  private readonly slot: EventRecord;
  private stopRequested: boolean;

  constructor(options: { initialCalendarCapacity?: number } = {}) {
    this.nowSec = 0;
    this.eventsExecuted = 0;
    this.calendar = new Calendar(options.initialCalendarCapacity ?? 1024);
    this.handlers = [];
    this.slot = { timeSec: 0, kind: 0, target: 0, stamp: 0 };
    this.stopRequested = false;
  }

  /** Registers a handler and returns the `kind` number to schedule its events with. */
  register(handler: EventHandler): number {
    this.handlers.push(handler);
    return this.handlers.length - 1;
  }

  /** Number of events pending in the calendar. */
  get pendingEvents(): number {
    return this.calendar.size;
  }

  /** Time of the next pending event, Infinity if none. */
  nextEventTimeSec(): number {
    return this.calendar.peekTimeSec();
  }

  /**
   * Schedules an event `delaySec` (>= 0) from now.
   * @throws InvariantError if delaySec is negative or NaN.
   */
  schedule(delaySec: number, kind: number, target = 0, stamp = 0): EventHandle {
    if (!(delaySec >= 0)) throw new InvariantError(`negative or NaN delay ${delaySec}`, this.nowSec);
    return this.calendar.push(this.nowSec + delaySec, kind, target, stamp);
  }

  /**
   * Schedules an event at absolute time `timeSec` (>= nowSec).
   * @throws InvariantError if timeSec is in the past or NaN.
   */
  scheduleAt(timeSec: number, kind: number, target = 0, stamp = 0): EventHandle {
    if (!(timeSec >= this.nowSec)) throw new InvariantError(`scheduling at ${timeSec}, in the past`, this.nowSec);
    return this.calendar.push(timeSec, kind, target, stamp);
  }

  /** Cancels a pending event; false if it already ran or was cancelled. O(log n). */
  cancel(handle: EventHandle): boolean {
    return this.calendar.cancel(handle);
  }

  /** Asks the running loop to return after the current event (from inside a handler). */
  stop(): void {
    this.stopRequested = true;
  }

  /**
   * Runs every event with time <= untilSec, then sets the clock to untilSec (so time-weighted
   * statistics can be closed at exactly that time). Returns early, with the clock at the last
   * event's time, if a handler calls {@link stop}.
   * @throws InvariantError if untilSec is before nowSec or NaN.
   */
  run(untilSec: number): void {
    if (!(untilSec >= this.nowSec)) throw new InvariantError(`run until ${untilSec}, in the past`, this.nowSec);
    const cal = this.calendar;
    const ev = this.slot;
    const handlers = this.handlers;
    this.stopRequested = false;
    let n = 0;
    while (cal.size > 0 && cal.peekTimeSec() <= untilSec) {
      cal.popInto(ev);
      this.nowSec = ev.timeSec;
      n++;
      handlers[ev.kind].handle(ev.kind, ev.target, ev.stamp);
      if (this.stopRequested) break;
    }
    this.eventsExecuted += n;
    if (!this.stopRequested && untilSec !== Infinity) this.nowSec = untilSec;
  }

  /**
   * Runs until the calendar is empty (or {@link stop}); the clock stays at the last event's time.
   * @throws InvariantError if more than maxEvents run (a guard against runaway models).
   */
  runUntilEmpty(maxEvents = Number.MAX_SAFE_INTEGER): void {
    const cal = this.calendar;
    const ev = this.slot;
    const handlers = this.handlers;
    this.stopRequested = false;
    let n = 0;
    while (cal.size > 0) {
      if (n >= maxEvents) {
        this.eventsExecuted += n;
        throw new InvariantError(`more than ${maxEvents} events: the calendar never empties`, this.nowSec);
      }
      cal.popInto(ev);
      this.nowSec = ev.timeSec;
      n++;
      handlers[ev.kind].handle(ev.kind, ev.target, ev.stamp);
      if (this.stopRequested) break;
    }
    this.eventsExecuted += n;
  }

  /**
   * Runs events until `done()` returns true (checked after each event), the calendar empties, or
   * the next event lies beyond untilSec. Returns true if `done()` held.
   */
  runUntil(done: () => boolean, untilSec = Infinity): boolean {
    const cal = this.calendar;
    const ev = this.slot;
    const handlers = this.handlers;
    this.stopRequested = false;
    let n = 0;
    let held = done();
    while (!held && cal.size > 0 && cal.peekTimeSec() <= untilSec) {
      cal.popInto(ev);
      this.nowSec = ev.timeSec;
      n++;
      handlers[ev.kind].handle(ev.kind, ev.target, ev.stamp);
      held = done();
      if (this.stopRequested) break;
    }
    this.eventsExecuted += n;
    return held;
  }
}
