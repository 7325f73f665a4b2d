import { describe, expect, test } from "vitest";
import { InvariantError } from "../../../sim/errors.js";
import { RandomStreams } from "../../../sim/random.js";
import type { RandomStream } from "../../../sim/random.js";
import {
  SessionCache,
  SessionLookup,
  nginxCacheEntriesForBytes,
  nginxSharedCacheBytesPerEntry,
} from "../../../models/session/sessionCache.js";
import type { SessionCacheOptions } from "../../../models/session/sessionCache.js";

const A = 1;
const B = 2;
const C = 3;
const D = 4;

function cache(overrides: Partial<SessionCacheOptions> = {}): SessionCache {
  return new SessionCache({ capacityEntries: 3, eviction: "fifo", lifetimeSec: 300, lifetimeFrom: "creation", ...overrides });
}

describe("eviction order", () => {
  test("with LRU, a hit on a moves it to most-recent, so inserting d into a full capacity-3 cache evicts b", () => {
    const c = cache({ eviction: "lru" });
    c.insert(A, 0);
    c.insert(B, 1);
    c.insert(C, 2);
    expect(c.lookup(A, 3)).toBe(SessionLookup.Hit);
    c.insert(D, 4);
    expect(c.idsInEvictionOrder()).toEqual([C, A, D]);
    expect(c.lookup(B, 5)).toBe(SessionLookup.Miss);
    expect(c.lookup(A, 5)).toBe(SessionLookup.Hit);
    expect(c.evictions).toBe(1);
    expect(c.inserts).toBe(4);
    expect(c.hits).toBe(2);
    expect(c.misses).toBe(1);
  });

  test("with FIFO by creation, a hit does not reorder, so inserting d evicts a (nginx shared cache, §3)", () => {
    const c = cache({ eviction: "fifo" });
    c.insert(A, 0);
    c.insert(B, 1);
    c.insert(C, 2);
    expect(c.lookup(A, 3)).toBe(SessionLookup.Hit);
    c.insert(D, 4);
    expect(c.idsInEvictionOrder()).toEqual([B, C, D]);
    expect(c.lookup(A, 5)).toBe(SessionLookup.Miss);
    expect(c.lookup(B, 5)).toBe(SessionLookup.Hit);
    expect(c.evictions).toBe(1);
    expect(c.sessions).toBe(3);
    expect(c.sizeEntries).toBe(3);
  });

  test("a longer reference string evicts in the expected order under each policy", () => {
    // capacity 3; script: 1 2 3, hit 1, insert 4, hit 3, insert 5, hit 1 (a miss under LRU), insert 6
    const script = (eviction: "lru" | "fifo"): number[] => {
      const c = cache({ eviction });
      const evicted: number[] = [];
      const all = [1, 2, 3, 4, 5, 6];
      const snapshot = (): Set<number> => new Set(c.idsInEvictionOrder());
      let before = snapshot();
      const record = (): void => {
        const after = snapshot();
        for (const id of all) if (before.has(id) && !after.has(id)) evicted.push(id);
        before = after;
      };
      c.insert(1, 0); c.insert(2, 1); c.insert(3, 2); record();
      c.lookup(1, 3); c.insert(4, 4); record();
      c.lookup(3, 5); c.insert(5, 6); record();
      c.lookup(1, 7); c.insert(6, 8); record();
      return evicted;
    };
    expect(script("lru")).toEqual([2, 1, 4]);
    expect(script("fifo")).toEqual([1, 2, 3]);
  });
});

