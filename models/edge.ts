/**
 * The TLS edge: the life of a connection from the client's SYN to an established session, across
 * a balancer, instances with accept queues, and workers (single-threaded event loops).
 *
 * Client side (a ClientConn slot per logical connection; every retry reuses it). With clients.cpu
 * (models/client/clientLoops.ts) an attempt first waits for its loop's "send" work before its SYN
 * goes out, and completes only after the "finish" work that the server's last flight triggers:
 *   Connecting  --SYN finds room in the accept queue-------> Handshaking
 *   Connecting  --accept queue full-------------------------> Connecting (SYN retransmit at +1 s, +3 s, +7 s ...; gives up as a timeout)
 *   Connecting  --instance down------------------------------> reset      --retry policy--> Backoff | failed
 *   Handshaking --server's last flight arrives (RTT/2)-------> completed: Established (persistent client) or done
 *   Handshaking --admission control refuses------------------> rejected   --retry policy--> Backoff | failed
 *   Handshaking --worker or instance restart----------------> reset      --retry policy--> Backoff | failed
 *   any attempt --client timeout-----------------------------> timeout    --retry policy--> Backoff | failed
 *   Backoff     --delay over---------------------------------> Connecting (next attempt)
 *   Established --hold time over, or dropped by a restart----> closed; a persistent client reconnects (after think time; at once if dropped)
 *
 * Server side (a ServerConn slot per connection an instance holds; see models/server/worker.ts):
 *   InBacklog --worker accepts: admission control refuses------> reject CPU, then closed
 *   InBacklog --worker accepts (external cache: Lookup first)---> first CPU phase: decide full / resumed
 *   first phase done --TLS 1.2 full: wait a round trip---------> second phase, then the last flight
 *   first phase done --1-RTT handshakes: last flight now-------> second phase (client Finished) a round trip later
 *   last phase done --request work (optional)------------------> closed, or Established for a persistent client
 * A server connection whose client gave up (clientConn = -1) is still worked on when abandonedWork
 * is "do" (what TLS stacks do: the ClientHello is already in the socket buffer); that CPU is counted
 * as wasted. No reply comes from a client that left, so no second phase follows an abandoned first.
 * Modelling simplifications (stated in docs/models.md): the SYN is checked against the accept
 * queue 1.5 RTT after it is sent (when the ACK and ClientHello arrive); a rejection or reset reaches
 * the client at once.
 */
import type { Sampler } from "../sim/distributions.js";
import type { Engine, EventHandler } from "../sim/engine.js";
import { DelayLine, type StaleCheck } from "../sim/delayLine.js";
import { IntQueue } from "../sim/intQueue.js";
import type { RandomStream } from "../sim/random.js";
import type { CircuitBreaker } from "./admission/circuitBreaker.js";
import { ClientWork, type ClientLoopHost, type ClientLoops } from "./client/clientLoops.js";
import type { ClientPopulation } from "./client/population.js";
import type { RetryBudget } from "./client/retryBudget.js";
import type { RetryPolicy } from "./client/retryPolicy.js";
import { synRetransmitDelaySec, type SynRetransmitOptions } from "./client/synRetransmit.js";
import { ClientConns, ClientConnState as C } from "./connection/clientConns.js";
import { HandshakeKind, ServerConns, ServerConnState as S } from "./connection/serverConns.js";
import type { EdgeMetrics } from "./metrics.js";
import type { ClientsSpec, FleetSpec } from "./scenario/types.js";
import type { Balancer } from "./server/balancer.js";
import type { CpuFactor } from "./server/slowdowns.js";
import { WorkPhase, Worker, type WorkerHost } from "./server/worker.js";
import type { Resumption } from "./tls/resumption.js";

/** A rejected connection's kind marker on a server connection (beside HandshakeKind). */
const REJECTING = 3;
/** clientConn marker: the client completed and needs nothing more from this server connection. */
const CLIENT_DONE = -2;
const ABANDONED = -1;

/** Event kinds the edge handles, offset by the base kind it registered. */
const Ev = { Syn: 0, Timeout: 1, Retry: 2, Complete: 3, Phase2: 4, Lookup: 5, HoldEnd: 6, Reconnect: 7, Blocking: 8 } as const;

