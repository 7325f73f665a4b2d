/**
 * Session resumption across a fleet: which session caches and ticket-key rings exist (by scope),
 * whether a ClientHello resumes, and what a completed handshake hands the client to resume with.
 *
 * Decision at the ClientHello (the first CPU phase), in the order a TLS server tries them:
 *   client offers a ticket, tickets on --ring that sealed it is this one and the key opens--> ResumedTicket
 *   client offers a session ID, a cache applies --this cache issued it and still holds it-->  ResumedSession
 *   otherwise                                                                               Full
 * A ticket sealed by another ring (another instance's or worker's key) is an unknown key; a
 * session ID issued by another cache (another worker's builtin cache) is a miss: this is how
 * per-worker caches break resumption (measured: ~1/W hit rate with tickets off, tls-ground-truth §3).
 *
 * What a handshake issues: a full handshake stores a new session in the cache that applies
 * (`entriesPerFullHandshake` entries: nginx TLS 1.3 stores 2) and, with tickets on, seals a
 * ticket under the ring's current key. A resumption by ticket issues a fresh ticket only if
 * `renewOnResume` (nginx: 1 ticket per resumption; Node TLS 1.3: none, §2). A resumption by session
 * ID issues nothing new. The client keeps what it is handed only if it completes the handshake.
 *
 * Scopes: a cache or ring per worker (index instance*W + worker), per instance (index instance),
 * or one for the fleet (index 0).
 */
import { SessionCache } from "../session/sessionCache.js";
import { TicketKeyRing } from "../session/ticketKeys.js";
import type { ClientPopulation } from "../client/population.js";
import type { ServerConns } from "../connection/serverConns.js";
import { HandshakeKind } from "../connection/serverConns.js";
import type { FleetSpec } from "../scenario/types.js";

/** Where resumption outcomes are counted (the edge's statistics; see models/metrics.ts). */
export interface ResumptionCounters {
  ticketsAccepted: { add(n?: number): void };
  ticketsRejected: { add(n?: number): void };
  cacheHits: { add(n?: number): void };
  cacheMisses: { add(n?: number): void };
  cacheEvictions: { add(n?: number): void };
}

/** Caches and ticket-key rings of a fleet, and the resumption decision. */
export class Resumption {
  readonly caches: SessionCache[];
  readonly rings: TicketKeyRing[];
  private readonly counts: ResumptionCounters;
  private readonly cacheScope: number; // 0 none, 1 worker, 2 instance, 3 fleet
  private readonly ringScope: number; // 0 off, 1 worker, 2 instance, 3 fleet
  private readonly workersPerInstance: number;
  private readonly entriesPerFull: number;
  private readonly renewOnResume: boolean;
  private readonly offerSessionId: boolean;
  private readonly offerTicket: boolean;
  private readonly population: ClientPopulation;
  private nextSessionId: number;

  constructor(fleet: FleetSpec, clients: { offerSessionId: boolean; offerTicket: boolean }, population: ClientPopulation, counters: ResumptionCounters) {
    const W = fleet.workersPerInstance;
    const K = fleet.instances;
    const sc = fleet.sessionCache;
    this.cacheScope = sc.scope === "none" ? 0 : sc.scope === "worker" ? 1 : sc.scope === "instance" ? 2 : 3;
    const tk = fleet.tickets;
    this.ringScope = !tk.enabled ? 0 : tk.keyScope === "worker" ? 1 : tk.keyScope === "instance" ? 2 : 3;
    const count = (scope: number) => (scope === 0 ? 0 : scope === 1 ? K * W : scope === 2 ? K : 1);
    this.caches = [];
    for (let i = 0; i < count(this.cacheScope); i++) {
      this.caches.push(new SessionCache({ capacityEntries: sc.capacityEntries, eviction: sc.eviction, lifetimeSec: sc.lifetimeSec, lifetimeFrom: sc.lifetimeFrom }, "fleet.sessionCache"));
    }
    this.rings = [];
    for (let i = 0; i < count(this.ringScope); i++) {
      this.rings.push(new TicketKeyRing({ graceKeys: tk.graceKeys, ticketLifetimeSec: tk.lifetimeSec }, "fleet.tickets"));
    }
    this.workersPerInstance = W;
    this.entriesPerFull = sc.entriesPerFullHandshake;
    this.renewOnResume = tk.renewOnResume;
    this.offerSessionId = clients.offerSessionId;
    this.offerTicket = clients.offerTicket;
    this.population = population;
    this.nextSessionId = 0;
    this.counts = counters;
  }

  /** Index of the cache serving (instance, worker), -1 if there is no cache. */
  cacheIndex(instance: number, worker: number): number {
    const s = this.cacheScope;
    return s === 0 ? -1 : s === 1 ? instance * this.workersPerInstance + worker : s === 2 ? instance : 0;
  }

  /** Index of the ticket-key ring of (instance, worker), -1 if tickets are off. */
  ringIndex(instance: number, worker: number): number {
    const s = this.ringScope;
    return s === 0 ? -1 : s === 1 ? instance * this.workersPerInstance + worker : s === 2 ? instance : 0;
  }

  /** True if the ClientHello of `clientId` will consult the fleet-wide (external) cache. */
  consultsFleetCache(clientId: number): boolean {
    return this.cacheScope === 3 && this.offerSessionId && this.population.sessionId[clientId] >= 0 && !this.wouldResumeByTicket(clientId);
  }

