/**
 * Server-side TLS session cache: session IDs (TLS 1.2) or stateful tickets (TLS 1.3 with tickets
 * off), held by one worker, by the workers of one instance (nginx `shared:SSL`), or by the fleet.
 *
 * Every operation is O(1) and allocates nothing (apart from amortized doubling of the slot arrays):
 * a `Map<number, number>` from session id to slot, plus an intrusive doubly-linked list in typed
 * arrays whose head is the next session to evict.
 */
import { InvariantError, requireParam } from "../../sim/errors.js";

/**
 * Outcome of {@link SessionCache.lookup}. The values are string literals (`"hit" | "miss" |
 * "expired"`, interned, so returning one allocates nothing); use the named constants in code.
 * - `Hit`: present and within its lifetime; the handshake resumes.
 * - `Miss`: never stored, evicted, removed or flushed.
 * - `Expired`: present but past its lifetime; the lookup removes it.
 */
export const SessionLookup = { Hit: "hit", Miss: "miss", Expired: "expired" } as const;
/** `"hit" | "miss" | "expired"`: see the {@link SessionLookup} constants. */
export type SessionLookup = (typeof SessionLookup)[keyof typeof SessionLookup];

/** Options of a {@link SessionCache}. */
export interface SessionCacheOptions {
  /**
   * Capacity in entries: an integer >= 1, or Infinity for an unbounded cache (like the Map an
   * application keeps behind Node's `newSession`/`resumeSession`, measured unbounded in §2).
   * For an nginx `shared:SSL:<size>` cache use {@link nginxCacheEntriesForBytes}.
   */
  capacityEntries: number;
  /**
   * Which session makes room. `"fifo"`: the oldest by creation, a hit does not reorder (nginx's
   * shared cache, measured in tls-ground-truth.md §3). `"lru"`: a hit moves the session to
   * most-recently-used, the least recently used goes first.
   */
  eviction: "lru" | "fifo";
  /**
   * Session lifetime in seconds, > 0 (Infinity allowed). nginx `ssl_session_timeout` defaults to
   * 300 s; Node's effective default is OpenSSL's 7200 s, not the documented 300 s (measured, §2, §3).
   */
  lifetimeSec: number;
  /**
   * Where the lifetime counts from. `"creation"`: OpenSSL and nginx; a hit does not refresh it
   * (measured, DESIGN.md "What real servers do"). `"lastUse"`: every hit restarts it.
   */
  lifetimeFrom: "creation" | "lastUse";
}

const NONE = -1;
const INITIAL_SLOTS = 64;
const MAX_SIZE_ENTRIES = 0x7fffffff;

/**
 * Session cache with bounded capacity in entries, LRU or FIFO-by-creation eviction and a lifetime
 * counted from creation or from last use.
 *
 * Shapes and units: session ids are non-negative safe integers; times are simulated seconds and
 * must not go backwards between calls; sizes are entries (integers >= 1).
 *
 * Boundary convention: a session stored (or last used) at `t` is valid while
 * `nowSec < t + lifetimeSec` and expired once `nowSec >= t + lifetimeSec` (a half-open interval;
 * nginx checks `expire > now` the same way, with 1 s clock resolution).
 *
 * Expiry is lazy, as in OpenSSL and nginx: an expired session keeps occupying capacity until a
 * lookup finds it (which removes it and answers `Expired`), eviction takes it, or
 * {@link SessionCache.sweepExpired} drops it. Eviction always takes the list head, expired or not.
 *
 * Counters (since construction or {@link SessionCache.resetCounters}): `hits`, `misses`, `expired`
 * (lookups; their sum is the number of lookups), `inserts` (sessions stored, replacements
 * included), `evictions` (sessions evicted to make room), `rejectedTooLarge` (sessions larger than
 * the whole capacity, not stored), `sweptExpired` (sessions dropped by `sweepExpired`).
 *
 * @throws RangeError at construction, naming `<path>.<option>`, if capacityEntries is not an
 *   integer >= 1 or Infinity, eviction is not "lru"/"fifo", lifetimeSec is not > 0 (or is NaN), or
 *   lifetimeFrom is not "creation"/"lastUse".
 * @throws InvariantError from operations given a bad session id, a NaN or negative time, a time
 *   earlier than the previous call's, or a bad size: these are bugs in the caller.
 * Source: tls-ground-truth.md §2 (Node), §3 (nginx: FIFO by creation, 2 TLS 1.3 tickets per full
 * handshake, lifetime from creation).
 */
export class SessionCache {
  readonly capacityEntries: number;
  readonly eviction: "lru" | "fifo";
  readonly lifetimeSec: number;
  readonly lifetimeFrom: "creation" | "lastUse";
  /** Parameter path used in error messages, e.g. "fleet.sessionCache". */
  readonly path: string;