/** Everything the edge is wired with (see models/wire.ts). */
export interface EdgeParts {
  engine: Engine;
  fleet: FleetSpec;
  clients: ClientsSpec;
  rttSec: number;
  metrics: EdgeMetrics;
  population: ClientPopulation;
  resumption: Resumption;
  balancer: Balancer;
  /** Open connections per instance, shared with the balancer (least-connections). */
  instanceConnections: Int32Array;
  retry: RetryPolicy;
  budget: RetryBudget | null;
  syn: SynRetransmitOptions;
  breakers: (CircuitBreaker | null)[];
  fullCpuSec: Sampler;
  resumedCpuSec: Sampler;
  requestCpuSec: Sampler | null;
  blockingCpuSec: Sampler | null;
  /** The server's CPU time multiplier over time (fleet.slowdowns episodes and the fleet.cpuTrace, combined), shared by every worker; null: none. */
  cpuFactor: CpuFactor | null;
  holdSec: Sampler | null;
  thinkSec: Sampler | null;
  /** Picks an idle worker for the shared accept queue (the kernel wakes one waiter). */
  acceptStream: RandomStream;
  /** Picks the worker queue of a new connection under SO_REUSEPORT. */
  reuseportStream: RandomStream;
  /**
   * Whether the scenario restarts workers or instances (restart-workers, restart-instances, or a
   * certificate rotation that restarts workers). A restart in the middle of a fused TLS 1.2 full
   * handshake (see {@link Edge}) would lose its first phase's CPU from the accounting, so fusion
   * is off when it is true.
   */
  hasRestarts: boolean;
}

/** The connection state machine of a whole fleet. */
export class Edge implements EventHandler, WorkerHost, StaleCheck, ClientLoopHost {
  readonly clientConns = new ClientConns();
  readonly serverConns = new ServerConns();
  readonly workers: Worker[] = [];
  /** Accept queue per instance (shared dispatch) or per worker (reuseport). */
  readonly acceptQueues: IntQueue[] = [];
  /** Instance i refuses connections until this time (restart downtime). */
  readonly downUntilSec: Float64Array;
  /** Attempts begun and not yet ended (conservation: see models/metrics.ts). */
  attemptsInFlight = 0;
  private readonly p: EdgeParts;
  private readonly engine: Engine;
  private readonly m: EdgeMetrics;
  private readonly base: number;
  private readonly W: number;
  private readonly halfRtt: number;
  private readonly twoRttFull: boolean;
  private readonly timeoutSec: number;
  private readonly reuseport: boolean;
  private readonly dropAbandoned: boolean;
  private readonly maxHandshakesPerWorker: number;
  private readonly maxConnectionsPerInstance: number;
  private readonly rejectCpuSec: number;
  private readonly instanceActive: Int32Array;
  /** Constant delays as FIFO delay lines (O(1) each, see sim/delayLine.ts); null when unused. */
  private readonly timeoutLine: DelayLine | null;
  private readonly synLine: DelayLine | null;
  private readonly secondFlightLine: DelayLine | null;
  private readonly completeLine: DelayLine | null;
  /** The client's Finished on its way to the server (clients.cpu, 1-RTT handshakes): RTT/2. */
  private readonly clientFinishedLine: DelayLine | null;
  /** One line per SYN retransmission number k (its delay is fixed: 1 s, 2 s, 4 s, ... after the previous send). */
  private readonly synRetransmitLines: DelayLine[];
  /**
   * Fused TLS 1.2 full handshakes: with RTT 0, the client's second flight reaches the server the
   * instant its first phase ends, and the worker starts the second phase at once when its run
   * queue is empty (run-queue items come first, and nothing else can enter it when there is no
   * blocking work, no cache lookup latency and no restart). Then both phases run as one CPU item:
   * one engine event instead of two, with the same timeline. A handshake is fused only if its run
   * queue is empty when it starts and its client's timeout falls after both phases (a client that
   * leaves during the first phase gets no second one). Marked by a negative phase2CpuSec.
   * Accounting difference: the first phase's CPU is added to the CPU counters when the second
   * ends (the totals are the same; a per-window series may shift it by one window).
   */
  private readonly fuseFull: boolean;
  /** The clients' event loops (clients.cpu), or null when clients cost no CPU (see attachClientLoops). */
  private clientLoops: ClientLoops | null;

