import { expect, test } from "vitest";
import { TimeWeighted } from "../../../sim/stats/timeWeighted.js";
import { Counter } from "../../../sim/stats/counter.js";
import { InvariantError } from "../../../sim/errors.js";

const clockAt = () => ({ nowSec: 0 });

test("the time average of a step function is its area over the elapsed time", () => {
  const clock = clockAt();
  const g = new TimeWeighted(clock);
  clock.nowSec = 1;
  g.set(2); // 0 on [0,1)
  clock.nowSec = 3;
  g.set(5); // 2 on [1,3)
  clock.nowSec = 4; // 5 on [3,4)
  expect(g.mean()).toBe((0 + 4 + 5) / 4);
  expect(g.max).toBe(5);
});

test("per-window averages split intervals that cross window boundaries", () => {
  const clock = clockAt();
  const g = new TimeWeighted(clock, { windowSec: 1 });
  clock.nowSec = 0.5;
  g.set(4); // 0 on [0,0.5), 4 on [0.5,2.25)
  clock.nowSec = 2.25;
  g.set(1);
  clock.nowSec = 3;
  const s = g.snapshot();
  expect(s.series).toEqual([2, 4, 0.25 * 4 + 0.75 * 1, ]);
  // a snapshot must not double count when the gauge is updated afterwards
  clock.nowSec = 4;
  g.set(0);
  expect(g.snapshot().series).toEqual([2, 4, 1.75, 1]);
});

test("reset restarts the average at the current time but keeps the current value", () => {
  const clock = clockAt();
  const g = new TimeWeighted(clock, { initial: 10 });
  clock.nowSec = 5;
  g.reset();
  g.set(0);
  clock.nowSec = 6;
  g.set(0);
  expect(g.mean()).toBe(0);
  expect(g.mean()).not.toBeNull();
});

test("a gauge refuses NaN and time going backwards", () => {
  const clock = clockAt();
  const g = new TimeWeighted(clock);
  clock.nowSec = 2;
  g.set(1);
  expect(() => g.set(Number.NaN)).toThrow(InvariantError);
  clock.nowSec = 1;
  expect(() => g.set(3)).toThrow(InvariantError);
});

test("a windowed counter sums per window and reset keeps the series", () => {
  const clock = clockAt();
  const c = new Counter(clock, 10);
  clock.nowSec = 1;
  c.add();
  clock.nowSec = 9.99;
  c.add(2);
  clock.nowSec = 25;
  c.add(0.5);
  c.reset();
  clock.nowSec = 31;
  c.add();
  expect(c.snapshot(40)).toEqual({ total: 1, series: [3, 0, 0.5, 1] });
  expect(() => c.add(Number.NaN)).toThrow(InvariantError);
});

test("peak(v) leaves the same snapshot as set(v) then set back at the same instant", () => {
  const run = (usePeak: boolean) => {
    const clock = clockAt();
    const g = new TimeWeighted(clock, { windowSec: 1 });
    clock.nowSec = 0.5;
    g.set(2);
    clock.nowSec = 1.5;
    if (usePeak) g.peak(7);
    else {
      g.set(7);
      g.set(2);
    }
    clock.nowSec = 2.5;
    g.set(1);
    clock.nowSec = 3;
    return g.snapshot();
  };
  expect(run(true)).toEqual(run(false));
  expect(run(true).max).toBe(7);
});
