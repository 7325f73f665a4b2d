/**
 * The client population: what each of U distinct clients holds between connections to be able to
 * resume: its latest session ID (useful only while the cache that issued it still holds it) and
 * its latest session ticket (useful while the key that sealed it still opens and its lifetime has
 * not passed). Parallel typed arrays indexed by client id; -1 means "none".
 */
import { requireParam } from "../../sim/errors.js";

/** Resumption state of every client. */
export class ClientPopulation {
  readonly size: number;
  /** Session ID the client would offer, -1 if none. */
  readonly sessionId: Float64Array;
  /** Index of the session cache that issued it (see models/tls/resumption.ts). */
  readonly sessionCache: Int32Array;
  /** Ticket-key ring that sealed the client's ticket, -1 if it holds no ticket. */
  readonly ticketRing: Int32Array;
  readonly ticketKeyId: Float64Array;
  readonly ticketIssuedSec: Float64Array;

  /** @throws RangeError unless size is an integer in [1, 2^31). */
  constructor(size: number) {
    requireParam(Number.isInteger(size) && size >= 1 && size < 2 ** 31, "clients.population", "an integer from 1 to 2^31-1", size);
    this.size = size;
    this.sessionId = new Float64Array(size).fill(-1);
    this.sessionCache = new Int32Array(size).fill(-1);
    this.ticketRing = new Int32Array(size).fill(-1);
    this.ticketKeyId = new Float64Array(size).fill(-1);
    this.ticketIssuedSec = new Float64Array(size);
  }
}