  constructor(parts: EdgeParts) {
    this.p = parts;
    this.engine = parts.engine;
    this.m = parts.metrics;
    const f = parts.fleet;
    this.W = f.workersPerInstance;
    this.halfRtt = parts.rttSec / 2;
    this.twoRttFull = f.tlsVersion === "1.2";
    this.timeoutSec = parts.clients.timeoutSec;
    this.reuseport = f.dispatch === "reuseport";
    this.dropAbandoned = f.abandonedWork === "drop";
    this.maxHandshakesPerWorker = f.admission.maxHandshakesPerWorker;
    this.maxConnectionsPerInstance = f.admission.maxConnectionsPerInstance;
    this.rejectCpuSec = f.admission.rejectCpuSec;
    this.downUntilSec = new Float64Array(f.instances);
    this.instanceActive = new Int32Array(f.instances);
    this.base = this.engine.register(this);
    for (let k = 1; k < 9; k++) this.engine.register(this); // one kind per Ev entry, all handled here
    const line = (delaySec: number, ev: number) => (delaySec > 0 && delaySec < Infinity ? new DelayLine(this.engine, { delaySec, receiver: this, deliverKind: this.base + ev }) : null);
    this.timeoutLine = this.timeoutSec > 0 && this.timeoutSec < Infinity
      ? new DelayLine(this.engine, { delaySec: this.timeoutSec, receiver: this, deliverKind: this.base + Ev.Timeout, staleCheck: this })
      : null;
    this.synLine = line(3 * this.halfRtt, Ev.Syn);
    this.secondFlightLine = line(2 * this.halfRtt, Ev.Phase2);
    this.completeLine = line(this.halfRtt, Ev.Complete);
    this.clientFinishedLine = line(this.halfRtt, Ev.Phase2);
    this.fuseFull = this.twoRttFull && this.secondFlightLine === null && f.blockingWork === null && f.blockingWorkAt.length === 0 && parts.cpuFactor === null && f.sessionCache.lookupSec === 0 && !parts.hasRestarts;
    this.clientLoops = null;
    this.synRetransmitLines = [];
    for (let k = 1; synRetransmitDelaySec(parts.syn, k) >= 0; k++) {
      this.synRetransmitLines.push(new DelayLine(this.engine, { delaySec: synRetransmitDelaySec(parts.syn, k), receiver: this, deliverKind: this.base + Ev.Syn, staleCheck: this }));
    }
    const stats = { busyWorkers: this.m.busyWorkers, runQueueDepth: this.m.runQueueDepth, backlogDepth: this.m.backlogDepth };
    for (let i = 0; i < f.instances; i++) {
      const shared = new IntQueue(f.listenBacklog);
      if (!this.reuseport) this.acceptQueues.push(shared);
      for (let w = 0; w < this.W; w++) {
        const q = this.reuseport ? new IntQueue(f.listenBacklog) : shared;
        if (this.reuseport) this.acceptQueues.push(q);
        this.workers.push(new Worker(this.engine, { index: i * this.W + w, instance: i, local: w, acceptQueue: q, host: this, stats, cpuFactor: parts.cpuFactor }));
      }
    }
  }

  /**
   * Gives the clients CPU (clients.cpu): their loops, built with this edge as their host. Call
   * once, at wiring, before the run starts.
   */
  attachClientLoops(loops: ClientLoops): void {
    this.clientLoops = loops;
  }

  /** Starts periodic blocking work on every worker, and schedules the blocking work at given times (if configured). Call at t = 0. */
  start(): void {
    const now = this.engine.nowSec;
    // Stamp i + 1: the i-th of blockingWorkAt; 0: periodic.
    for (const [i, at] of this.p.fleet.blockingWorkAt.entries()) for (const w of this.workers) this.engine.schedule(Math.max(0, at.atSec - now), this.base + Ev.Blocking, w.index, i + 1);
    const b = this.p.fleet.blockingWork;
    if (b === null) return;
    for (const w of this.workers) this.engine.schedule((b.everySec * (w.local + 1)) / (this.W + 1), this.base + Ev.Blocking, w.index, 0);
  }

  /**
   * A client opens a new connection now (open-loop arrival, prewarm, or a persistent client's
   * reconnect). `dueSec` (default now): when it was due, if a sender stall held it back; its
   * latency and set-up time count from then.
   */
  openConnection(clientId: number, persistent: boolean, dueSec: number = this.engine.nowSec): void {
    const c = this.clientConns.alloc(clientId, dueSec, persistent);
    this.m.newConnections.add(1);
    this.beginAttempt(c);
  }

  /** Client `clientId` (a persistent client) opens its first connection `delaySec` from now. */
  connectLater(clientId: number, delaySec: number): void {
    this.engine.schedule(delaySec, this.base + Ev.Reconnect, clientId, 0);
  }

