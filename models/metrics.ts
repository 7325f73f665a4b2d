/**
 * The statistics a TLS edge model feeds, declared once at wiring in a {@link StatsScope}, plus the
 * run summary metrics derived from them (the names reports and SLOs use).
 *
 * Counting rules (conservation): every attempt ends exactly once as completed, timeout (including
 * a connect that gave up after its SYN retransmissions), rejected (admission control) or reset
 * (refused by a down instance, or dropped by a restart), or is still in flight when the run ends.
 * Every new connection ends as completed (on some attempt), failed (its client gave up: attempt
 * cap or retry budget), or is still in progress.
 */
import type { Counter } from "../sim/stats/counter.js";
import type { Histogram } from "../sim/stats/histogram.js";
import type { StatsScope } from "../sim/stats/scope.js";
import type { TimeWeighted } from "../sim/stats/timeWeighted.js";
import type { WindowedHistogram } from "../sim/stats/windowedHistogram.js";

/** Every statistic of an edge model. Names in the scope are the field names. */
export class EdgeMetrics {
  readonly newConnections: Counter;
  readonly attempts: Counter;
  readonly retries: Counter;
  readonly completed: Counter;
  readonly completedFull: Counter;
  readonly completedResumed: Counter;
  readonly timeouts: Counter;
  readonly rejections: Counter;
  readonly resets: Counter;
  readonly failures: Counter;
  readonly retryBudgetDenied: Counter;
  readonly listenOverflows: Counter;
  readonly synRetransmits: Counter;
  readonly ticketsAccepted: Counter;
  readonly ticketsRejected: Counter;
  readonly cacheHits: Counter;
  readonly cacheMisses: Counter;
  /** Sessions evicted from a cache to make room for a new one. */
  readonly cacheEvictions: Counter;
  readonly cpuSec: Counter;
  readonly wastedCpuSec: Counter;
  readonly rejectCpuSec: Counter;
  readonly busyWorkers: TimeWeighted;
  /** Client event loops busy (clients.cpu); always 0 when clients cost no CPU. */
  readonly busyClientLoops: TimeWeighted;
  readonly runQueueDepth: TimeWeighted;
  readonly backlogDepth: TimeWeighted;
  readonly cacheEntries: TimeWeighted;
  readonly handshakeLatencySec: WindowedHistogram;
  readonly setupSec: Histogram;

  constructor(scope: StatsScope) {
    this.newConnections = scope.counter("newConnections");
    this.attempts = scope.counter("attempts");
    this.retries = scope.counter("retries");
    this.completed = scope.counter("completed");
    this.completedFull = scope.counter("completedFull");
    this.completedResumed = scope.counter("completedResumed");
    this.timeouts = scope.counter("timeouts");
    this.rejections = scope.counter("rejections");
    this.resets = scope.counter("resets");
    this.failures = scope.counter("failures");
    this.retryBudgetDenied = scope.counter("retryBudgetDenied");
    this.listenOverflows = scope.counter("listenOverflows");
    this.synRetransmits = scope.counter("synRetransmits");
    this.ticketsAccepted = scope.counter("ticketsAccepted");
    this.ticketsRejected = scope.counter("ticketsRejected");
    this.cacheHits = scope.counter("cacheHits");
    this.cacheMisses = scope.counter("cacheMisses");
    this.cacheEvictions = scope.counter("cacheEvictions");
    this.cpuSec = scope.counter("cpuSec");
    this.wastedCpuSec = scope.counter("wastedCpuSec");
    this.rejectCpuSec = scope.counter("rejectCpuSec");
    this.busyWorkers = scope.timeWeighted("busyWorkers");
    this.busyClientLoops = scope.timeWeighted("busyClientLoops");
    this.runQueueDepth = scope.timeWeighted("runQueueDepth");
    this.backlogDepth = scope.timeWeighted("backlogDepth");
    this.cacheEntries = scope.timeWeighted("cacheEntries");
    this.handshakeLatencySec = scope.windowedHistogram("handshakeLatencySec");
    this.setupSec = scope.histogram("setupSec");
  }
}

/**
 * The run summary of one replication: the metrics reports, SLOs and the CLI name.
 * Rates are per second of measured time (after warm-up); latencies in seconds; `S` suffix = seconds.
 */
export interface EdgeSummary {
  "handshakeLatencyS.p50": number | null;
  "handshakeLatencyS.p90": number | null;
  "handshakeLatencyS.p99": number | null;
  "handshakeLatencyS.p999": number | null;
  "handshakeLatencyS.mean": number | null;
  "setupS.p99": number | null;
  goodputPerS: number;
  offeredPerS: number;
  attemptsPerS: number;
  resumptionRate: number | null;
  timeouts: number;
  retries: number;
  failures: number;
  failureRate: number | null;
  rejections: number;
  resets: number;
  listenOverflows: number;
  synRetransmits: number;
  workerUtilization: number | null;
  /** Busy fraction of the clients' event loops (clients.cpu); null when clients cost no CPU. */
  clientLoopUtilization: number | null;
  wastedCpuS: number;
  wastedCpuFraction: number | null;
  runQueueDepth: number | null;
  backlogDepth: number | null;
  cacheEntries: number | null;
  cacheHits: number;
  cacheMisses: number;
  cacheEvictions: number;
  ticketsAccepted: number;
  ticketsRejected: number;
}

/**
 * Summary metrics from the metrics' totals over `measuredSec` seconds with `workers` workers in
 * the fleet and `clientLoops` client event loops (0 when clients cost no CPU).
 */
export function summarize(m: EdgeMetrics, measuredSec: number, workers: number, clientLoops = 0): EdgeSummary {
  const hs = m.handshakeLatencySec.total;
  const completed = m.completed.total;
  const ended = completed + m.failures.total;
  const busy = m.busyWorkers.mean();
  const cpu = m.cpuSec.total;
  return {
    "handshakeLatencyS.p50": hs.quantile(0.5),
    "handshakeLatencyS.p90": hs.quantile(0.9),
    "handshakeLatencyS.p99": hs.quantile(0.99),
    "handshakeLatencyS.p999": hs.quantile(0.999),
    "handshakeLatencyS.mean": hs.count > 0 ? hs.sum / hs.count : null,
    "setupS.p99": m.setupSec.quantile(0.99),
    goodputPerS: completed / measuredSec,
    offeredPerS: m.newConnections.total / measuredSec,
    attemptsPerS: m.attempts.total / measuredSec,
    resumptionRate: completed > 0 ? m.completedResumed.total / completed : null,
    timeouts: m.timeouts.total,
    retries: m.retries.total,
    failures: m.failures.total,
    failureRate: ended > 0 ? m.failures.total / ended : null,
    rejections: m.rejections.total,
    resets: m.resets.total,
    listenOverflows: m.listenOverflows.total,
    synRetransmits: m.synRetransmits.total,
    workerUtilization: busy === null ? null : busy / workers,
    clientLoopUtilization: clientLoops > 0 ? (m.busyClientLoops.mean() ?? 0) / clientLoops : null,
    wastedCpuS: m.wastedCpuSec.total,
    wastedCpuFraction: cpu > 0 ? m.wastedCpuSec.total / cpu : null,
    runQueueDepth: m.runQueueDepth.mean(),
    backlogDepth: m.backlogDepth.mean(),
    cacheEntries: m.cacheEntries.mean(),
    cacheHits: m.cacheHits.total,
    cacheMisses: m.cacheMisses.total,
    cacheEvictions: m.cacheEvictions.total,
    ticketsAccepted: m.ticketsAccepted.total,
    ticketsRejected: m.ticketsRejected.total,
  };
}