  /** Decides the handshake kind for `clientId`'s ClientHello at (instance, worker), counting the outcome. */
  decide(clientId: number, instance: number, worker: number, nowSec: number): number {
    const pop = this.population;
    const c = this.counts;
    if (this.offerTicket && this.ringScope !== 0 && pop.ticketRing[clientId] >= 0) {
      const ring = this.ringIndex(instance, worker);
      if (pop.ticketRing[clientId] === ring && this.rings[ring].check(pop.ticketKeyId[clientId], pop.ticketIssuedSec[clientId], nowSec) === "accepted") {
        c.ticketsAccepted.add(1);
        return HandshakeKind.ResumedTicket;
      }
      c.ticketsRejected.add(1);
    }
    if (this.offerSessionId && this.cacheScope !== 0 && pop.sessionId[clientId] >= 0) {
      const cache = this.cacheIndex(instance, worker);
      if (pop.sessionCache[clientId] === cache && this.caches[cache].lookup(pop.sessionId[clientId], nowSec) === "hit") {
        c.cacheHits.add(1);
        return HandshakeKind.ResumedSession;
      }
      c.cacheMisses.add(1);
    }
    return HandshakeKind.Full;
  }

  /**
   * Records on server connection `s` what its handshake issues (called when the server sends its
   * last flight): a new cached session and/or ticket for a full handshake, a renewed ticket for a
   * ticket resumption when renewOnResume.
   */
  issue(conns: ServerConns, s: number, worker: number, nowSec: number): void {
    const kind = conns.kind[s];
    const instance = conns.instance[s];
    if (kind === HandshakeKind.Full) {
      const cache = this.cacheIndex(instance, worker);
      if (cache >= 0) {
        const id = this.nextSessionId++;
        const c = this.caches[cache];
        const before = c.evictions;
        c.insert(id, nowSec, this.entriesPerFull);
        if (c.evictions !== before) this.counts.cacheEvictions.add(c.evictions - before);
        conns.issuedSessionId[s] = id;
        conns.issuedCache[s] = cache;
      }
    }
    if (kind === HandshakeKind.Full || (kind === HandshakeKind.ResumedTicket && this.renewOnResume)) {
      const ring = this.ringIndex(instance, worker);
      if (ring >= 0) {
        conns.issuedTicketRing[s] = ring;
        conns.issuedTicketKey[s] = this.rings[ring].currentKeyId;
        conns.issuedTicketSec[s] = nowSec;
      }
    }
  }

  /** The client of server connection `s` completed its handshake: it keeps what was issued. */
  deliver(conns: ServerConns, s: number, clientId: number): void {
    const pop = this.population;
    if (conns.issuedSessionId[s] >= 0) {
      pop.sessionId[clientId] = conns.issuedSessionId[s];
      pop.sessionCache[clientId] = conns.issuedCache[s];
    }
    if (conns.issuedTicketRing[s] >= 0) {
      pop.ticketRing[clientId] = conns.issuedTicketRing[s];
      pop.ticketKeyId[clientId] = conns.issuedTicketKey[s];
      pop.ticketIssuedSec[clientId] = conns.issuedTicketSec[s];
    }
  }

  /** Empties the caches of `instance` (or all with instance < 0); a fleet cache is flushed whatever the instance. */
  flushCaches(instance: number): void {
    if (this.cacheScope === 3 || instance < 0) {
      for (const c of this.caches) c.flush();
    } else if (this.cacheScope === 2) this.caches[instance].flush();
    else if (this.cacheScope === 1) {
      for (let w = 0; w < this.workersPerInstance; w++) this.caches[instance * this.workersPerInstance + w].flush();
    }
  }

  /** Empties the cache of one worker if caches are per worker (a worker restart). */
  flushWorkerCache(instance: number, worker: number): void {
    if (this.cacheScope === 1) this.caches[instance * this.workersPerInstance + worker].flush();
  }

  /** Rotates the ticket keys of `instance` (a fleet ring rotates whatever the instance): previous keys become grace keys. */
  rotateKeys(instance: number): void {
    this.forRings(instance, -1, (r) => r.rotate());
  }

  /** Replaces the keys of `instance` (and `worker` if >= 0) with fresh random ones, no grace: a restart without key files. Fleet rings are untouched. */
  regenerateKeys(instance: number, worker: number): void {
    if (this.ringScope === 3 || this.ringScope === 0) return;
    if (this.ringScope === 2) {
      if (worker < 0) this.rings[instance].regenerate();
      return;
    }
    this.forRings(instance, worker, (r) => r.regenerate());
  }

  /** Entries held by all caches now. */
  cacheEntries(): number {
    let n = 0;
    for (const c of this.caches) n += c.sizeEntries;
    return n;
  }

  /** Sessions evicted for room by all caches so far. */
  cacheEvictions(): number {
    let n = 0;
    for (const c of this.caches) n += c.evictions;
    return n;
  }

  private wouldResumeByTicket(clientId: number): boolean {
    return this.offerTicket && this.ringScope !== 0 && this.population.ticketRing[clientId] >= 0;
  }

  private forRings(instance: number, worker: number, f: (r: TicketKeyRing) => void): void {
    const s = this.ringScope;
    if (s === 0) return;
    if (s === 3) f(this.rings[0]);
    else if (s === 2) f(this.rings[instance]);
    else {
      for (let w = 0; w < this.workersPerInstance; w++) if (worker < 0 || w === worker) f(this.rings[instance * this.workersPerInstance + w]);
    }
  }
}