describe("lifetime", () => {
  test("from creation: a hit does not refresh it, and a session is expired exactly when nowSec - createdSec >= lifetimeSec", () => {
    const c = cache({ lifetimeSec: 10, lifetimeFrom: "creation" });
    c.insert(A, 2);
    expect(c.lookup(A, 7)).toBe(SessionLookup.Hit);
    expect(c.lookup(A, 11.75)).toBe(SessionLookup.Hit);
    expect(c.lookup(A, 12)).toBe(SessionLookup.Expired);
    expect(c.lookup(A, 12)).toBe(SessionLookup.Miss);
    expect([c.hits, c.expired, c.misses]).toEqual([2, 1, 1]);
    expect(c.sessions).toBe(0);
  });

  test("from last use: each hit restarts the lifetime, with the same >= boundary", () => {
    const c = cache({ lifetimeSec: 10, lifetimeFrom: "lastUse" });
    c.insert(A, 0);
    expect(c.lookup(A, 9.5)).toBe(SessionLookup.Hit); // valid until 19.5
    expect(c.lookup(A, 19.25)).toBe(SessionLookup.Hit); // valid until 29.25
    expect(c.lookup(A, 29.25)).toBe(SessionLookup.Expired);
    expect(c.expired).toBe(1);
  });

  test("Node's effective 7200 s lifetime resumes a session after 310 s where nginx's 300 s does not (§2, §3)", () => {
    const node = cache({ lifetimeSec: 7200, capacityEntries: Infinity });
    const nginx = cache({ lifetimeSec: 300 });
    node.insert(A, 0);
    nginx.insert(A, 0);
    expect(node.lookup(A, 310)).toBe(SessionLookup.Hit);
    expect(nginx.lookup(A, 310)).toBe(SessionLookup.Expired);
  });

  test("an infinite lifetime never expires", () => {
    const c = cache({ lifetimeSec: Infinity, lifetimeFrom: "lastUse" });
    c.insert(A, 0);
    expect(c.lookup(A, 1e12)).toBe(SessionLookup.Hit);
  });

  test("expired sessions keep occupying capacity until a lookup or an eviction takes them", () => {
    const c = cache({ capacityEntries: 2, lifetimeSec: 1 });
    c.insert(A, 0);
    c.insert(B, 0);
    expect(c.sizeEntries).toBe(2); // at t = 5 both are long expired, still held
    c.insert(C, 5);
    expect(c.evictions).toBe(1);
    expect(c.idsInEvictionOrder()).toEqual([B, C]);
    expect(c.lookup(B, 5)).toBe(SessionLookup.Expired);
    expect(c.sizeEntries).toBe(1);
  });

  test("sweepExpired drops expired sessions from the eviction end up to its limit and stops at the first valid one", () => {
    const c = cache({ capacityEntries: 10, eviction: "lru", lifetimeSec: 10 });
    c.insert(1, 0);
    c.insert(2, 1);
    c.insert(3, 2);
    c.insert(4, 3);
    expect(c.lookup(1, 4)).toBe(SessionLookup.Hit); // LRU order now 2 3 4 1; expiries 11 12 13 10
    expect(c.sweepExpired(12.5, 1)).toBe(1);
    expect(c.idsInEvictionOrder()).toEqual([3, 4, 1]);
    expect(c.sweepExpired(12.5, 10)).toBe(1); // drops 3; 4 is valid until 13 and stops the sweep before 1
    expect(c.idsInEvictionOrder()).toEqual([4, 1]);
    expect(c.sweptExpired).toBe(2);
    expect(c.sweepExpired(13, 0)).toBe(0);
    expect(c.lookup(1, 13)).toBe(SessionLookup.Expired);
  });
});

