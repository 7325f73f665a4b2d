/**
 * Session-ticket keys of one server (or of a fleet that shares them): the current key seals new
 * tickets, up to `graceKeys` previous keys still open old ones (decrypt-only).
 *
 * A ticket is two numbers the client keeps, `(keyId, issuedSec)`; no objects. Key ids are integers
 * local to one ring, starting at 0 and +1 per rotation: with a key per instance, the client must
 * also remember which ring sealed its ticket (or the wiring must keep rings' ids apart).
 */
import { InvariantError, requireParam } from "../../sim/errors.js";

/** Options of a {@link TicketKeyRing}. */
export interface TicketKeyRingOptions {
  /**
   * Previous keys that still open tickets, an integer >= 0. Node `setTicketKeys`: 0 (rotating
   * invalidates every outstanding ticket at once, measured in tls-ground-truth.md §2). nginx with
   * `ssl_session_ticket_key new; ssl_session_ticket_key old;`: 1 (measured, §3).
   */
  graceKeys: number;
  /**
   * Ticket lifetime in seconds, > 0 (Infinity allowed): an older ticket is refused. Node: its
   * `sessionTimeout`, 7200 s in effect by default; nginx: `ssl_session_timeout`, 300 s (§2, §3).
   */
  ticketLifetimeSec: number;
}

/**
 * Outcome of {@link TicketKeyRing.check}. String literals (`"accepted" | "unknownKey" |
 * "expired"`, interned: returning one allocates nothing); use the named constants in code.
 * - `Accepted`: sealed by the current key or a grace key, and within its lifetime: resumes.
 * - `UnknownKey`: its key no longer opens (rotated out, regenerated) or never existed: full handshake.
 * - `Expired`: the key opens it but the ticket is past its lifetime: full handshake.
 */
export const TicketCheck = { Accepted: "accepted", UnknownKey: "unknownKey", Expired: "expired" } as const;
/** `"accepted" | "unknownKey" | "expired"`: see the {@link TicketCheck} constants. */
export type TicketCheck = (typeof TicketCheck)[keyof typeof TicketCheck];

/**
 * The ring of ticket keys of one server or fleet.
 *
 * Boundary convention (as in SessionCache): a ticket issued at `issuedSec` is valid while
 * `nowSec < issuedSec + ticketLifetimeSec` and expired once `nowSec >= issuedSec + ticketLifetimeSec`.
 * The key is checked first: a ticket the server cannot open is `UnknownKey` whatever its age.
 * A ticket accepted under a grace key (`keyId !== currentKeyId`) resumes; nginx then issues a new
 * ticket under the current key for TLS 1.2 (§3): the caller decides that.
 *
 * Counters (since construction or {@link TicketKeyRing.resetCounters}): `accepted`,
 * `rejectedUnknownKey`, `rejectedExpired`, `rotations`, `regenerations`.
 *
 * @throws RangeError at construction, naming `<path>.graceKeys` or `<path>.ticketLifetimeSec`,
 *   if graceKeys is not an integer >= 0 or ticketLifetimeSec is not > 0 (or is NaN).
 * @throws InvariantError from check() given a non-integer key id, NaN or negative times, or a
 *   ticket issued after nowSec: these are bugs in the caller.
 * Source: tls-ground-truth.md §2 (Node: one key, no grace) and §3 (nginx: key list [new, old];
 * default random keys regenerated on reload).
 */
export class TicketKeyRing {
  readonly graceKeys: number;
  readonly ticketLifetimeSec: number;
  /** Parameter path used in error messages, e.g. "fleet.tickets". */
  readonly path: string;

  private currentKey: number;
  /** The oldest key id that still opens tickets (raised by rotate and regenerate). */
  private oldestOpenKey: number;
  private acceptedCount: number;
  private rejectedUnknownKeyCount: number;
  private rejectedExpiredCount: number;
  private rotationCount: number;
  private regenerationCount: number;

