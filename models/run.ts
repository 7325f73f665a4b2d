/**
 * Running a scenario: replications of the wired model with warm-up deletion, and the result
 * object — plain, JSON-ready data (stable bytes through sim/experiment/stableJson.ts): the summary
 * of every metric with its confidence interval, per-replication summaries, per-window series
 * averaged over replications, and a conservation check.
 */
import { confidenceInterval, type Estimate } from "../sim/experiment/confidence.js";
import { runReplications } from "../sim/experiment/replications.js";
import { InvariantError } from "../sim/errors.js";
import type { StreamVariant } from "../sim/random.js";
import { summarize, type EdgeSummary } from "./metrics.js";
import type { Scenario } from "./scenario/types.js";
import { wireScenario } from "./wire.js";

/** Lifetime counts of one replication (whole run, warm-up included): every attempt accounted for once. */
export interface Conservation {
  attempts: number;
  completed: number;
  timeouts: number;
  rejections: number;
  resets: number;
  inFlight: number;
  newConnections: number;
  failures: number;
  /** Connections still being attempted or waiting out a backoff at the end. */
  inProgress: number;
  /** Persistent clients' connections established at the end (completed, not yet closed). */
  established: number;
}

/** Per-window series (one value per window of `windowSec`), for charts. */
export interface WindowSeries {
  windowSec: number;
  startSec: number[];
  offeredPerS: number[];
  attemptsPerS: number[];
  goodputPerS: number[];
  fullPerS: number[];
  resumedPerS: number[];
  timeoutsPerS: number[];
  retriesPerS: number[];
  failuresPerS: number[];
  rejectionsPerS: number[];
  listenOverflowsPerS: number[];
  latencyP50S: (number | null)[];
  latencyP99S: (number | null)[];
  latencyP999S: (number | null)[];
  workerUtilization: number[];
  runQueueDepth: number[];
  backlogDepth: number[];
  cacheEntries: number[];
  wastedCpuFraction: number[];
}

/** One replication's outcome. */
export interface ReplicationResult {
  replication: number;
  summary: EdgeSummary;
  series: WindowSeries;
  conservation: Conservation;
  events: number;
}

/** A scenario's result: what reports render. */
export interface ScenarioResult {
  scenario: string;
  seed: number;
  replications: number;
  measuredSec: number;
  confidenceLevel: number;
  /** Every summary metric: mean over replications and its CI (metrics undefined in some replications are summarised over the others). */
  metrics: Record<string, Estimate>;
  /** Per-window series, each window's value averaged over replications. */
  series: WindowSeries;
  perReplication: ReplicationResult[];
}

/**
 * Runs replication `replication` of `scenario`, or a variant of it (sim/random.ts StreamVariant:
 * the streams it keeps draw as in the replication, the others afresh).
 * @throws InvariantError if an attempt is lost or counted twice (conservation).
 */
export function runReplication(scenario: Scenario, replication: number, variant?: StreamVariant): ReplicationResult {
  const model = wireScenario(scenario, replication, variant);
  const { engine, stats, metrics: m } = model;
  model.start();
  const { warmupSec, durationSec, windowSec } = scenario.run;
  if (warmupSec > 0) {
    engine.run(warmupSec);
    stats.reset();
  }
  engine.run(durationSec);
  const workers = scenario.fleet.instances * scenario.fleet.workersPerInstance;
  const summary = summarize(m, durationSec - warmupSec, workers, scenario.clients.cpu?.loops ?? 0);
  const snap = stats.snapshot();
  const series = seriesOf(snap, windowSec, durationSec, workers);
  const sum = (name: string) => (snap.counters[name].series ?? []).reduce((a, b) => a + b, 0);
  const cc = model.edge.clientConns;
  let established = 0;
  for (let c = 0; c < cc.state.length; c++) if (cc.state[c] === 4) established++;
  const conservation: Conservation = {
    attempts: sum("attempts"),
    completed: sum("completed"),
    timeouts: sum("timeouts"),
    rejections: sum("rejections"),
    resets: sum("resets"),
    inFlight: model.edge.attemptsInFlight,
    newConnections: sum("newConnections"),
    failures: sum("failures"),
    inProgress: cc.live - established,
    established,
  };
  const ended = conservation.completed + conservation.timeouts + conservation.rejections + conservation.resets + conservation.inFlight;
  if (ended !== conservation.attempts) {
    throw new InvariantError(`conservation: ${conservation.attempts} attempts but ${ended} accounted for (${JSON.stringify(conservation)})`, engine.nowSec);
  }
  return { replication, summary, series, conservation, events: engine.eventsExecuted };
}