  handle(kind: number, target: number, stamp: number): void {
    const cc = this.clientConns;
    switch (kind - this.base) {
      case Ev.Syn:
        if (cc.stamp[target] === stamp && cc.state[target] === C.Connecting) this.synArrives(target);
        return;
      case Ev.Timeout:
        if (cc.stamp[target] === stamp) this.attemptTimedOut(target);
        return;
      case Ev.Retry:
        if (cc.stamp[target] === stamp && cc.state[target] === C.Backoff) this.beginAttempt(target);
        return;
      case Ev.Complete:
        if (cc.stamp[target] === stamp && cc.state[target] === C.Handshaking) this.lastFlightArrives(target);
        return;
      case Ev.Phase2:
        if (this.serverConns.generation[target] === stamp && this.serverConns.state[target] === S.AwaitingClient) this.secondFlightArrives(target);
        return;
      case Ev.Lookup:
        if (this.serverConns.generation[target] === stamp && this.serverConns.state[target] === S.Lookup) {
          this.serverConns.state[target] = S.Ready;
          this.workers[this.serverConns.worker[target]].enqueue(target * 4 + WorkPhase.First);
        }
        return;
      case Ev.HoldEnd:
        if (cc.stamp[target] === stamp && cc.state[target] === C.Established) this.closeEstablished(target, false);
        return;
      case Ev.Reconnect:
        this.openConnection(target, true);
        return;
      case Ev.Blocking: {
        // Item (i + 1) * 4 + Blocking: the i-th of blockingWorkAt (startItem reads its length); 3: periodic.
        if (stamp > 0) {
          this.workers[target].enqueue(stamp * 4 + WorkPhase.Blocking);
          return;
        }
        const b = this.p.fleet.blockingWork!;
        this.workers[target].enqueue(WorkPhase.Blocking);
        this.engine.schedule(b.everySec, this.base + Ev.Blocking, target, 0);
        return;
      }
    }
  }

  /** For the timeout and SYN-retransmit lines: an entry whose attempt already ended (or got past connecting) needs no event. */
  isStale(kind: number, c: number, stamp: number): boolean {
    const cc = this.clientConns;
    if (cc.stamp[c] !== stamp) return true;
    const st = cc.state[c];
    return kind === this.base + Ev.Syn ? st !== C.Connecting : st !== C.Connecting && st !== C.Handshaking;
  }

  // ---- client side -------------------------------------------------------------------------

  private beginAttempt(c: number): void {
    const cc = this.clientConns;
    const now = this.engine.nowSec;
    cc.stamp[c]++;
    cc.attemptNo[c]++;
    cc.attemptStartSec[c] = cc.attemptNo[c] === 1 ? cc.requestStartSec[c] : now;
    cc.state[c] = C.Connecting;
    cc.synRetransmits[c] = 0;
    cc.serverConn[c] = -1;
    cc.instance[c] = this.p.balancer.pick(cc.clientId[c]);
    this.m.attempts.add(1);
    this.attemptsInFlight++;
    if (cc.attemptNo[c] === 1 && this.p.budget !== null) this.p.budget.onFirstAttempt(now);
    if (this.timeoutLine !== null) this.timeoutLine.push(c, cc.stamp[c]);
    const loops = this.clientLoops;
    if (loops !== null) loops.submit(loops.loopOf(cc.clientId[c]), ClientWork.Send, c, cc.stamp[c]);
    else this.sendSyn(c);
  }

  /** The connection goes out: its SYN (and, 1.5 RTT later in this model, its ClientHello) reaches the server. */
  private sendSyn(c: number): void {
    if (this.synLine !== null) this.synLine.push(c, this.clientConns.stamp[c]);
    else this.synArrives(c);
  }

  /** The server's last flight reaches the client: it completes now, or after its loop has processed the flight (clients.cpu). */
  private lastFlightArrives(c: number): void {
    const loops = this.clientLoops;
    const cc = this.clientConns;
    if (loops !== null) loops.submit(loops.loopOf(cc.clientId[c]), ClientWork.Finish, c, cc.stamp[c]);
    else this.clientCompletes(c, cc.stamp[c]);
  }

  // ---- client loops (ClientLoopHost) ---------------------------------------------------------

  isCurrent(work: number, c: number, stamp: number): boolean {
    const cc = this.clientConns;
    return cc.stamp[c] === stamp && cc.state[c] === (work === ClientWork.Send ? C.Connecting : C.Handshaking);
  }

