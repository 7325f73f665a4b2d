import { describe, expect, test } from "vitest";
import { ConnectionFate, Outcome, RecordBuffer, TimeHeap } from "../../../validate/loadgen/records.js";

describe("TimeHeap", () => {
  test("pops ids in time order and ties in insertion order", () => {
    const h = new TimeHeap();
    [[3, 30], [1, 10], [2, 20], [1, 11], [0.5, 5], [2, 21]].forEach(([t, id]) => h.push(t!, id!));
    expect(h.peekTimeSec()).toBe(0.5);
    const out: number[] = [];
    while (h.size > 0) out.push(h.pop());
    expect(out).toEqual([5, 10, 11, 20, 21, 30]);
    expect(h.peekTimeSec()).toBe(Infinity);
  });

  test("refuses a NaN time and popping when empty", () => {
    const h = new TimeHeap();
    expect(() => h.push(Number.NaN, 1)).toThrow(RangeError);
    expect(() => h.pop()).toThrow(RangeError);
  });
});

describe("RecordBuffer", () => {
  test("grows past its initial capacity and keeps every record, trimmed to the count on finish", () => {
    const b = new RecordBuffer(16);
    for (let i = 0; i < 40; i++) {
      const a = b.alloc();
      b.connection[a] = i;
      b.scheduledSec[a] = i / 10;
      b.outcome[a] = Outcome.Completed;
    }
    const r = b.finish(new Uint8Array([ConnectionFate.Completed]));
    expect(r.count).toBe(40);
    expect(r.connection.length).toBe(40);
    expect([...r.connection]).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(r.scheduledSec[39]).toBeCloseTo(3.9, 12);
    expect(Number.isNaN(r.doneSec[0]!)).toBe(true);
  });
});