/** Runs all replications of `scenario` (or `replications` overriding it) and summarises them. */
export function runScenario(scenario: Scenario, options: { replications?: number; onReplication?: (done: number, total: number) => void } = {}): ScenarioResult {
  const total = options.replications ?? scenario.run.replications;
  const reps = runReplications(total, (r) => {
    const res = runReplication(scenario, r);
    options.onReplication?.(r + 1, total);
    return res;
  });
  return combineReplications(scenario, reps);
}

/** Combines replication results (in index order) into a scenario result. Pure. */
export function combineReplications(scenario: Scenario, reps: readonly ReplicationResult[]): ScenarioResult {
  const level = scenario.run.confidenceLevel;
  const metrics: Record<string, Estimate> = {};
  const keys = Object.keys(reps[0].summary).sort() as (keyof EdgeSummary)[];
  for (const k of keys) {
    const values = reps.map((r) => r.summary[k]).filter((v): v is number => v !== null);
    if (values.length > 0) metrics[k] = confidenceInterval(values, level);
  }
  return {
    scenario: scenario.name,
    seed: scenario.run.seed,
    replications: reps.length,
    measuredSec: scenario.run.durationSec - scenario.run.warmupSec,
    confidenceLevel: level,
    metrics,
    series: averageSeries(reps.map((r) => r.series)),
    perReplication: [...reps],
  };
}

function seriesOf(snap: ReturnType<import("../sim/stats/scope.js").StatsScope["snapshot"]>, windowSec: number, durationSec: number, workers: number): WindowSeries {
  const n = Math.ceil(durationSec / windowSec - 1e-9);
  const rate = (name: string) => {
    const s = snap.counters[name].series ?? [];
    return Array.from({ length: n }, (_, i) => (s[i] ?? 0) / windowSec);
  };
  const gauge = (name: string, scale = 1) => {
    const s = snap.gauges[name].series ?? [];
    return Array.from({ length: n }, (_, i) => (s[i] ?? 0) / scale);
  };
  const hs = snap.histograms["handshakeLatencySec"];
  const windows = "series" in hs ? hs.series : [];
  const q = (key: "p50" | "p99" | "p999") => Array.from({ length: n }, (_, i) => windows[i]?.[key] ?? null);
  const cpu = snap.counters["cpuSec"].series ?? [];
  const wasted = snap.counters["wastedCpuSec"].series ?? [];
  return {
    windowSec,
    startSec: Array.from({ length: n }, (_, i) => i * windowSec),
    offeredPerS: rate("newConnections"),
    attemptsPerS: rate("attempts"),
    goodputPerS: rate("completed"),
    fullPerS: rate("completedFull"),
    resumedPerS: rate("completedResumed"),
    timeoutsPerS: rate("timeouts"),
    retriesPerS: rate("retries"),
    failuresPerS: rate("failures"),
    rejectionsPerS: rate("rejections"),
    listenOverflowsPerS: rate("listenOverflows"),
    latencyP50S: q("p50"),
    latencyP99S: q("p99"),
    latencyP999S: q("p999"),
    workerUtilization: gauge("busyWorkers", workers),
    runQueueDepth: gauge("runQueueDepth"),
    backlogDepth: gauge("backlogDepth"),
    cacheEntries: gauge("cacheEntries"),
    wastedCpuFraction: Array.from({ length: n }, (_, i) => ((cpu[i] ?? 0) > 0 ? (wasted[i] ?? 0) / (cpu[i] ?? 1) : 0)),
  };
}

/** Window-by-window mean over replications; a latency window empty in every replication stays null. */
function averageSeries(all: readonly WindowSeries[]): WindowSeries {
  const first = all[0];
  const out = { ...first } as unknown as Record<string, unknown>;
  for (const key of Object.keys(first) as (keyof WindowSeries)[]) {
    if (key === "windowSec" || key === "startSec") continue;
    const len = (first[key] as unknown[]).length;
    out[key] = Array.from({ length: len }, (_, i) => {
      const vals = all.map((s) => (s[key] as (number | null)[])[i]).filter((v): v is number => v !== null);
      return vals.length === 0 ? null : vals.reduce((a, b) => a + b, 0) / vals.length;
    });
  }
  return out as unknown as WindowSeries;
}
