import { expect, test } from "vitest";
import { DelayLine } from "../../sim/delayLine.js";
import { Engine } from "../../sim/engine.js";
import { RandomStreams } from "../../sim/random.js";

test("entries fire exactly delaySec after their push, in push order", () => {
  const e = new Engine();
  const got: [number, number, number, number][] = [];
  const line = new DelayLine(e, { delaySec: 2, deliverKind: 7, receiver: { handle: (k, t, s) => got.push([e.nowSec, k, t, s]) } });
  const kick = e.register({ handle: (_k, t) => line.push(t, t * 10) });
  for (const t of [0, 0.5, 0.5, 3]) e.scheduleAt(t, kick, got.length + t * 2);
  e.runUntilEmpty();
  expect(got.map((g) => g[0])).toEqual([2, 2.5, 2.5, 5]);
  expect(got.every((g) => g[1] === 7)).toBe(true);
  expect(got.map((g) => g[2])).toEqual([0, 1, 1, 6]);
});

test("a receiver that pushes while being delivered to keeps FIFO order and timing, also across growth", () => {
  const e = new Engine();
  const fired: number[] = [];
  const u = new RandomStreams(3).stream("t");
  let line: DelayLine;
  const receiver = {
    handle(_k: number, target: number) {
      fired.push(e.nowSec);
      if (target < 3000) line.push(target + 1000, 0); // chains, so the line grows while delivering
    },
  };
  line = new DelayLine(e, { delaySec: 1, deliverKind: 0, receiver });
  const kick = e.register({ handle: (_k, t) => line.push(t, 0) });
  for (let i = 0; i < 500; i++) e.scheduleAt(u.next() * 5, kick, i);
  e.runUntilEmpty();
  expect(fired.length).toBe(2000);
  for (let i = 1; i < fired.length; i++) expect(fired[i]).toBeGreaterThanOrEqual(fired[i - 1]);
  expect(line.pending).toBe(0);
});

test("a delay line refuses a negative or infinite delay", () => {
  const e = new Engine();
  expect(() => new DelayLine(e, { delaySec: -1, deliverKind: 0, receiver: { handle() {} } })).toThrow(/delaySec/);
  expect(() => new DelayLine(e, { delaySec: Infinity, deliverKind: 0, receiver: { handle() {} } })).toThrow(/delaySec/);
});