  clientWorkDone(work: number, c: number, stamp: number): void {
    if (work === ClientWork.Send) {
      this.sendSyn(c);
      return;
    }
    const sc = this.serverConns;
    const s = this.clientConns.serverConn[c];
    const generation = sc.generation[s];
    this.clientCompletes(c, stamp);
    // A 1-RTT handshake's server waits for this client's Finished, sent now (it arrives RTT/2 later).
    if (sc.generation[s] === generation && sc.state[s] === S.AwaitingClientCpu) {
      sc.state[s] = S.AwaitingClient;
      if (this.clientFinishedLine !== null) this.clientFinishedLine.push(s, generation);
      else this.secondFlightArrives(s);
    }
  }

  private synArrives(c: number): void {
    const cc = this.clientConns;
    const i = cc.instance[c];
    const now = this.engine.nowSec;
    if (now < this.downUntilSec[i]) {
      this.endAttempt(c, this.m.resets);
      return;
    }
    let w = -1;
    let q: IntQueue;
    if (this.reuseport) {
      w = i * this.W + Math.floor(this.p.reuseportStream.next() * this.W);
      q = this.acceptQueues[w];
    } else q = this.acceptQueues[i];
    if (q.size >= q.capacity) {
      this.m.listenOverflows.add(1);
      const k = ++cc.synRetransmits[c];
      if (k > this.synRetransmitLines.length) this.endAttempt(c, this.m.timeouts); // connect() gave up (ETIMEDOUT)
      else {
        this.m.synRetransmits.add(1);
        this.synRetransmitLines[k - 1].push(c, cc.stamp[c]);
      }
      return;
    }
    const s = this.serverConns.alloc(c, cc.clientId[c], i, w, now);
    cc.serverConn[c] = s;
    cc.state[c] = C.Handshaking;
    q.push(s);
    this.instanceConnections[i]++;
    this.m.backlogDepth.add(1);
    this.wakeWorker(i, w);
  }

  private get instanceConnections(): Int32Array {
    return this.p.instanceConnections;
  }

  private wakeWorker(instance: number, worker: number): void {
    if (worker >= 0) {
      this.workers[worker].kick();
      return;
    }
    // The kernel wakes one waiting worker; which one is effectively random (tls-ground-truth §3: a per-worker cache resumes ~1/W).
    const first = instance * this.W;
    const start = this.W === 1 ? 0 : Math.floor(this.p.acceptStream.next() * this.W);
    for (let j = 0; j < this.W; j++) {
      const wk = this.workers[first + ((start + j) % this.W)];
      if (!wk.busy) {
        wk.kick();
        return;
      }
    }
  }

  private attemptTimedOut(c: number): void {
    const cc = this.clientConns;
    const st = cc.state[c];
    if (st !== C.Connecting && st !== C.Handshaking) return;
    const s = cc.serverConn[c];
    if (s >= 0) {
      // A server that already sent its last flight (the completion is still on the wire) has nothing left to do.
      const st = this.serverConns.state[s];
      if (st === S.Established) this.closeServerConn(s);
      else if (st === S.AwaitingClientCpu) {
        // Its client will never answer: the socket it destroys closes the server's side too.
        this.finishHandshake(this.workers[this.serverConns.worker[s]], s);
        this.closeServerConn(s);
      } else this.serverConns.clientConn[s] = ABANDONED;
    }
    this.endAttempt(c, this.m.timeouts);
  }

  /** The current attempt ended without success: count it and apply the retry policy. */
  private endAttempt(c: number, outcome: { add(n?: number): void }): void {
    const cc = this.clientConns;
    const now = this.engine.nowSec;
    outcome.add(1);
    this.attemptsInFlight--;
    cc.serverConn[c] = -1;
    const delay = this.p.retry.nextDelaySec(cc.attemptNo[c], cc.prevDelaySec[c]);
    if (delay < 0) {
      this.giveUp(c);
      return;
    }
    if (this.p.budget !== null && !this.p.budget.tryRetry(now)) {
      this.m.retryBudgetDenied.add(1);
      this.giveUp(c);
      return;
    }
    this.m.retries.add(1);
    cc.prevDelaySec[c] = delay;
    cc.state[c] = C.Backoff;
    cc.stamp[c]++;
    this.engine.schedule(delay, this.base + Ev.Retry, c, cc.stamp[c]);
  }

  private giveUp(c: number): void {
    this.m.failures.add(1);
    const cc = this.clientConns;
    const persistent = cc.persistent[c] === 1;
    const client = cc.clientId[c];
    cc.free(c);
    if (persistent) this.engine.schedule(this.p.thinkSec!.sample(), this.base + Ev.Reconnect, client, 0);
  }

