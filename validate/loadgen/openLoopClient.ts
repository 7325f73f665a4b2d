/**
 * The open-loop TLS client population (runs inside the load-generator process).
 *
 * Each scheduled connection is started at its time whatever earlier connections are doing (no
 * coordinated omission), by its client, which offers the last session it received (a session
 * Buffer: Node decodes a fresh copy per connection, which TLS 1.3 against Node needs,
 * tls-ground-truth.md §2 pitfall 2). One shared SecureContext serves every connection (a new one
 * per tls.connect costs about +0.2 ms of client CPU, §9). An attempt:
 *
 *   due (scheduledSec) --tls.connect--> connecting --'secureConnect'--> Completed (GET / sent; the reply and tickets are read until close)
 *   connecting --deadline scheduledSec + timeoutSec--> Timeout (socket destroyed)  --retry policy--> retry due at deadline + delay | Failed
 *   connecting --error or close---------------------> Reset                        --retry policy--> retry due at now + delay      | Failed
 *   any pending attempt at the drain deadline ------> Cut
 *
 * The retry policy and budget are the simulator's own classes (models/client/retryPolicy.ts,
 * retryBudget.ts) with the policy drawing from stream "retry" of RandomStreams(seed, replication),
 * as models/wire.ts does. Attempts due within `leadSec` are started early (the timer's
 * granularity is 1 ms); start lateness is recorded per attempt and may be negative by up to leadSec.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { connect, createSecureContext, type SecureContext, type TLSSocket } from "node:tls";
import { RandomStreams } from "../../sim/random.js";
import { RetryBudget } from "../../models/client/retryBudget.js";
import { RetryPolicy, type Backoff, type Jitter } from "../../models/client/retryPolicy.js";
import type { RetryBudgetSpec } from "../../models/scenario/types.js";
import type { ArrivalSchedule } from "./schedule.js";
import { ConnectionFate, Outcome, RecordBuffer, TimeHeap, type AttemptRecords } from "./records.js";

/** One run of the generator. Times in seconds. */
export interface GeneratorRunConfig {
  port: number;
  tlsVersion: "1.2" | "1.3";
  schedule: ArrivalSchedule;
  /** Clients 0..population-1 (each keeps its own session). */
  population: number;
  /** Per-attempt timeout, null for none. */
  timeoutSec: number | null;
  retry: { backoff: Backoff; jitter: Jitter; maxAttempts: number; budget: RetryBudgetSpec | null };
  seed: number;
  replication: number;
  /** After the last scheduled arrival, attempts still running after this long are cut. */
  drainSec: number;
  /** Start attempts due within this much early (s). Default 0.0005. */
  leadSec?: number;
  /** Delay between the "started" report and t = 0 of the schedule (s). Default 0.2. */
  startDelaySec?: number;
}

/** What a run returns. */
export interface GeneratorRunResult {
  records: AttemptRecords;
  /** t = 0 of the schedule, in ms since the Unix epoch (performance.timeOrigin + performance.now()). */
  t0EpochMs: number;
  /** Generator CPU seconds during the run (process.cpuUsage). */
  cpuSec: number;
  /** Retries denied by the retry budget. */
  budgetDenied: number;
  /** The generator's own event-loop delay over the run (perf_hooks monitorEventLoopDelay, 1 ms resolution): p50, p99, max (s). */
  loopDelay: { p50Sec: number; p99Sec: number; maxSec: number };
}

const REQUEST = "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
const ignore = (): void => undefined;

/**
 * Runs one schedule against 127.0.0.1:port and resolves with the records; `onStarted` gets t = 0
 * (epoch ms) before the first arrival.
 * @throws RangeError for a bad config (population < 1, a client id outside it, bad timeout or drain).
 */
export function runOpenLoop(config: GeneratorRunConfig, onStarted: (t0EpochMs: number) => void = ignore): Promise<GeneratorRunResult> {
  return new OpenLoopClient(config).run(onStarted);
}

