/**
 * The summary metrics as the command line shows them: a unit and a short label for each metric of
 * a run summary (models/metrics.ts, EdgeSummary), the order of the summary table, and the headline
 * metrics of sweep and compare tables. The `satisfies` clause makes the compiler check that every
 * metric of EdgeSummary has an entry, and no other.
 */
import type { EdgeSummary } from "../models/metrics.js";
import type { ValueUnit } from "../sim/charts/units.js";

/** A summary metric's name, e.g. "handshakeLatencyS.p99". */
export type MetricName = keyof EdgeSummary;

/** How a metric is shown: its unit (values are in seconds, per second, fractions or counts) and a label. */
export interface MetricDisplay {
  unit: ValueUnit;
  label: string;
}

/** Every summary metric, in the order of the summary table. */
export const METRICS = {
  "handshakeLatencyS.p50": { unit: "s", label: "handshake latency p50" },
  "handshakeLatencyS.p90": { unit: "s", label: "handshake latency p90" },
  "handshakeLatencyS.p99": { unit: "s", label: "handshake latency p99" },
  "handshakeLatencyS.p999": { unit: "s", label: "handshake latency p99.9" },
  "handshakeLatencyS.mean": { unit: "s", label: "handshake latency mean" },
  "setupS.p99": { unit: "s", label: "connection setup p99 (first SYN to handshake done)" },
  offeredPerS: { unit: "/s", label: "new connections offered" },
  attemptsPerS: { unit: "/s", label: "connection attempts (with retries)" },
  goodputPerS: { unit: "/s", label: "goodput (handshakes completed)" },
  resumptionRate: { unit: "fraction", label: "resumed fraction of handshakes" },
  timeouts: { unit: "count", label: "attempts timed out" },
  retries: { unit: "count", label: "retries" },
  failures: { unit: "count", label: "connections failed (client gave up)" },
  failureRate: { unit: "fraction", label: "failed fraction of connections" },
  rejections: { unit: "count", label: "attempts rejected (admission control)" },
  resets: { unit: "count", label: "attempts reset (instance down or restarted)" },
  listenOverflows: { unit: "count", label: "SYNs dropped (listen backlog full)" },
  synRetransmits: { unit: "count", label: "SYN retransmissions" },
  workerUtilization: { unit: "fraction", label: "worker utilization" },
  clientLoopUtilization: { unit: "fraction", label: "client event-loop utilization" },
  wastedCpuS: { unit: "s", label: "CPU wasted on abandoned attempts" },
  wastedCpuFraction: { unit: "fraction", label: "wasted fraction of CPU" },
  runQueueDepth: { unit: "count", label: "run queue depth (mean)" },
  backlogDepth: { unit: "count", label: "accept queue depth (mean)" },
  cacheEntries: { unit: "count", label: "session cache entries (mean)" },
  cacheHits: { unit: "count", label: "session IDs found in the cache" },
  cacheMisses: { unit: "count", label: "session IDs offered but not found" },
  cacheEvictions: { unit: "count", label: "sessions evicted for room" },
  ticketsAccepted: { unit: "count", label: "session tickets accepted" },
  ticketsRejected: { unit: "count", label: "session tickets rejected" },
} as const satisfies Record<MetricName, MetricDisplay>;

/** Metric names in table order. */
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

/** The metrics of sweep and compare tables and charts by default (SLO metrics are added to them). */
export const HEADLINE_METRICS: readonly MetricName[] = [
  "handshakeLatencyS.p50",
  "handshakeLatencyS.p99",
  "goodputPerS",
  "resumptionRate",
  "failureRate",
  "workerUtilization",
];

/** Is `name` a summary metric? */
export function isMetricName(name: string): name is MetricName {
  return Object.prototype.hasOwnProperty.call(METRICS, name);
}

/** The unit of a metric (count for a name that is not one, which only a bug can pass). */
export function unitOf(name: string): ValueUnit {
  return isMetricName(name) ? METRICS[name].unit : "count";
}
