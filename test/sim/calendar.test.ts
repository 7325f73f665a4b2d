import { describe, expect, test } from "vitest";
import { Calendar, type EventRecord } from "../../sim/calendar.js";
import { InvariantError } from "../../sim/errors.js";
import { RandomStreams } from "../../sim/random.js";

const rec = (): EventRecord => ({ timeSec: 0, kind: 0, target: 0, stamp: 0 });

function drain(cal: Calendar): EventRecord[] {
  const out: EventRecord[] = [];
  while (cal.size > 0) {
    const r = rec();
    cal.popInto(r);
    out.push(r);
  }
  return out;
}

describe("Calendar", () => {
  test("events come out in time order", () => {
    const cal = new Calendar(4);
    for (const t of [5, 1, 4, 2, 3]) cal.push(t, 0, t, 0);
    expect(drain(cal).map((e) => e.timeSec)).toEqual([1, 2, 3, 4, 5]);
  });

  test("events at the same time come out in the order they were scheduled (FIFO ties)", () => {
    const cal = new Calendar(4);
    for (let i = 0; i < 50; i++) cal.push(i % 2 === 0 ? 1 : 2, 0, i, 0);
    const out = drain(cal);
    const atOne = out.filter((e) => e.timeSec === 1).map((e) => e.target);
    const atTwo = out.filter((e) => e.timeSec === 2).map((e) => e.target);
    expect(atOne).toEqual([...atOne].sort((a, b) => a - b));
    expect(atTwo).toEqual([...atTwo].sort((a, b) => a - b));
    expect(out.slice(0, 25).every((e) => e.timeSec === 1)).toBe(true);
  });

  test("kind, target and stamp travel with their event", () => {
    const cal = new Calendar();
    cal.push(2, 7, 123456789, 42.5);
    const r = rec();
    cal.popInto(r);
    expect(r).toEqual({ timeSec: 2, kind: 7, target: 123456789, stamp: 42.5 });
  });

  test("a cancelled event never comes out, and cancelling twice or after it ran returns false", () => {
    const cal = new Calendar();
    const a = cal.push(1, 0, 1, 0);
    const b = cal.push(2, 0, 2, 0);
    cal.push(3, 0, 3, 0);
    expect(cal.cancel(b)).toBe(true);
    expect(cal.cancel(b)).toBe(false);
    const r = rec();
    cal.popInto(r);
    expect(r.target).toBe(1);
    expect(cal.cancel(a)).toBe(false);
    expect(drain(cal).map((e) => e.target)).toEqual([3]);
  });

  test("a stale handle does not cancel the event that reused its slot", () => {
    const cal = new Calendar();
    const old = cal.push(1, 0, 1, 0);
    drain(cal);
    cal.push(5, 0, 5, 0); // reuses the freed slot
    expect(cal.cancel(old)).toBe(false);
    expect(cal.size).toBe(1);
  });

  test("random pushes, pops and cancels agree with a sorted reference list", () => {
    const u = new RandomStreams(7).stream("calendar-fuzz");
    const cal = new Calendar(2);
    const ref: { t: number; seq: number; id: number; handle: number }[] = [];
    let seq = 0;
    let now = 0;
    for (let step = 0; step < 20_000; step++) {
      const x = u.next();
      if (x < 0.5 || ref.length === 0) {
        const t = now + Math.floor(u.next() * 20) / 4; // coarse times give many ties
        const id = seq;
        const handle = cal.push(t, 0, id, 0);
        ref.push({ t, seq: seq++, id, handle });
      } else if (x < 0.7) {
        const victim = ref.splice(Math.floor(u.next() * ref.length), 1)[0];
        expect(cal.cancel(victim.handle)).toBe(true);
      } else {
        ref.sort((a, b) => a.t - b.t || a.seq - b.seq);
        const want = ref.shift()!;
        const r = rec();
        cal.popInto(r);
        expect(r.target).toBe(want.id);
        now = r.timeSec;
      }
      expect(cal.size).toBe(ref.length);
    }
  });

  test("a NaN time or a pop from an empty calendar is an InvariantError", () => {
    const cal = new Calendar();
    expect(() => cal.push(Number.NaN, 0, 0, 0)).toThrow(InvariantError);
    expect(() => cal.popInto(rec())).toThrow(InvariantError);
  });
});
