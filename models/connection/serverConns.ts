/**
 * Server-side connections: one slot per connection a server instance holds (from the moment it
 * enters an accept queue until it closes), parallel typed arrays indexed by id, recycled through a
 * free list. A server connection outlives its client's interest: when the client times out,
 * `clientConn` becomes -1 (abandoned) and whatever the server still does for it is wasted work.
 */
import { growFloat64, growInt32 } from "../../sim/calendar.js";
import { InvariantError } from "../../sim/errors.js";

/** Server connection states. */
export const ServerConnState = {
  Free: 0,
  /** In an accept queue (listen backlog). */
  InBacklog: 1,
  /** Accepted; waiting for an external session-cache lookup. */
  Lookup: 2,
  /** Its next CPU phase is in a worker's run queue or running. */
  Ready: 3,
  /** Waiting a round trip for the client's next flight. */
  AwaitingClient: 4,
  /** Handshake done; held open by a persistent client. */
  Established: 5,
  /**
   * Its last flight is at the client, whose event loop has yet to process it and answer with its
   * Finished (clients.cpu, 1-RTT handshakes): the second phase follows the answer, half a round trip later.
   */
  AwaitingClientCpu: 6,
} as const;

/** How a handshake resumed, or not. */
export const HandshakeKind = { Full: 0, ResumedTicket: 1, ResumedSession: 2 } as const;

/** Pool of server connections. */
export class ServerConns {
  clientConn: Int32Array;
  /** The client (population index) whose ClientHello this is: kept after the client gives up, since the server still reads it. */
  clientId: Int32Array;
  state: Uint8Array;
  kind: Uint8Array;
  /** 1 while it counts against its worker's handshake cap. */
  handshaking: Uint8Array;
  instance: Int32Array;
  /** The worker that accepted it (-1 before), or for reuseport the worker whose queue holds it. */
  worker: Int32Array;
  arrivalSec: Float64Array;
  phase2CpuSec: Float64Array;
  /** Ticket/session issued by this handshake, handed to the client when it completes (-1: none). */
  issuedSessionId: Float64Array;
  issuedCache: Int32Array;
  issuedTicketRing: Int32Array;
  issuedTicketKey: Float64Array;
  issuedTicketSec: Float64Array;
  /** Bumped when a slot is freed: events scheduled for an earlier occupant carry a stale generation. */
  generation: Float64Array;
  live: number;
  private freeIds: Int32Array;
  private freeTop: number;
  private used: number;

  constructor(initial = 1024) {
    this.clientConn = new Int32Array(initial);
    this.clientId = new Int32Array(initial);
    this.state = new Uint8Array(initial);
    this.kind = new Uint8Array(initial);
    this.handshaking = new Uint8Array(initial);
    this.instance = new Int32Array(initial);
    this.worker = new Int32Array(initial);
    this.arrivalSec = new Float64Array(initial);
    this.phase2CpuSec = new Float64Array(initial);
    this.issuedSessionId = new Float64Array(initial);
    this.issuedCache = new Int32Array(initial);
    this.issuedTicketRing = new Int32Array(initial);
    this.issuedTicketKey = new Float64Array(initial);
    this.issuedTicketSec = new Float64Array(initial);
    this.generation = new Float64Array(initial);
    this.freeIds = new Int32Array(initial);
    this.freeTop = 0;
    this.used = 0;
    this.live = 0;
  }

  /** A new connection of client connection `clientConn` arriving now in `instance`'s backlog. */
  alloc(clientConn: number, clientId: number, instance: number, worker: number, nowSec: number): number {
    let id: number;
    if (this.freeTop > 0) id = this.freeIds[--this.freeTop];
    else {
      if (this.used === this.clientConn.length) this.grow();
      id = this.used++;
    }
    this.clientConn[id] = clientConn;
    this.clientId[id] = clientId;
    this.state[id] = ServerConnState.InBacklog;
    this.kind[id] = HandshakeKind.Full;
    this.handshaking[id] = 0;
    this.instance[id] = instance;
    this.worker[id] = worker;
    this.arrivalSec[id] = nowSec;
    this.phase2CpuSec[id] = 0;
    this.issuedSessionId[id] = -1;
    this.issuedCache[id] = -1;
    this.issuedTicketRing[id] = -1;
    this.issuedTicketKey[id] = -1;
    this.issuedTicketSec[id] = 0;
    this.live++;
    return id;
  }

  free(id: number): void {
    if (this.state[id] === ServerConnState.Free) throw new InvariantError(`server connection ${id} freed twice`);
    this.state[id] = ServerConnState.Free;
    this.generation[id]++;
    this.freeIds[this.freeTop++] = id;
    this.live--;
  }

  /** Ids of every live connection held by `instance` (and `worker` if >= 0). Allocates: for rare events only (restarts). */
  liveIn(instance: number, worker: number): number[] {
    const out: number[] = [];
    for (let id = 0; id < this.used; id++) {
      if (this.state[id] !== ServerConnState.Free && this.instance[id] === instance && (worker < 0 || this.worker[id] === worker)) out.push(id);
    }
    return out;
  }

  private grow(): void {
    const n = this.clientConn.length * 2;
    this.clientConn = growInt32(this.clientConn, n);
    this.clientId = growInt32(this.clientId, n);
    for (const key of ["state", "kind", "handshaking"] as const) {
      const a = new Uint8Array(n);
      a.set(this[key]);
      this[key] = a;
    }
    this.instance = growInt32(this.instance, n);
    this.worker = growInt32(this.worker, n);
    this.arrivalSec = growFloat64(this.arrivalSec, n);
    this.phase2CpuSec = growFloat64(this.phase2CpuSec, n);
    this.issuedSessionId = growFloat64(this.issuedSessionId, n);
    this.issuedCache = growInt32(this.issuedCache, n);
    this.issuedTicketRing = growInt32(this.issuedTicketRing, n);
    this.issuedTicketKey = growFloat64(this.issuedTicketKey, n);
    this.issuedTicketSec = growFloat64(this.issuedTicketSec, n);
    this.generation = growFloat64(this.generation, n);
    this.freeIds = growInt32(this.freeIds, n);
  }
}
