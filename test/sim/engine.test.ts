import { describe, expect, test } from "vitest";
import { Engine } from "../../sim/engine.js";
import { InvariantError } from "../../sim/errors.js";

function recorder(engine: Engine) {
  const log: [number, number, number][] = [];
  const handler = { handle: (_k: number, target: number, stamp: number) => log.push([engine.nowSec, target, stamp]) };
  return { log, kind: engine.register(handler) };
}

describe("Engine", () => {
  test("run(until) executes events up to and including that time, then sets the clock to it", () => {
    const e = new Engine();
    const { log, kind } = recorder(e);
    e.schedule(1, kind, 1);
    e.schedule(2, kind, 2);
    e.schedule(2.5, kind, 3);
    e.run(2);
    expect(log.map((x) => x[1])).toEqual([1, 2]);
    expect(e.nowSec).toBe(2);
    expect(e.pendingEvents).toBe(1);
    e.run(10);
    expect(log.map((x) => x[0])).toEqual([1, 2, 2.5]);
    expect(e.nowSec).toBe(10);
  });

  test("runUntilEmpty leaves the clock at the last event and counts events", () => {
    const e = new Engine();
    const { kind } = recorder(e);
    e.schedule(3, kind);
    e.schedule(1, kind);
    e.runUntilEmpty();
    expect(e.nowSec).toBe(3);
    expect(e.eventsExecuted).toBe(2);
  });

  test("runUntil stops as soon as the predicate holds", () => {
    const e = new Engine();
    const { log, kind } = recorder(e);
    for (let i = 1; i <= 10; i++) e.schedule(i, kind, i);
    expect(e.runUntil(() => log.length >= 4)).toBe(true);
    expect(e.nowSec).toBe(4);
    expect(e.runUntil(() => false, 6)).toBe(false);
    expect(log.length).toBe(6);
  });

  test("handlers may schedule and cancel events while the loop runs", () => {
    const e = new Engine();
    const seen: number[] = [];
    let pending = -1;
    const kind = e.register({
      handle(_k, target) {
        seen.push(target);
        if (target === 1) {
          e.schedule(0, kind, 2); // same time: runs after everything already at this time
          pending = e.schedule(5, kind, 99);
        }
        if (target === 2) e.cancel(pending);
      },
    });
    e.schedule(1, kind, 1);
    e.schedule(1, kind, 3);
    e.runUntilEmpty();
    expect(seen).toEqual([1, 3, 2]);
  });

  test("stop() inside a handler ends the run after that event", () => {
    const e = new Engine();
    const kind = e.register({ handle: (_k, t) => t === 2 && e.stop() });
    for (let i = 1; i <= 4; i++) e.schedule(i, kind, i);
    e.run(100);
    expect(e.nowSec).toBe(2);
    expect(e.pendingEvents).toBe(2);
  });

  test("scheduling in the past, a negative or NaN delay, and running backwards are InvariantErrors", () => {
    const e = new Engine();
    const { kind } = recorder(e);
    e.run(5);
    expect(() => e.schedule(-1, kind)).toThrow(InvariantError);
    expect(() => e.schedule(Number.NaN, kind)).toThrow(InvariantError);
    expect(() => e.scheduleAt(4, kind)).toThrow(/in the past/);
    expect(() => e.run(1)).toThrow(InvariantError);
  });

  test("runUntilEmpty refuses to run forever past maxEvents", () => {
    const e = new Engine();
    const kind = e.register({ handle: () => e.schedule(1, kind) });
    e.schedule(0, kind);
    expect(() => e.runUntilEmpty(1000)).toThrow(/never empties/);
  });
});