  private readonly moveOnHit: boolean;
  private readonly refreshOnHit: boolean;
  private readonly slotById: Map<number, number>;
  private prevSlot: Int32Array;
  private nextSlot: Int32Array;
  private idOfSlot: Float64Array;
  private expiresAtSec: Float64Array;
  private sizeOfSlot: Int32Array;
  private head: number;
  private tail: number;
  private freeHead: number;
  private usedEntries: number;
  private lastNowSec: number;

  private hitCount: number;
  private missCount: number;
  private expiredCount: number;
  private evictionCount: number;
  private insertCount: number;
  private rejectedTooLargeCount: number;
  private sweptExpiredCount: number;

  constructor(options: SessionCacheOptions, path = "sessionCache") {
    const { capacityEntries, eviction, lifetimeSec, lifetimeFrom } = options;
    requireParam(
      (Number.isSafeInteger(capacityEntries) && capacityEntries >= 1) || capacityEntries === Infinity,
      `${path}.capacityEntries`,
      "an integer >= 1 or Infinity",
      capacityEntries,
    );
    requireParam(eviction === "lru" || eviction === "fifo", `${path}.eviction`, '"lru" or "fifo"', eviction);
    requireParam(typeof lifetimeSec === "number" && lifetimeSec > 0, `${path}.lifetimeSec`, "> 0 (Infinity allowed)", lifetimeSec);
    requireParam(
      lifetimeFrom === "creation" || lifetimeFrom === "lastUse",
      `${path}.lifetimeFrom`,
      '"creation" or "lastUse"',
      lifetimeFrom,
    );
    this.capacityEntries = capacityEntries;
    this.eviction = eviction;
    this.lifetimeSec = lifetimeSec;
    this.lifetimeFrom = lifetimeFrom;
    this.path = path;
    this.moveOnHit = eviction === "lru";
    this.refreshOnHit = lifetimeFrom === "lastUse";
    this.slotById = new Map<number, number>();
    const slots = Math.min(INITIAL_SLOTS, capacityEntries);
    this.prevSlot = new Int32Array(slots);
    this.nextSlot = new Int32Array(slots);
    this.idOfSlot = new Float64Array(slots);
    this.expiresAtSec = new Float64Array(slots);
    this.sizeOfSlot = new Int32Array(slots);
    this.head = NONE;
    this.tail = NONE;
    this.freeHead = NONE;
    this.usedEntries = 0;
    this.lastNowSec = 0;
    this.hitCount = 0;
    this.missCount = 0;
    this.expiredCount = 0;
    this.evictionCount = 0;
    this.insertCount = 0;
    this.rejectedTooLargeCount = 0;
    this.sweptExpiredCount = 0;
    this.chainFree(0, slots);
  }

  /** Occupancy in entries (a TLS 1.3 session stored with sizeEntries 2 counts 2). */
  get sizeEntries(): number {
    return this.usedEntries;
  }
  /** Occupancy in sessions. */
  get sessions(): number {
    return this.slotById.size;
  }
  // Counters: see the class docstring.
  get hits(): number {
    return this.hitCount;
  }
  get misses(): number {
    return this.missCount;
  }
  get expired(): number {
    return this.expiredCount;
  }
  get evictions(): number {
    return this.evictionCount;
  }
  get inserts(): number {
    return this.insertCount;
  }
  get rejectedTooLarge(): number {
    return this.rejectedTooLargeCount;
  }
  get sweptExpired(): number {
    return this.sweptExpiredCount;
  }

  /**
   * Store a session created at `nowSec` (s) occupying `sizeEntries` entries (integer >= 1, default
   * 1). nginx stores 2 TLS 1.3 tickets per full handshake (measured, §3), so a TLS 1.3 client takes
   * 2. Evicts from the head (eviction order) until it fits. An id already present is replaced: the
   * old session is dropped (not counted as an eviction) and the new one starts a fresh lifetime
   * at the most-recent end. A session larger than capacityEntries is not stored and is counted in
   * `rejectedTooLarge` (an id it replaces is still dropped).
   * @throws InvariantError on a bad id, time or size.
   */
  insert(sessionId: number, nowSec: number, sizeEntries = 1): void {
    this.checkTime(nowSec);
    this.checkId(sessionId, nowSec);
    if (!(Number.isInteger(sizeEntries) && sizeEntries >= 1 && sizeEntries <= MAX_SIZE_ENTRIES)) {
      throw new InvariantError(`${this.path}.insert: sizeEntries must be an integer >= 1 (got ${sizeEntries})`, nowSec);
    }
    const existing = this.slotById.get(sessionId);
    if (existing !== undefined) this.removeSlot(existing);
    if (sizeEntries > this.capacityEntries) {
      this.rejectedTooLargeCount++;
      return;
    }
    while (this.usedEntries + sizeEntries > this.capacityEntries) {
      this.removeSlot(this.head);
      this.evictionCount++;
    }
    if (this.freeHead === NONE) this.grow();
    const slot = this.freeHead;
    this.freeHead = this.nextSlot[slot]!;
    this.idOfSlot[slot] = sessionId;
    this.expiresAtSec[slot] = nowSec + this.lifetimeSec;
    this.sizeOfSlot[slot] = sizeEntries;
    this.linkAtTail(slot);
    this.usedEntries += sizeEntries;
    this.slotById.set(sessionId, slot);
    this.insertCount++;
  }