describe("sizes, replacement, flush", () => {
  test("with sizeEntries 2 a capacity-4 cache holds 2 TLS 1.3 sessions and the 3rd evicts the oldest", () => {
    const c = cache({ capacityEntries: 4 });
    c.insert(A, 0, 2);
    c.insert(B, 1, 2);
    expect([c.sessions, c.sizeEntries, c.evictions]).toEqual([2, 4, 0]);
    c.insert(C, 2, 2);
    expect([c.sessions, c.sizeEntries, c.evictions]).toEqual([2, 4, 1]);
    expect(c.lookup(A, 3)).toBe(SessionLookup.Miss);
    expect(c.lookup(B, 3)).toBe(SessionLookup.Hit);
    expect(c.lookup(C, 3)).toBe(SessionLookup.Hit);
  });

  test("a size-2 session entering a full cache of size-1 sessions evicts as many as it needs", () => {
    const c = cache({ capacityEntries: 4 });
    for (let id = 1; id <= 4; id++) c.insert(id, id);
    c.insert(9, 5, 2);
    expect(c.idsInEvictionOrder()).toEqual([3, 4, 9]);
    expect([c.evictions, c.sizeEntries]).toEqual([2, 4]);
  });

  test("a session larger than the whole capacity is not stored, evicts nothing and is counted", () => {
    const c = cache({ capacityEntries: 2 });
    c.insert(A, 0);
    c.insert(B, 0, 3);
    expect([c.sessions, c.evictions, c.rejectedTooLarge, c.inserts]).toEqual([1, 0, 1, 1]);
    expect(c.lookup(A, 0)).toBe(SessionLookup.Hit);
  });

  test("re-inserting a present id replaces it with a fresh creation time at the most-recent end, not counted as an eviction", () => {
    const c = cache({ lifetimeSec: 10 });
    c.insert(A, 0);
    c.insert(B, 1);
    c.insert(A, 5, 2);
    expect(c.idsInEvictionOrder()).toEqual([B, A]);
    expect([c.sessions, c.sizeEntries, c.evictions, c.inserts]).toEqual([2, 3, 0, 3]);
    expect(c.lookup(A, 14)).toBe(SessionLookup.Hit); // would have expired at 10 without the replacement
    expect(c.lookup(A, 15)).toBe(SessionLookup.Expired);
  });

  test("flush empties the cache, keeps the counters and accepts new sessions", () => {
    const c = cache();
    c.insert(A, 0);
    c.insert(B, 0);
    c.lookup(A, 1);
    c.flush();
    expect([c.sessions, c.sizeEntries]).toEqual([0, 0]);
    expect(c.lookup(A, 2)).toBe(SessionLookup.Miss);
    expect(c.hits).toBe(1);
    for (let id = 10; id < 14; id++) c.insert(id, 3);
    expect(c.idsInEvictionOrder()).toEqual([11, 12, 13]);
  });

  test("remove reports whether the session was present and frees its entries", () => {
    const c = cache();
    c.insert(A, 0, 2);
    expect(c.remove(A)).toBe(true);
    expect(c.remove(A)).toBe(false);
    expect(c.sizeEntries).toBe(0);
  });

  test("resetCounters zeroes every counter and keeps the sessions", () => {
    const c = cache({ capacityEntries: 1, lifetimeSec: 1 });
    c.insert(A, 0);
    c.insert(B, 0);
    c.insert(C, 0, 2);
    c.lookup(B, 0.5);
    c.lookup(D, 0.5);
    c.lookup(B, 2);
    c.insert(A, 2);
    c.sweepExpired(4, 1);
    expect([c.hits, c.misses, c.expired, c.evictions, c.inserts, c.rejectedTooLarge, c.sweptExpired]).toEqual([1, 1, 1, 1, 3, 1, 1]);
    c.insert(B, 4);
    c.resetCounters();
    expect([c.hits, c.misses, c.expired, c.evictions, c.inserts, c.rejectedTooLarge, c.sweptExpired]).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(c.sessions).toBe(1);
  });

  test("an unbounded cache grows past its initial slots and keeps every session in insertion order", () => {
    const c = cache({ capacityEntries: Infinity, lifetimeSec: 7200 });
    for (let id = 0; id < 5000; id++) c.insert(id * 7919, id / 1000);
    expect(c.sessions).toBe(5000);
    expect(c.evictions).toBe(0);
    for (let id = 0; id < 5000; id++) expect(c.lookup(id * 7919, 5)).toBe(SessionLookup.Hit);
    const ids = c.idsInEvictionOrder();
    expect(ids[0]).toBe(0);
    expect(ids[4999]).toBe(4999 * 7919);
  });
});