  constructor(options: TicketKeyRingOptions, path = "tickets") {
    const { graceKeys, ticketLifetimeSec } = options;
    requireParam(Number.isSafeInteger(graceKeys) && graceKeys >= 0, `${path}.graceKeys`, "an integer >= 0", graceKeys);
    requireParam(
      typeof ticketLifetimeSec === "number" && ticketLifetimeSec > 0,
      `${path}.ticketLifetimeSec`,
      "> 0 (Infinity allowed)",
      ticketLifetimeSec,
    );
    this.graceKeys = graceKeys;
    this.ticketLifetimeSec = ticketLifetimeSec;
    this.path = path;
    this.currentKey = 0;
    this.oldestOpenKey = 0;
    this.acceptedCount = 0;
    this.rejectedUnknownKeyCount = 0;
    this.rejectedExpiredCount = 0;
    this.rotationCount = 0;
    this.regenerationCount = 0;
  }

  /** Id of the key that seals tickets now: 0 at construction, +1 per rotate() or regenerate(). */
  get currentKeyId(): number {
    return this.currentKey;
  }
  /** Id of the oldest key that still opens tickets (currentKeyId − graceKeys at most). */
  get oldestOpenKeyId(): number {
    return this.oldestOpenKey;
  }
  /** Tickets accepted. */
  get accepted(): number {
    return this.acceptedCount;
  }
  /** Tickets refused because their key no longer opens (or never existed). */
  get rejectedUnknownKey(): number {
    return this.rejectedUnknownKeyCount;
  }
  /** Tickets refused because they were past their lifetime. */
  get rejectedExpired(): number {
    return this.rejectedExpiredCount;
  }
  /** Calls to rotate(). */
  get rotations(): number {
    return this.rotationCount;
  }
  /** Calls to regenerate(). */
  get regenerations(): number {
    return this.regenerationCount;
  }

  /**
   * A new current key; the previous current key becomes a grace key and the oldest key beyond
   * `graceKeys` stops opening. With graceKeys 0 every outstanding ticket is refused at once
   * (Node `setTicketKeys`, §2).
   */
  rotate(): void {
    this.currentKey++;
    const oldest = this.currentKey - this.graceKeys;
    if (oldest > this.oldestOpenKey) this.oldestOpenKey = oldest;
    this.rotationCount++;
  }

  /**
   * A new current key and no grace keys at all, whatever `graceKeys` says: a restart of a server
   * with random keys (Node's default) or an nginx reload without key files (measured, §2, §3).
   * Later rotations keep grace keys again, from the new key on.
   */
  regenerate(): void {
    this.currentKey++;
    this.oldestOpenKey = this.currentKey;
    this.regenerationCount++;
  }

  /**
   * Check a ticket the client offers, sealed with key `keyId` at `issuedSec`, at `nowSec` (s).
   * Returns {@link TicketCheck}: `"unknownKey"` if the key does not open it (checked first),
   * else `"expired"` if `nowSec >= issuedSec + ticketLifetimeSec`, else `"accepted"`. Counted.
   * @throws InvariantError if keyId is not an integer, a time is NaN or negative, or issuedSec > nowSec.
   */
  check(keyId: number, issuedSec: number, nowSec: number): TicketCheck {
    if (!(Number.isInteger(keyId) && issuedSec >= 0 && nowSec >= issuedSec)) {
      throw new InvariantError(
        `${this.path}.check: need an integer keyId and 0 <= issuedSec <= nowSec (got keyId ${keyId}, issuedSec ${issuedSec}, nowSec ${nowSec})`,
        nowSec,
      );
    }
    if (keyId < this.oldestOpenKey || keyId > this.currentKey) {
      this.rejectedUnknownKeyCount++;
      return TicketCheck.UnknownKey;
    }
    if (nowSec >= issuedSec + this.ticketLifetimeSec) {
      this.rejectedExpiredCount++;
      return TicketCheck.Expired;
    }
    this.acceptedCount++;
    return TicketCheck.Accepted;
  }

  /** Zero every counter; the keys are unchanged. */
  resetCounters(): void {
    this.acceptedCount = 0;
    this.rejectedUnknownKeyCount = 0;
    this.rejectedExpiredCount = 0;
    this.rotationCount = 0;
    this.regenerationCount = 0;
  }
}