  /**
   * Look a session up at `nowSec` (s). Returns {@link SessionLookup}: `"hit"` (and, with LRU,
   * moves it to most-recent; with lifetimeFrom "lastUse", restarts its lifetime), `"miss"`, or
   * `"expired"` (it was present but `nowSec >= start + lifetimeSec`; it is removed).
   * @throws InvariantError on a bad id or time.
   */
  lookup(sessionId: number, nowSec: number): SessionLookup {
    this.checkTime(nowSec);
    this.checkId(sessionId, nowSec);
    const slot = this.slotById.get(sessionId);
    if (slot === undefined) {
      this.missCount++;
      return SessionLookup.Miss;
    }
    if (nowSec >= this.expiresAtSec[slot]!) {
      this.removeSlot(slot);
      this.expiredCount++;
      return SessionLookup.Expired;
    }
    if (this.refreshOnHit) this.expiresAtSec[slot] = nowSec + this.lifetimeSec;
    if (this.moveOnHit && slot !== this.tail) {
      this.unlink(slot);
      this.linkAtTail(slot);
    }
    this.hitCount++;
    return SessionLookup.Hit;
  }

  /**
   * Remove a session (e.g. invalidated by a failed handshake). Not counted.
   * @returns true if it was present (expired or not).
   * @throws InvariantError on a bad id.
   */
  remove(sessionId: number): boolean {
    this.checkId(sessionId, this.lastNowSec);
    const slot = this.slotById.get(sessionId);
    if (slot === undefined) return false;
    this.removeSlot(slot);
    return true;
  }

  /**
   * Drop up to `maxSessions` expired sessions from the eviction end, stopping at the first one
   * still valid; returns how many were dropped (counted in `sweptExpired`). With FIFO eviction and
   * lifetime from creation the head is the oldest session, so this drops in expiry order. nginx
   * does this with maxSessions 2 before storing each new session ("drop one or two expired
   * sessions", ngx_ssl_expire_sessions in src/event/ngx_event_openssl.c); without it expired
   * sessions stay until looked up or evicted.
   * @throws InvariantError on a bad time or a maxSessions that is not an integer >= 0.
   */
  sweepExpired(nowSec: number, maxSessions: number): number {
    this.checkTime(nowSec);
    if (!(Number.isInteger(maxSessions) && maxSessions >= 0)) {
      throw new InvariantError(`${this.path}.sweepExpired: maxSessions must be an integer >= 0 (got ${maxSessions})`, nowSec);
    }
    let dropped = 0;
    while (dropped < maxSessions && this.head !== NONE && nowSec >= this.expiresAtSec[this.head]!) {
      this.removeSlot(this.head);
      dropped++;
    }
    this.sweptExpiredCount += dropped;
    return dropped;
  }

  /** Drop every session (a restart or a flush event). Not counted as evictions. O(slots). */
  flush(): void {
    this.slotById.clear();
    this.head = NONE;
    this.tail = NONE;
    this.usedEntries = 0;
    this.freeHead = NONE;
    this.chainFree(0, this.nextSlot.length);
  }

  /** Zero every counter; occupancy and contents are unchanged. */
  resetCounters(): void {
    this.hitCount = 0;
    this.missCount = 0;
    this.expiredCount = 0;
    this.evictionCount = 0;
    this.insertCount = 0;
    this.rejectedTooLargeCount = 0;
    this.sweptExpiredCount = 0;
  }

  /**
   * Session ids from the eviction end (next to go) to the most-recent end. For tests and
   * debugging: allocates an array, not for the hot path.
   */
  idsInEvictionOrder(): number[] {
    const ids: number[] = [];
    for (let slot = this.head; slot !== NONE; slot = this.nextSlot[slot]!) ids.push(this.idOfSlot[slot]!);
    return ids;
  }

