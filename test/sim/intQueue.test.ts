import { expect, test } from "vitest";
import { IntQueue } from "../../sim/intQueue.js";
import { InvariantError } from "../../sim/errors.js";

test("IntQueue is FIFO across growth and wrap-around", () => {
  const q = new IntQueue();
  const ref: number[] = [];
  let next = 0;
  for (let round = 0; round < 200; round++) {
    for (let i = 0; i < (round % 7) + 3; i++) {
      q.push(next);
      ref.push(next++);
    }
    for (let i = 0; i < (round % 5) + 1 && ref.length > 0; i++) expect(q.shift()).toBe(ref.shift());
    expect(q.size).toBe(ref.length);
    if (ref.length > 0) expect(q.peek()).toBe(ref[0]);
  }
  for (let i = 0; i < ref.length; i++) expect(q.at(i)).toBe(ref[i]);
});

test("IntQueue refuses pushes beyond its capacity and reports it", () => {
  const q = new IntQueue(2);
  expect(q.push(1)).toBe(true);
  expect(q.push(2)).toBe(true);
  expect(q.push(3)).toBe(false);
  expect(q.size).toBe(2);
});

test("IntQueue: shift or peek on empty throw, and a bad capacity is refused", () => {
  const q = new IntQueue();
  expect(() => q.shift()).toThrow(InvariantError);
  expect(() => q.peek()).toThrow(InvariantError);
  expect(() => new IntQueue(-1)).toThrow(/queue.capacity/);
});
