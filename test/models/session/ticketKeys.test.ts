import { describe, expect, test } from "vitest";
import { InvariantError } from "../../../sim/errors.js";
import { TicketCheck, TicketKeyRing } from "../../../models/session/ticketKeys.js";
import type { TicketKeyRingOptions } from "../../../models/session/ticketKeys.js";

function ring(overrides: Partial<TicketKeyRingOptions> = {}): TicketKeyRing {
  return new TicketKeyRing({ graceKeys: 0, ticketLifetimeSec: 7200, ...overrides });
}

function counters(r: TicketKeyRing): number[] {
  return [r.accepted, r.rejectedUnknownKey, r.rejectedExpired, r.rotations, r.regenerations];
}

describe("keys", () => {
  test("a ticket sealed by the current key is accepted, and key ids start at 0", () => {
    const r = ring();
    expect(r.currentKeyId).toBe(0);
    expect(r.check(r.currentKeyId, 10, 20)).toBe(TicketCheck.Accepted);
    expect(counters(r)).toEqual([1, 0, 0, 0, 0]);
  });

  test("with graceKeys 0 a rotation refuses every outstanding ticket at once (Node setTicketKeys, §2)", () => {
    const r = ring({ graceKeys: 0 });
    r.rotate();
    expect(r.currentKeyId).toBe(1);
    expect(r.check(0, 10, 20)).toBe(TicketCheck.UnknownKey);
    expect(r.check(1, 15, 20)).toBe(TicketCheck.Accepted);
    expect(counters(r)).toEqual([1, 1, 0, 1, 0]);
  });

  test("with graceKeys 1 a ticket under the previous key still opens after one rotation and not after a second (nginx [new, old], §3)", () => {
    const r = ring({ graceKeys: 1, ticketLifetimeSec: 300 });
    r.rotate();
    expect(r.check(0, 10, 20)).toBe(TicketCheck.Accepted);
    expect(r.oldestOpenKeyId).toBe(0);
    r.rotate();
    expect(r.check(0, 10, 20)).toBe(TicketCheck.UnknownKey);
    expect(r.check(1, 10, 20)).toBe(TicketCheck.Accepted);
    expect(r.check(2, 10, 20)).toBe(TicketCheck.Accepted);
    expect(r.oldestOpenKeyId).toBe(1);
    expect(counters(r)).toEqual([3, 1, 0, 2, 0]);
  });

  test("a key id the ring has not issued yet does not open", () => {
    const r = ring({ graceKeys: 3 });
    expect(r.check(1, 0, 0)).toBe(TicketCheck.UnknownKey);
    expect(r.check(-1, 0, 0)).toBe(TicketCheck.UnknownKey);
  });

  test("regenerate drops every grace key whatever graceKeys says (restart with random keys, nginx reload), and later rotations keep grace again", () => {
    const r = ring({ graceKeys: 2 });
    r.rotate();
    r.regenerate();
    expect(r.currentKeyId).toBe(2);
    expect(r.check(0, 0, 1)).toBe(TicketCheck.UnknownKey);
    expect(r.check(1, 0, 1)).toBe(TicketCheck.UnknownKey);
    r.rotate();
    expect(r.check(2, 0, 1)).toBe(TicketCheck.Accepted);
    expect(r.check(1, 0, 1)).toBe(TicketCheck.UnknownKey);
    expect(counters(r)).toEqual([1, 3, 0, 2, 1]);
  });
});

describe("lifetime", () => {
  test("a ticket expires exactly when nowSec - issuedSec >= ticketLifetimeSec", () => {
    const r = ring({ ticketLifetimeSec: 7200 });
    expect(r.check(0, 100, 7299.5)).toBe(TicketCheck.Accepted);
    expect(r.check(0, 100, 7300)).toBe(TicketCheck.Expired);
    expect(r.check(0, 100, 9000)).toBe(TicketCheck.Expired);
    expect(counters(r)).toEqual([1, 0, 2, 0, 0]);
  });

  test("Node's 7200 s lifetime accepts a ticket 310 s old where nginx's 300 s refuses it (§2, §3)", () => {
    expect(ring({ ticketLifetimeSec: 7200 }).check(0, 0, 310)).toBe(TicketCheck.Accepted);
    expect(ring({ ticketLifetimeSec: 300 }).check(0, 0, 310)).toBe(TicketCheck.Expired);
  });

  test("the key is checked before the age: an old ticket under a retired key counts as an unknown key", () => {
    const r = ring({ ticketLifetimeSec: 10 });
    r.rotate();
    expect(r.check(0, 0, 50)).toBe(TicketCheck.UnknownKey);
    expect(counters(r)).toEqual([0, 1, 0, 1, 0]);
  });

  test("an infinite lifetime never expires a ticket", () => {
    expect(ring({ ticketLifetimeSec: Infinity }).check(0, 0, 1e12)).toBe(TicketCheck.Accepted);
  });
});

describe("counters and validation", () => {
  test("resetCounters zeroes the counters and keeps the keys", () => {
    const r = ring({ graceKeys: 1 });
    r.rotate();
    r.check(0, 0, 1);
    r.resetCounters();
    expect(counters(r)).toEqual([0, 0, 0, 0, 0]);
    expect(r.currentKeyId).toBe(1);
    expect(r.check(0, 0, 1)).toBe(TicketCheck.Accepted);
  });

  test.each([
    [{ graceKeys: -1 }, "fleet.tickets.graceKeys: must be an integer >= 0 (got -1)"],
    [{ graceKeys: 1.5 }, "fleet.tickets.graceKeys"],
    [{ graceKeys: Number.NaN }, "fleet.tickets.graceKeys"],
    [{ ticketLifetimeSec: 0 }, "fleet.tickets.ticketLifetimeSec: must be > 0"],
    [{ ticketLifetimeSec: Number.NaN }, "fleet.tickets.ticketLifetimeSec"],
  ])("construction with %o throws a RangeError naming the parameter path", (override, message) => {
    const options = { graceKeys: 0, ticketLifetimeSec: 300, ...override };
    expect(() => new TicketKeyRing(options, "fleet.tickets")).toThrow(RangeError);
    expect(() => new TicketKeyRing(options, "fleet.tickets")).toThrow(message);
  });

  test("check with a non-integer key id, a NaN time or a ticket from the future throws InvariantError", () => {
    const r = ring();
    expect(() => r.check(0.5, 0, 1)).toThrow(InvariantError);
    expect(() => r.check(0, Number.NaN, 1)).toThrow(InvariantError);
    expect(() => r.check(0, 0, Number.NaN)).toThrow(InvariantError);
    expect(() => r.check(0, 5, 4)).toThrow(InvariantError);
    expect(() => r.check(0, -1, 4)).toThrow(InvariantError);
    expect(counters(r)).toEqual([0, 0, 0, 0, 0]);
  });
});