  private clientCompletes(c: number, _stamp: number): void {
    const cc = this.clientConns;
    const now = this.engine.nowSec;
    const s = cc.serverConn[c];
    this.attemptsInFlight--;
    this.m.completed.add(1);
    if (this.serverConns.kind[s] === HandshakeKind.Full) this.m.completedFull.add(1);
    else this.m.completedResumed.add(1);
    this.m.handshakeLatencySec.record(now - cc.attemptStartSec[c]);
    this.m.setupSec.record(now - cc.requestStartSec[c]);
    this.p.resumption.deliver(this.serverConns, s, cc.clientId[c]);
    const loops = this.clientLoops;
    if (loops !== null) loops.submit(loops.loopOf(cc.clientId[c]), ClientWork.After, -1, 0);
    if (cc.persistent[c] === 1) {
      cc.state[c] = C.Established;
      this.engine.schedule(this.p.holdSec!.sample(), this.base + Ev.HoldEnd, c, cc.stamp[c]);
    } else {
      // The server may already be done with it (TLS 1.2: its last flight ends its work): close it now.
      if (this.serverConns.state[s] === S.Established) this.closeServerConn(s);
      else this.serverConns.clientConn[s] = CLIENT_DONE;
      cc.free(c);
    }
  }

  /** A persistent client's connection closes (hold over, or dropped by a restart). */
  private closeEstablished(c: number, dropped: boolean): void {
    const cc = this.clientConns;
    const s = cc.serverConn[c];
    const client = cc.clientId[c];
    cc.free(c);
    if (s >= 0) {
      if (this.serverConns.state[s] === S.Established) this.closeServerConn(s);
      else this.serverConns.clientConn[s] = CLIENT_DONE;
    }
    this.engine.schedule(dropped ? 0 : this.p.thinkSec!.sample(), this.base + Ev.Reconnect, client, 0);
  }

  // ---- server side (WorkerHost) ---------------------------------------------------------------

  acceptItem(worker: Worker, s: number): number {
    const sc = this.serverConns;
    const now = this.engine.nowSec;
    const i = worker.instance;
    const client = sc.clientConn[s];
    if (client === ABANDONED && this.dropAbandoned) {
      this.closeServerConn(s);
      return -1;
    }
    sc.worker[s] = worker.index;
    sc.state[s] = S.Ready;
    this.instanceActive[i]++;
    const breaker = this.p.breakers[i];
    let refuse = false;
    if (breaker !== null) {
      // What a server sees of overload: how long each connection waited in the accept queue, whether or
      // not its client is still there (a client that timed out produces no completed handshake, so a
      // breaker fed only completions would never see a retry storm).
      breaker.observeLatency(now - sc.arrivalSec[s], now);
      breaker.observeQueueDepth(worker.acceptQueue.size, now);
      refuse = !breaker.admit(now);
    }
    if (refuse || this.instanceActive[i] > this.maxConnectionsPerInstance || worker.handshakesInProgress >= this.maxHandshakesPerWorker) {
      sc.kind[s] = REJECTING;
      return this.rejectCpuSec;
    }
    worker.handshakesInProgress++;
    sc.handshaking[s] = 1;
    const clientId = sc.clientId[s];
    if (this.p.fleet.sessionCache.lookupSec > 0 && this.p.resumption.consultsFleetCache(clientId)) {
      sc.state[s] = S.Lookup;
      this.engine.schedule(this.p.fleet.sessionCache.lookupSec, this.base + Ev.Lookup, s, sc.generation[s]);
      return -1;
    }
    return this.firstPhaseCpu(worker, s, clientId);
  }

  startItem(worker: Worker, item: number): number {
    const phase = item & 3;
    if (phase === WorkPhase.Blocking) return item >> 2 === 0 ? this.p.blockingCpuSec!.sample() : this.p.fleet.blockingWorkAt[(item >> 2) - 1]!.cpuSec;
    const s = item >> 2;
    const sc = this.serverConns;
    if (phase === WorkPhase.First) {
      const client = sc.clientConn[s];
      if (client === ABANDONED && this.dropAbandoned) {
        this.finishHandshake(worker, s);
        this.closeServerConn(s);
        return -1;
      }
      return this.firstPhaseCpu(worker, s, sc.clientId[s]);
    }
    if (phase === WorkPhase.Second) {
      if (sc.clientConn[s] === ABANDONED && this.dropAbandoned) {
        this.finishHandshake(worker, s);
        this.closeServerConn(s);
        return -1;
      }
      return sc.phase2CpuSec[s];
    }
    return this.p.requestCpuSec!.sample();
  }

