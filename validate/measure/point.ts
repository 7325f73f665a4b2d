/**
 * One measured load point: a generator run against a running server, with the measurement hygiene
 * recorded around it (server, client and foreign CPU, start lateness, kernel TCP counters) and a
 * validity verdict. A point where the generator rather than the server may be the bottleneck
 * (client CPU above ~85 %, late starts), or where other processes took much CPU, is marked invalid
 * with its reasons, never silently used (tls-ground-truth.md §7.4, §10.1–10.2).
 */
import { Outcome, type AttemptRecords } from "../loadgen/records.js";
import type { LoadGenerator } from "../loadgen/generator.js";
import type { GeneratorRunConfig } from "../loadgen/openLoopClient.js";
import { cpuDelta, groupCpuSec, groupPids, helperRunSecOf, helperThreadFiles, runSecOf, snapshot, type KernelCounters } from "../procs/machine.js";
import type { RealServer } from "../servers/realServer.js";
import { seriesOfRecords, summarizeRecords, type MeasuredSeries, type MeasuredSummary, type SummaryWindow } from "./summary.js";

/** Thresholds of a valid point. */
export interface HygieneLimits {
  /** Generator CPU over the active span, in cores (tls-ground-truth.md §10.2: about 0.85). */
  maxClientCores: number;
  /** p99 of start lateness (s) ("a few ms", §10.2). */
  maxLatenessP99Sec: number;
  /** Mean CPU of other processes during the point, in cores (§10.1 says 0.1 on a quiet machine). */
  maxForeignCores: number;
  /**
   * Busy CPU of anything but the server on the server's own (pinned) CPU, in cores: other
   * processes, interrupts, hypervisor steal. A quiet machine here shows 0.00–0.05 (docs/validation,
   * hygiene tables); another raised-priority process on that CPU shows 0.3–0.5, and made a point's
   * median 57 times the prediction while the machine-wide share stayed under its limit.
   */
  maxServerCoreForeignCores: number;
}

/** The default limits (tls-ground-truth.md §10). */
export const DEFAULT_LIMITS: HygieneLimits = { maxClientCores: 0.85, maxLatenessP99Sec: 0.005, maxForeignCores: 0.3, maxServerCoreForeignCores: 0.1 };

/** The hygiene record of a point. CPU in cores over the active span (first arrival to last attempt end). */
export interface PointHygiene {
  activeSec: number;
  serverCores: number;
  clientCores: number;
  foreignCores: number;
  /** Busy CPU of anything but the server on the server's pinned CPU (cores; null: not pinned). */
  serverCoreForeignCores: number | null;
  /** Server CPU per completed handshake (s): Δ(utime+stime of the server's processes) ÷ handshakes. */
  serverCpuPerHandshakeSec: number | null;
  serverHandshakes: number;
  /**
   * The load generator's CPU per attempt it made (s): its process CPU over the run (process.cpuUsage,
   * drain included) ÷ attempts. The prediction's client CPU (clients.cpu) comes from it (validate/calibration.ts).
   */
  clientCpuPerAttemptSec: number | null;
  latenessP50S: number;
  latenessP99S: number;
  latenessMaxS: number;
  /** The generator's own event-loop delay (p50, p99, max; s): its queueing adds to measured latencies. */
  generatorLoopDelayS: { p50: number; p99: number; max: number };
  /** Server garbage-collection pauses during the point (Node only): count, total and longest (s), and the pauses (s). */
  serverGc: { count: number; totalSec: number; maxSec: number; pausesSec: number[] } | null;
  counters: KernelCounters;
  serverPriority: string;
  clientPriority: string;
}

/** A measured point. */
export interface MeasuredPoint {
  /** The generator's per-attempt records (not part of the JSON result). */
  records: AttemptRecords;
  /** t = 0 of the records, in ms since the Unix epoch (performance.timeOrigin + performance.now() of the generator). */
  t0EpochMs: number;
  /**
   * Replication whose arrivals and clients the generator replayed (models' RandomStreams(seed, r)):
   * the simulator's replication r saw the very same ones, so it is this run's paired prediction.
   */
  replication: number;
  /** The server's CPU seconds so far (its process group's) at the times asked for ({@link PointRun.cpuMarksSec}), in time order. */
  serverCpuMarks: { atSec: number; serverCpuSec: number }[];
  /**
   * The server's run time sampled every {@link RUN_SAMPLE_EVERY_SEC} over the run (s since t = 0,
   * main threads' run seconds so far: procs/machine.ts runSecOf), in time order: the server's CPU
   * per completed handshake window by window (measure/slowdowns.ts). Empty unless asked for
   * ({@link PointRun.sampleServerRunTime}).
   */
  serverRunSamples: RunSample[];
  summary: MeasuredSummary;
  series: MeasuredSeries;
  hygiene: PointHygiene;
  valid: boolean;
  /** Why the point is invalid (empty when valid). */
  reasons: string[];
}