  private checkTime(nowSec: number): void {
    if (!(nowSec >= this.lastNowSec)) {
      throw new InvariantError(`${this.path}: time must be a number >= the previous call's ${this.lastNowSec} s (got ${nowSec})`, nowSec);
    }
    this.lastNowSec = nowSec;
  }

  private checkId(sessionId: number, nowSec: number): void {
    if (!(Number.isSafeInteger(sessionId) && sessionId >= 0)) {
      throw new InvariantError(`${this.path}: sessionId must be a non-negative safe integer (got ${sessionId})`, nowSec);
    }
  }

  private removeSlot(slot: number): void {
    this.unlink(slot);
    this.slotById.delete(this.idOfSlot[slot]!);
    this.usedEntries -= this.sizeOfSlot[slot]!;
    this.nextSlot[slot] = this.freeHead;
    this.freeHead = slot;
  }

  private unlink(slot: number): void {
    const prev = this.prevSlot[slot]!;
    const next = this.nextSlot[slot]!;
    if (prev === NONE) this.head = next;
    else this.nextSlot[prev] = next;
    if (next === NONE) this.tail = prev;
    else this.prevSlot[next] = prev;
  }

  private linkAtTail(slot: number): void {
    this.prevSlot[slot] = this.tail;
    this.nextSlot[slot] = NONE;
    if (this.tail === NONE) this.head = slot;
    else this.nextSlot[this.tail] = slot;
    this.tail = slot;
  }

  /** Put slots [from, to) on the free list, in index order, ahead of the current free list. */
  private chainFree(from: number, to: number): void {
    for (let slot = to - 1; slot >= from; slot--) {
      this.nextSlot[slot] = this.freeHead;
      this.freeHead = slot;
    }
  }

  /** Double the slot arrays (amortized O(1) per insert). */
  private grow(): void {
    const oldSlots = this.nextSlot.length;
    const slots = Math.max(1, oldSlots * 2);
    this.prevSlot = copyInt32(this.prevSlot, slots);
    this.nextSlot = copyInt32(this.nextSlot, slots);
    this.idOfSlot = copyFloat64(this.idOfSlot, slots);
    this.expiresAtSec = copyFloat64(this.expiresAtSec, slots);
    this.sizeOfSlot = copyInt32(this.sizeOfSlot, slots);
    this.chainFree(oldSlots, slots);
  }
}

function copyInt32(source: Int32Array, length: number): Int32Array {
  const target = new Int32Array(length);
  target.set(source);
  return target;
}

function copyFloat64(source: Float64Array, length: number): Float64Array {
  const target = new Float64Array(length);
  target.set(source);
  return target;
}

/**
 * Sessions per MiB of an nginx `ssl_session_cache shared:SSL:<size>` zone, TLS 1.2.
 * Measured (tls-ground-truth.md §3): `1m` held about 2,650 sessions (first survivor 1350–1375 of
 * 4000, ECDSA and RSA alike) and `2m` held 5,300, so capacity is linear in size. nginx's docs claim
 * about 4,000 per MB; that is wrong on the measured nginx 1.22.1 / OpenSSL 3.0.
 */
export const nginxSharedCacheSessionsPerMiB = 2_650;

/**
 * Bytes of an nginx shared cache zone per stored entry, ≈ 395.7 (1 MiB / 2,650; measured, §3).
 * A TLS 1.3 client stores 2 entries per full handshake, so about 1,250 TLS 1.3 clients fit in 1 MiB.
 */
export const nginxSharedCacheBytesPerEntry = 1_048_576 / nginxSharedCacheSessionsPerMiB;

/**
 * Capacity in entries of an nginx-style shared session cache of `sizeBytes` bytes:
 * `floor(sizeBytes / nginxSharedCacheBytesPerEntry)`, computed in exact integer arithmetic.
 * 1 MiB → 2,650, 2 MiB → 5,300 (measured, tls-ground-truth.md §3). TLS 1.3 clients take 2 entries
 * each: pass sizeEntries 2 to {@link SessionCache.insert}, not a smaller capacity here. Ignores
 * nginx's fixed zone overhead and minimum zone size (the measurements show none at 1–2 MiB).
 * May return 0 for a tiny size; SessionCache then rejects it (capacityEntries must be >= 1).
 * @throws RangeError naming `path` if sizeBytes is not a finite number >= 0.
 */
export function nginxCacheEntriesForBytes(sizeBytes: number, path = "sessionCache.sizeBytes"): number {
  requireParam(typeof sizeBytes === "number" && Number.isFinite(sizeBytes) && sizeBytes >= 0, path, "a finite number of bytes >= 0", sizeBytes);
  return Math.floor((sizeBytes * nginxSharedCacheSessionsPerMiB) / 1_048_576);
}