  finishItem(worker: Worker, item: number, cpuSec: number): void {
    const phase = item & 3;
    this.m.cpuSec.add(cpuSec);
    if (phase === WorkPhase.Blocking) return;
    const s = item >> 2;
    const sc = this.serverConns;
    const client = sc.clientConn[s];
    if (client === ABANDONED) this.m.wastedCpuSec.add(cpuSec);
    if (sc.kind[s] === REJECTING) {
      this.m.rejectCpuSec.add(cpuSec);
      this.closeServerConn(s);
      if (client >= 0) this.endAttempt(client, this.m.rejections);
      return;
    }
    const now = this.engine.nowSec;
    if (phase === WorkPhase.First && sc.phase2CpuSec[s] < 0) {
      // A fused TLS 1.2 full handshake (see fuseFull): both phases are done. What the unfused
      // path does at the first phase's end (the second phase passes through the run queue) leaves
      // only the run queue's momentary depth, kept for its maximum.
      sc.phase2CpuSec[s] = -sc.phase2CpuSec[s];
      worker.stats.runQueueDepth.peak(worker.stats.runQueueDepth.value + 1);
      if (client >= 0) this.lastFlight(worker, s, now);
      this.afterHandshake(worker, s);
      return;
    }
    if (phase === WorkPhase.First) {
      if (client === ABANDONED) {
        // No reply will come from a client that left: the connection closes.
        this.finishHandshake(worker, s);
        this.closeServerConn(s);
        return;
      }
      if (this.twoRttFull && sc.kind[s] === HandshakeKind.Full) {
        this.awaitClient(s);
        return;
      }
      // With client CPU the client's Finished leaves only once its loop has processed this flight
      // (clientWorkDone); the state is set first, since a client loop with free work completes at once.
      const waitsForClientCpu = this.clientLoops !== null && sc.phase2CpuSec[s] > 0;
      if (waitsForClientCpu) sc.state[s] = S.AwaitingClientCpu;
      this.lastFlight(worker, s, now);
      if (sc.phase2CpuSec[s] === 0) this.afterHandshake(worker, s);
      else if (!waitsForClientCpu) this.awaitClient(s);
      return;
    }
    if (phase === WorkPhase.Second) {
      if (this.twoRttFull && sc.kind[s] === HandshakeKind.Full && client >= 0) this.lastFlight(worker, s, now);
      this.afterHandshake(worker, s);
      return;
    }
    this.serverWorkDone(s); // request work done
  }

  private firstPhaseCpu(worker: Worker, s: number, clientId: number): number {
    const sc = this.serverConns;
    // Even for a client that gave up, the server reads its ClientHello (ticket, session ID) as usual.
    const kind = this.p.resumption.decide(clientId, worker.instance, worker.local, this.engine.nowSec);
    sc.kind[s] = kind;
    const cost = kind === HandshakeKind.Full ? this.p.fleet.handshake.full : this.p.fleet.handshake.resumed;
    const total = (kind === HandshakeKind.Full ? this.p.fullCpuSec : this.p.resumedCpuSec).sample();
    const phase2 = total * cost.secondPhaseFraction;
    const phase1 = total - phase2;
    if (this.fuseFull && kind === HandshakeKind.Full && phase2 > 0 && worker.runQueue.size === 0) {
      const c = sc.clientConn[s];
      const now = this.engine.nowSec;
      // The timeout line delivers at attemptStart + timeout; the fused end is at now + phase1 + phase2.
      if (c >= 0 && (this.timeoutLine === null || this.clientConns.attemptStartSec[c] + this.timeoutSec > now + phase1 + phase2)) {
        sc.phase2CpuSec[s] = -phase2;
        return phase1 + phase2;
      }
    }
    sc.phase2CpuSec[s] = phase2;
    return phase1;
  }

  /** The server sends its last handshake flight: it issues session/ticket, and the client completes RTT/2 later. */
  private lastFlight(worker: Worker, s: number, now: number): void {
    const sc = this.serverConns;
    this.p.resumption.issue(sc, s, worker.local, now);
    const c = sc.clientConn[s];
    if (c < 0) return;
    if (this.completeLine !== null) this.completeLine.push(c, this.clientConns.stamp[c]);
    else this.lastFlightArrives(c);
  }