/**
 * One sample of the server's run time: when (s from the generator's t = 0), its processes' main
 * threads' run seconds so far (procs/machine.ts runSecOf), and their helper threads' (helperRunSecOf).
 */
export interface RunSample {
  atSec: number;
  runSec: number;
  helperRunSec?: number;
}

/** How often a point samples the server's run time (s): 10 ms, 1,000 reads of a few /proc files over a 10 s point. */
export const RUN_SAMPLE_EVERY_SEC = 0.01;

/** What {@link measurePoint} runs. */
export interface PointRun {
  server: RealServer;
  generator: LoadGenerator;
  config: GeneratorRunConfig;
  window: SummaryWindow;
  /** Ticket-key rotations during the run, seconds from t = 0 of the schedule. */
  rotateAtSec?: readonly number[];
  /** Times (s from t = 0 of the schedule) at which to read the server's CPU, e.g. around a window whose CPU per handshake is wanted (measure/windowCost.ts). */
  cpuMarksSec?: readonly number[];
  /** Sample the server's run time every {@link RUN_SAMPLE_EVERY_SEC} (MeasuredPoint.serverRunSamples): the harness then reads /proc 100 times a second. */
  sampleServerRunTime?: boolean;
  limits: HygieneLimits;
  /** Server-side counters, if the server has them (Node): read before and after. */
  serverCounters?: () => Promise<{ handshakes: number; gcCount: number; gcMs: number; gcMaxMs: number; gcPausesMs: number[] } | null>;
}

/**
 * Runs one point and returns what it measured.
 * @throws Error if the generator fails or dies; a server that dies during the run makes the point
 *   invalid ("server exited during the run") rather than throwing.
 */