/** Naive reference: an array ordered from the eviction end; linear scans everywhere. */
class ReferenceCache {
  entries: { id: number; expiresAtSec: number; size: number }[] = [];
  counters = { hits: 0, misses: 0, expired: 0, evictions: 0, inserts: 0, rejectedTooLarge: 0, sweptExpired: 0 };
  constructor(private readonly options: SessionCacheOptions) {}
  used(): number {
    return this.entries.reduce((sum, e) => sum + e.size, 0);
  }
  insert(id: number, nowSec: number, size: number): void {
    const at = this.entries.findIndex((e) => e.id === id);
    if (at >= 0) this.entries.splice(at, 1);
    if (size > this.options.capacityEntries) {
      this.counters.rejectedTooLarge++;
      return;
    }
    while (this.used() + size > this.options.capacityEntries) {
      this.entries.shift();
      this.counters.evictions++;
    }
    this.entries.push({ id, expiresAtSec: nowSec + this.options.lifetimeSec, size });
    this.counters.inserts++;
  }
  lookup(id: number, nowSec: number): string {
    const at = this.entries.findIndex((e) => e.id === id);
    if (at < 0) {
      this.counters.misses++;
      return "miss";
    }
    const entry = this.entries[at]!;
    if (nowSec >= entry.expiresAtSec) {
      this.entries.splice(at, 1);
      this.counters.expired++;
      return "expired";
    }
    if (this.options.lifetimeFrom === "lastUse") entry.expiresAtSec = nowSec + this.options.lifetimeSec;
    if (this.options.eviction === "lru") this.entries.push(...this.entries.splice(at, 1));
    this.counters.hits++;
    return "hit";
  }
  remove(id: number): boolean {
    const at = this.entries.findIndex((e) => e.id === id);
    if (at >= 0) this.entries.splice(at, 1);
    return at >= 0;
  }
  sweep(nowSec: number, max: number): number {
    let n = 0;
    while (n < max && this.entries.length > 0 && nowSec >= this.entries[0]!.expiresAtSec) {
      this.entries.shift();
      n++;
    }
    this.counters.sweptExpired += n;
    return n;
  }
}

function crossCheck(options: SessionCacheOptions, rng: RandomStream, operations: number): { hits: number; expired: number; evictions: number; sweptExpired: number } {
  const fast = new SessionCache(options);
  const slow = new ReferenceCache(options);
  let nowSec = 0;
  for (let op = 0; op < operations; op++) {
    nowSec += rng.next() * 0.4;
    const id = Math.floor(rng.next() * 24);
    const u = rng.next();
    if (u < 0.4) {
      const size = rng.next() < 0.02 ? 9 : rng.next() < 0.5 ? 1 : 2;
      fast.insert(id, nowSec, size);
      slow.insert(id, nowSec, size);
    } else if (u < 0.88) {
      expect(fast.lookup(id, nowSec)).toBe(slow.lookup(id, nowSec));
    } else if (u < 0.93) {
      expect(fast.remove(id)).toBe(slow.remove(id));
    } else if (u < 0.998) {
      const max = Math.floor(rng.next() * 3);
      expect(fast.sweepExpired(nowSec, max)).toBe(slow.sweep(nowSec, max));
    } else {
      fast.flush();
      slow.entries = [];
    }
    expect(fast.idsInEvictionOrder()).toEqual(slow.entries.map((e) => e.id));
    expect(fast.sizeEntries).toBe(slow.used());
    expect(fast.sessions).toBe(slow.entries.length);
  }
  const { hits, misses, expired, evictions, inserts, rejectedTooLarge, sweptExpired } = fast;
  expect({ hits, misses, expired, evictions, inserts, rejectedTooLarge, sweptExpired }).toEqual(slow.counters);
  return { hits, expired, evictions, sweptExpired };
}

describe("randomized cross-check against a naive reference", () => {
  const modes: [SessionCacheOptions["eviction"], SessionCacheOptions["lifetimeFrom"], number][] = [
    ["lru", "creation", 1],
    ["lru", "lastUse", 2],
    ["fifo", "creation", 3],
    ["fifo", "lastUse", 4],
  ];
  test.each(modes)(
    "eviction %s with lifetime from %s agrees with the reference on every result, the order and the counters over 10k operations",
    (eviction, lifetimeFrom, seed) => {
      const rng = new RandomStreams(seed).stream("sessionCache.crossCheck");
      const totals = crossCheck({ capacityEntries: 8, eviction, lifetimeSec: 2, lifetimeFrom }, rng, 10_000);
      // The mix must actually exercise hits, expiry and eviction, or the comparison proves little.
      expect(totals.hits).toBeGreaterThan(300);
      expect(totals.expired).toBeGreaterThan(100);
      expect(totals.sweptExpired).toBeGreaterThan(20);
      expect(totals.evictions).toBeGreaterThan(1000);
    },
  );
});