  private awaitClient(s: number): void {
    if (this.secondFlightLine !== null) {
      this.serverConns.state[s] = S.AwaitingClient;
      this.secondFlightLine.push(s, this.serverConns.generation[s]);
    } else this.secondFlightArrives(s);
  }

  private secondFlightArrives(s: number): void {
    const sc = this.serverConns;
    sc.state[s] = S.Ready;
    this.workers[sc.worker[s]].enqueue(s * 4 + WorkPhase.Second);
  }

  private afterHandshake(worker: Worker, s: number): void {
    this.finishHandshake(worker, s);
    if (this.p.requestCpuSec !== null && this.serverConns.clientConn[s] !== ABANDONED) worker.enqueue(s * 4 + WorkPhase.Request);
    else this.serverWorkDone(s);
  }

  private finishHandshake(worker: Worker, s: number): void {
    if (this.serverConns.handshaking[s] === 1) {
      this.serverConns.handshaking[s] = 0;
      worker.handshakesInProgress--;
    }
  }

  /** The server has nothing more to do for `s`: it closes, unless a persistent client holds it. */
  private serverWorkDone(s: number): void {
    const sc = this.serverConns;
    const c = sc.clientConn[s];
    if (c >= 0 && this.clientConns.state[c] === C.Established) sc.state[s] = S.Established;
    else if (c >= 0 && this.clientConns.state[c] === C.Handshaking) sc.state[s] = S.Established; // completion still in flight (RTT/2)
    else this.closeServerConn(s);
  }

  private closeServerConn(s: number): void {
    const sc = this.serverConns;
    const i = sc.instance[s];
    if (sc.state[s] !== S.InBacklog) this.instanceActive[i]--;
    this.instanceConnections[i]--;
    sc.free(s);
  }

  // ---- disruptions (called by models/fleetEvents.ts) -----------------------------------------

  /** Restarts worker `index`: its running and queued work is dropped, its connections reset; per-worker cache and keys are renewed. */
  restartWorker(index: number, regenerateKeys: boolean): void {
    const wk = this.workers[index];
    for (const item of wk.restart()) {
      if ((item & 3) === WorkPhase.Blocking) continue;
      const s = item >> 2;
      if (this.serverConns.state[s] !== S.Free) this.resetServerConn(s);
    }
    // With SO_REUSEPORT the worker's own accept queue closes with it (its connections are reset);
    // a shared accept queue belongs to the listening socket, which survives a worker restart.
    if (this.reuseport) this.drainQueue(this.acceptQueues[index]);
    for (const s of this.serverConns.liveIn(wk.instance, index)) {
      if (this.serverConns.state[s] !== S.InBacklog || this.reuseport) this.resetServerConn(s);
    }
    this.p.resumption.flushWorkerCache(wk.instance, wk.local);
    if (regenerateKeys) this.p.resumption.regenerateKeys(wk.instance, wk.local);
    wk.kick();
  }

  /** Restarts instance `i`: every connection it holds is reset, it refuses new ones for `downtimeSec`. */
  restartInstance(i: number, downtimeSec: number, regenerateKeys: boolean): void {
    for (let w = 0; w < this.W; w++) this.workers[i * this.W + w].restart();
    if (!this.reuseport) this.drainQueue(this.acceptQueues[i]);
    else for (let w = 0; w < this.W; w++) this.drainQueue(this.acceptQueues[i * this.W + w]);
    for (const s of this.serverConns.liveIn(i, -1)) this.resetServerConn(s);
    this.downUntilSec[i] = this.engine.nowSec + downtimeSec;
    this.p.resumption.flushCaches(i);
    if (regenerateKeys) this.p.resumption.regenerateKeys(i, -1);
  }

  private drainQueue(q: IntQueue): void {
    while (q.size > 0) {
      q.shift();
      this.m.backlogDepth.add(-1);
    }
  }

  private resetServerConn(s: number): void {
    const sc = this.serverConns;
    const c = sc.clientConn[s];
    if (sc.handshaking[s] === 1) {
      sc.handshaking[s] = 0;
      const wk = this.workers[sc.worker[s]];
      if (wk.handshakesInProgress > 0) wk.handshakesInProgress--;
    }
    if (c >= 0) {
      const st = this.clientConns.state[c];
      if (st === C.Established) {
        this.clientConns.serverConn[c] = -1;
        this.closeServerConn(s);
        this.closeEstablished(c, true);
        return;
      }
      if (st === C.Handshaking) {
        this.closeServerConn(s);
        this.endAttempt(c, this.m.resets);
        return;
      }
    }
    this.closeServerConn(s);
  }
}