export async function measurePoint(run: PointRun): Promise<MeasuredPoint> {
  const { server, generator, config } = run;
  const c0 = run.serverCounters ? await run.serverCounters() : null;
  // Timers of the rotations and CPU marks, relative to the generator's t = 0.
  const timers: NodeJS.Timeout[] = [];
  let sampler: NodeJS.Timeout | null = null;
  const rotationErrors: string[] = [];
  const serverCpuMarks: { atSec: number; serverCpuSec: number }[] = [];
  const serverRunSamples: RunSample[] = [];
  const serverPids = run.sampleServerRunTime === true ? groupPids(server.process.pid) : [];
  const helperFiles = helperThreadFiles(serverPids);
  const before = snapshot(server.process.pid, generator.process.pid);
  let result;
  try {
    result = await generator.run(config, {
      onStarted: (t0EpochMs) => {
        for (const at of run.rotateAtSec ?? []) {
          const delayMs = t0EpochMs + at * 1000 - (performance.timeOrigin + performance.now());
          timers.push(setTimeout(() => void server.rotateTicketKeys().catch((e: Error) => rotationErrors.push(e.message)), Math.max(0, delayMs)));
        }
        for (const at of run.cpuMarksSec ?? []) {
          const delayMs = t0EpochMs + at * 1000 - (performance.timeOrigin + performance.now());
          timers.push(setTimeout(() => serverCpuMarks.push({ atSec: (performance.timeOrigin + performance.now() - t0EpochMs) / 1000, serverCpuSec: groupCpuSec(server.process.pid) }), Math.max(0, delayMs)));
        }
        if (run.sampleServerRunTime === true) {
          const sample = () => serverRunSamples.push({ atSec: (performance.timeOrigin + performance.now() - t0EpochMs) / 1000, runSec: runSecOf(serverPids), helperRunSec: helperRunSecOf(helperFiles) });
          sample();
          sampler = setInterval(sample, RUN_SAMPLE_EVERY_SEC * 1000);
        }
      },
    });
  } finally {
    for (const t of timers) clearTimeout(t);
    if (sampler !== null) clearInterval(sampler);
  }
  const after = snapshot(server.process.pid, generator.process.pid);
  const c1 = run.serverCounters ? await run.serverCounters() : null;
  const hs0 = c0?.handshakes ?? null;
  const hs1 = c1?.handshakes ?? null;
  const gc0 = c0 === null ? null : { count: c0.gcCount, ms: c0.gcMs };
  const gc1 = c1 === null ? null : { count: c1.gcCount, ms: c1.gcMs, maxMs: c1.gcMaxMs, pausesMs: c1.gcPausesMs };
  const d = cpuDelta(before, after, server.process.cpu);
  const records = result.records;
  let completed = 0;
  let lastEnd = 0;
  for (let a = 0; a < records.count; a++) {
    if (records.outcome[a] === Outcome.Completed) completed++;
    if (records.doneSec[a]! > lastEnd) lastEnd = records.doneSec[a]!;
  }
  const summary = summarizeRecords(records, config.schedule.timesSec, run.window);
  const series = seriesOfRecords(records, config.schedule.timesSec, run.window);
  const activeSec = Math.max(0.05, Math.min(lastEnd, d.wallSec));
  const serverHandshakes = hs0 !== null && hs1 !== null ? hs1 - hs0 : completed;
  const hygiene: PointHygiene = {
    activeSec,
    serverCores: d.serverCpuSec / activeSec,
    clientCores: result.cpuSec / activeSec,
    foreignCores: d.foreignCores,
    serverCoreForeignCores: d.serverCoreForeignCores,
    serverCpuPerHandshakeSec: serverHandshakes > 0 ? d.serverCpuSec / serverHandshakes : null,
    serverHandshakes,
    clientCpuPerAttemptSec: records.count > 0 ? result.cpuSec / records.count : null,
    latenessP50S: summary.latenessP50S,
    latenessP99S: summary.latenessP99S,
    latenessMaxS: summary.latenessMaxS,
    generatorLoopDelayS: { p50: result.loopDelay.p50Sec, p99: result.loopDelay.p99Sec, max: result.loopDelay.maxSec },
    serverGc: gc0 !== null && gc1 !== null ? { count: gc1.count - gc0.count, totalSec: (gc1.ms - gc0.ms) / 1000, maxSec: gc1.maxMs / 1000, pausesSec: gc1.pausesMs.map((x) => x / 1000) } : null,
    counters: d.counters,
    serverPriority: server.process.priority,
    clientPriority: generator.process.priority,
  };
  const reasons = invalidReasons(hygiene, run.limits);
  if (server.process.hasExited()) reasons.push("the server exited during the run");
  for (const e of rotationErrors) reasons.push(`ticket-key rotation failed: ${e}`);
  return { records, t0EpochMs: result.t0EpochMs, replication: config.replication, serverCpuMarks: serverCpuMarks.sort((a, b) => a.atSec - b.atSec), serverRunSamples, summary, series, hygiene, valid: reasons.length === 0, reasons };
}

/** Why a point's hygiene makes it invalid under `limits` (empty: valid). */
export function invalidReasons(h: PointHygiene, limits: HygieneLimits): string[] {
  const reasons: string[] = [];
  const f = (x: number, digits = 2) => x.toFixed(digits);
  if (h.clientCores > limits.maxClientCores) reasons.push(`generator CPU ${f(h.clientCores)} cores > ${f(limits.maxClientCores)}: the generator, not the server, may be the bottleneck`);
  if (h.latenessP99S > limits.maxLatenessP99Sec) reasons.push(`start lateness p99 ${f(h.latenessP99S * 1000, 1)} ms > ${f(limits.maxLatenessP99Sec * 1000, 1)} ms: late starts`);
  if (h.foreignCores > limits.maxForeignCores) reasons.push(`other processes used ${f(h.foreignCores)} cores > ${f(limits.maxForeignCores)}`);
  if (h.serverCoreForeignCores !== null && h.serverCoreForeignCores > limits.maxServerCoreForeignCores) reasons.push(`something else used ${f(h.serverCoreForeignCores)} cores of the server's CPU > ${f(limits.maxServerCoreForeignCores)}: the server had less CPU than calibrated`);
  return reasons;
}