class OpenLoopClient {
  private readonly c: GeneratorRunConfig;
  private readonly ctx: SecureContext;
  private readonly sessions: (Buffer | undefined)[];
  private readonly rec: RecordBuffer;
  private readonly fate: Uint8Array;
  private readonly attemptsMade: Uint8Array;
  private readonly prevDelaySec: Float64Array;
  private readonly sockets: (TLSSocket | null)[] = [];
  private readonly retries = new TimeHeap();
  private readonly deadlines = new TimeHeap();
  private readonly retryAt: number[] = [];
  private readonly policy: RetryPolicy;
  private readonly budget: RetryBudget | null;
  private readonly leadSec: number;
  private readonly endSec: number;
  private t0Ms = 0;
  private next = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  private wakeSec = Infinity;
  private finished = false;
  private resolve: (r: GeneratorRunResult) => void = ignore;
  private cpu0 = process.cpuUsage();
  private readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 1 });

  constructor(config: GeneratorRunConfig) {
    const n = config.schedule.timesSec.length;
    if (!(Number.isInteger(config.population) && config.population >= 1)) throw new RangeError(`population: must be an integer >= 1 (got ${config.population})`);
    for (let i = 0; i < n; i++) {
      const id = config.schedule.clientIds[i]!;
      if (id < 0 || id >= config.population) throw new RangeError(`schedule.clientIds[${i}]: must be in [0, ${config.population}) (got ${id})`);
    }
    if (config.timeoutSec !== null && !(config.timeoutSec > 0 && Number.isFinite(config.timeoutSec))) throw new RangeError(`timeoutSec: must be null or finite > 0 (got ${config.timeoutSec})`);
    if (!(config.drainSec >= 0 && Number.isFinite(config.drainSec))) throw new RangeError(`drainSec: must be finite >= 0 (got ${config.drainSec})`);
    this.c = config;
    const version = config.tlsVersion === "1.2" ? "TLSv1.2" : "TLSv1.3";
    this.ctx = createSecureContext({ minVersion: version, maxVersion: version });
    this.sessions = new Array<Buffer | undefined>(config.population);
    this.rec = new RecordBuffer(n * 1.2);
    this.fate = new Uint8Array(n);
    this.attemptsMade = new Uint8Array(n);
    this.prevDelaySec = new Float64Array(n);
    const streams = new RandomStreams(config.seed, config.replication);
    this.policy = new RetryPolicy({ backoff: config.retry.backoff, jitter: config.retry.jitter, maxAttempts: config.retry.maxAttempts }, streams.stream("retry"), "clients.retry");
    this.budget = config.retry.budget === null ? null : new RetryBudget(config.retry.budget, "clients.retry.budget");
    this.leadSec = config.leadSec ?? 0.0005;
    this.endSec = (n > 0 ? config.schedule.timesSec[n - 1]! : 0) + config.drainSec;
  }

  run(onStarted: (t0EpochMs: number) => void): Promise<GeneratorRunResult> {
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.cpu0 = process.cpuUsage();
      this.loopDelay.enable();
      this.t0Ms = performance.now() + (this.c.startDelaySec ?? 0.2) * 1000;
      onStarted(performance.timeOrigin + this.t0Ms);
      this.arm(0);
    });
  }

  private nowSec(): number {
    return (performance.now() - this.t0Ms) / 1000;
  }

  /** Makes sure the loop wakes by `atSec` (a due time; the loop wakes leadSec before it). */
  private arm(atSec: number): void {
    if (this.finished || atSec >= this.wakeSec) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.wakeSec = atSec;
    const delayMs = Math.max(0, (atSec - this.leadSec - this.nowSec()) * 1000);
    this.timer = setTimeout(this.tick, delayMs);
  }

  private readonly tick = (): void => {
    this.timer = null;
    this.wakeSec = Infinity;
    if (this.finished) return;
    const now = this.nowSec();
    const horizon = now + this.leadSec;
    const times = this.c.schedule.timesSec;
    const n = times.length;
    while (this.next < n && times[this.next]! <= horizon) {
      const i = this.next++;
      this.launch(i, times[i]!);
    }
    while (this.retries.peekTimeSec() <= horizon) {
      const i = this.retries.pop();
      this.launch(i, this.retryAt[i]!);
    }
    while (this.deadlines.peekTimeSec() <= now) {
      const deadline = this.deadlines.peekTimeSec();
      const a = this.deadlines.pop();
      if (this.rec.outcome[a] === Outcome.Pending) this.fail(a, Outcome.Timeout, deadline);
    }
    if (this.next >= n && this.retries.size === 0 && this.inFlight === 0) return this.finish();
    if (now >= this.endSec) return this.finish();
    const nextDue = Math.min(this.next < n ? times[this.next]! : Infinity, this.retries.peekTimeSec(), this.deadlines.peekTimeSec() + this.leadSec, this.endSec + this.leadSec);
    this.arm(nextDue);
  };

  private launch(i: number, scheduledSec: number): void {
    const rec = this.rec;
    const a = rec.alloc();
    const attemptNo = ++this.attemptsMade[i]!;
    const now = this.nowSec();
    rec.connection[a] = i;
    rec.attemptNo[a] = attemptNo;
    rec.scheduledSec[a] = scheduledSec;
    rec.startSec[a] = now;
    this.inFlight++;
    if (attemptNo === 1 && this.budget !== null) this.budget.onFirstAttempt(now);
    const client = this.c.schedule.clientIds[i]!;
    const socket = connect({ host: "127.0.0.1", port: this.c.port, servername: "localhost", secureContext: this.ctx, session: this.sessions[client], rejectUnauthorized: false });
    this.sockets[a] = socket;
    if (this.c.timeoutSec !== null) {
      this.deadlines.push(scheduledSec + this.c.timeoutSec, a);
      this.arm(scheduledSec + this.c.timeoutSec + this.leadSec);
    }
    socket.once("connect", () => {
      rec.connectSec[a] = this.nowSec();
    });
    socket.once("secureConnect", () => {
      if (rec.outcome[a] !== Outcome.Pending) return;
      rec.doneSec[a] = this.nowSec();
      rec.outcome[a] = Outcome.Completed;
      rec.resumed[a] = socket.isSessionReused() ? 1 : 0;
      this.inFlight--;
      this.fate[i] = ConnectionFate.Completed;
      socket.write(REQUEST);
      this.maybeDone();
    });
    socket.on("session", (session: Buffer) => {
      this.sessions[client] = session;
    });
    socket.on("data", ignore);
    socket.on("error", () => {
      if (rec.outcome[a] === Outcome.Pending) this.fail(a, Outcome.Reset, this.nowSec());
    });
    socket.once("close", () => {
      this.sockets[a] = null;
      if (rec.outcome[a] === Outcome.Pending) this.fail(a, Outcome.Reset, this.nowSec());
    });
  }

  /** Attempt `a` failed at `atSec`: record it, destroy its socket, then retry or give up. */
  private fail(a: number, outcome: number, atSec: number): void {
    const rec = this.rec;
    rec.doneSec[a] = atSec;
    rec.outcome[a] = outcome;
    this.inFlight--;
    const socket = this.sockets[a];
    if (socket) {
      this.sockets[a] = null;
      socket.destroy();
    }
    const i = rec.connection[a]!;
    const delaySec = this.policy.nextDelaySec(rec.attemptNo[a]!, this.prevDelaySec[i]!);
    if (delaySec < 0 || (this.budget !== null && !this.budget.tryRetry(Math.max(atSec, this.nowSec())))) {
      this.fate[i] = ConnectionFate.Failed;
      this.maybeDone();
      return;
    }
    this.prevDelaySec[i] = delaySec;
    const due = atSec + delaySec;
    this.retryAt[i] = due;
    if (due <= this.nowSec() + this.leadSec) this.launch(i, due);
    else {
      this.retries.push(due, i);
      this.arm(due);
    }
  }

  private maybeDone(): void {
    if (this.next >= this.c.schedule.timesSec.length && this.retries.size === 0 && this.inFlight === 0) this.arm(this.nowSec());
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timer !== null) clearTimeout(this.timer);
    const rec = this.rec;
    const at = this.nowSec();
    for (let a = 0; a < rec.count; a++) {
      if (rec.outcome[a] === Outcome.Pending) {
        rec.outcome[a] = Outcome.Cut;
        rec.doneSec[a] = at;
        this.fate[rec.connection[a]!] = ConnectionFate.Cut;
      }
    }
    for (let i = 0; i < this.fate.length; i++) if (this.fate[i] === ConnectionFate.Pending) this.fate[i] = ConnectionFate.Cut;
    for (const s of this.sockets) s?.destroy();
    const cpu = process.cpuUsage(this.cpu0);
    this.loopDelay.disable();
    const h = this.loopDelay;
    const loopDelay = h.count > 0 ? { p50Sec: h.percentile(50) / 1e9, p99Sec: h.percentile(99) / 1e9, maxSec: h.max / 1e9 } : { p50Sec: 0, p99Sec: 0, maxSec: 0 };
    this.resolve({ loopDelay, records: rec.finish(this.fate), t0EpochMs: performance.timeOrigin + this.t0Ms, cpuSec: (cpu.user + cpu.system) / 1e6, budgetDenied: this.budget?.denied ?? 0 });
  }
}
