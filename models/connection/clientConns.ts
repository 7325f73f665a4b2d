/**
 * Client-side connections: one slot per logical connection a client is trying to open (its first
 * attempt and every retry reuse the slot), stored as parallel typed arrays indexed by id, grown by
 * doubling, ids recycled through a free list. Nothing is allocated per connection.
 *
 * `stamp` changes at every new attempt and when the slot is freed: events scheduled for an older
 * attempt carry the old stamp and are ignored (no searching the calendar).
 */
import { growFloat64, growInt32 } from "../../sim/calendar.js";
import { InvariantError } from "../../sim/errors.js";

/** Where a client connection is in its life (see the transition table in models/edge.ts). */
export const ClientConnState = {
  Free: 0,
  /** SYN sent (or being retransmitted), not yet in an accept queue. */
  Connecting: 1,
  /** In an accept queue or being handshaken by a worker. */
  Handshaking: 2,
  /** Waiting out a retry backoff. */
  Backoff: 3,
  /** Handshake done; a persistent client holds it open. */
  Established: 4,
} as const;

/** Pool of client connections. */
export class ClientConns {
  clientId: Int32Array;
  state: Uint8Array;
  persistent: Uint8Array;
  attemptNo: Int32Array;
  synRetransmits: Int32Array;
  instance: Int32Array;
  serverConn: Int32Array;
  requestStartSec: Float64Array;
  attemptStartSec: Float64Array;
  prevDelaySec: Float64Array;
  stamp: Float64Array;
  /** Connections currently allocated. */
  live: number;
  private freeIds: Int32Array;
  private freeTop: number;
  private used: number;

  constructor(initial = 1024) {
    this.clientId = new Int32Array(initial);
    this.state = new Uint8Array(initial);
    this.persistent = new Uint8Array(initial);
    this.attemptNo = new Int32Array(initial);
    this.synRetransmits = new Int32Array(initial);
    this.instance = new Int32Array(initial);
    this.serverConn = new Int32Array(initial);
    this.requestStartSec = new Float64Array(initial);
    this.attemptStartSec = new Float64Array(initial);
    this.prevDelaySec = new Float64Array(initial);
    this.stamp = new Float64Array(initial);
    this.freeIds = new Int32Array(initial);
    this.freeTop = 0;
    this.used = 0;
    this.live = 0;
  }

  /** A new connection for `clientId`, started now, attempt 1 not yet begun. */
  alloc(clientId: number, nowSec: number, persistent: boolean): number {
    let id: number;
    if (this.freeTop > 0) id = this.freeIds[--this.freeTop];
    else {
      if (this.used === this.clientId.length) this.grow();
      id = this.used++;
    }
    this.clientId[id] = clientId;
    this.state[id] = ClientConnState.Connecting;
    this.persistent[id] = persistent ? 1 : 0;
    this.attemptNo[id] = 0;
    this.synRetransmits[id] = 0;
    this.instance[id] = -1;
    this.serverConn[id] = -1;
    this.requestStartSec[id] = nowSec;
    this.attemptStartSec[id] = nowSec;
    this.prevDelaySec[id] = 0;
    this.live++;
    return id;
  }

  /** Releases a connection; stale events for it will see a changed stamp. */
  free(id: number): void {
    if (this.state[id] === ClientConnState.Free) throw new InvariantError(`client connection ${id} freed twice`);
    this.state[id] = ClientConnState.Free;
    this.stamp[id]++;
    this.freeIds[this.freeTop++] = id;
    this.live--;
  }

  private grow(): void {
    const n = this.clientId.length * 2;
    this.clientId = growInt32(this.clientId, n);
    const st = new Uint8Array(n);
    st.set(this.state);
    this.state = st;
    const ps = new Uint8Array(n);
    ps.set(this.persistent);
    this.persistent = ps;
    this.attemptNo = growInt32(this.attemptNo, n);
    this.synRetransmits = growInt32(this.synRetransmits, n);
    this.instance = growInt32(this.instance, n);
    this.serverConn = growInt32(this.serverConn, n);
    this.requestStartSec = growFloat64(this.requestStartSec, n);
    this.attemptStartSec = growFloat64(this.attemptStartSec, n);
    this.prevDelaySec = growFloat64(this.prevDelaySec, n);
    this.stamp = growFloat64(this.stamp, n);
    this.freeIds = growInt32(this.freeIds, n);
  }
}