describe("validation", () => {
  test.each([
    [{ capacityEntries: 0 }, "fleet.sessionCache.capacityEntries: must be an integer >= 1 or Infinity (got 0)"],
    [{ capacityEntries: 2.5 }, "fleet.sessionCache.capacityEntries"],
    [{ capacityEntries: Number.NaN }, "fleet.sessionCache.capacityEntries"],
    [{ eviction: "random" as "lru" }, 'fleet.sessionCache.eviction: must be "lru" or "fifo" (got "random")'],
    [{ lifetimeSec: 0 }, "fleet.sessionCache.lifetimeSec: must be > 0"],
    [{ lifetimeSec: Number.NaN }, "fleet.sessionCache.lifetimeSec"],
    [{ lifetimeFrom: "firstUse" as "creation" }, "fleet.sessionCache.lifetimeFrom"],
  ])("construction with %o throws a RangeError naming the parameter path", (override, message) => {
    const options = { capacityEntries: 3, eviction: "fifo" as const, lifetimeSec: 300, lifetimeFrom: "creation" as const, ...override };
    expect(() => new SessionCache(options, "fleet.sessionCache")).toThrow(RangeError);
    expect(() => new SessionCache(options, "fleet.sessionCache")).toThrow(message);
  });

  test("operations with a NaN or backward time, a bad id or a bad size throw InvariantError", () => {
    const c = cache();
    c.insert(A, 5);
    expect(() => c.lookup(A, Number.NaN)).toThrow(InvariantError);
    expect(() => c.lookup(A, 4)).toThrow(InvariantError);
    expect(() => c.insert(-1, 5)).toThrow(InvariantError);
    expect(() => c.insert(1.5, 5)).toThrow(InvariantError);
    expect(() => c.lookup(Number.NaN, 5)).toThrow(InvariantError);
    expect(() => c.insert(B, 5, 0)).toThrow(InvariantError);
    expect(() => c.insert(B, 5, 1.5)).toThrow(InvariantError);
    expect(() => c.sweepExpired(5, -1)).toThrow(InvariantError);
    expect(c.sessions).toBe(1);
  });
});

describe("nginx shared cache size", () => {
  test("1 MiB holds about 2,650 TLS 1.2 sessions and 2 MiB about 5,300, as measured (§3)", () => {
    const oneMiB = nginxCacheEntriesForBytes(1_048_576);
    const twoMiB = nginxCacheEntriesForBytes(2 * 1_048_576);
    expect(Math.abs(oneMiB - 2650) / 2650).toBeLessThan(0.01);
    expect(Math.abs(twoMiB - 5300) / 5300).toBeLessThan(0.01);
    expect(oneMiB).toBe(2650);
    expect(twoMiB).toBe(5300);
    expect(nginxSharedCacheBytesPerEntry).toBeCloseTo(395.69, 2);
  });

  test("capacity is floor(bytes / bytes per entry), and a tiny zone holds nothing", () => {
    expect(nginxCacheEntriesForBytes(0)).toBe(0);
    expect(nginxCacheEntriesForBytes(395)).toBe(0);
    expect(nginxCacheEntriesForBytes(396)).toBe(1);
    expect(nginxCacheEntriesForBytes(10 * 1_048_576)).toBe(26_500);
  });

  test("a negative, NaN or infinite size throws a RangeError naming the path", () => {
    expect(() => nginxCacheEntriesForBytes(-1, "fleet.sessionCache.size")).toThrow("fleet.sessionCache.size: must be");
    expect(() => nginxCacheEntriesForBytes(Number.NaN)).toThrow(RangeError);
    expect(() => nginxCacheEntriesForBytes(Infinity)).toThrow(RangeError);
  });
});
