/**
 * Calibration: server CPU per handshake for a server configuration (software × certificate × TLS
 * version × full/resumed × per-connection work), measured at the loads to be predicted, with
 * repeats and spread; the capacity where λ·c(λ) = 1 CPU; and the client's own handshake delay at
 * low load. Written as a calibration file whose entries give the scenario overrides
 * (`fleet.handshake.full.cpu=…`, `network.rtt=…`) that make a scenario use the measured costs.
 *
 * Method (tls-ground-truth.md §5, §10.3): server CPU per handshake = Δ(utime+stime of the server's
 * processes) ÷ handshakes; it falls 20–35 % as load rises, so it is measured at several loads and
 * interpolated linearly in the offered rate and held constant outside the measured loads; a short
 * overload gives the cost at saturation, the highest point. Capacity ≈ 1/(CPU per handshake at
 * saturation) held within 3 % in the measurements.
 */
import { median } from "simple-statistics";
import { runScenario } from "../models/run.js";
import type { Bench } from "./bench.js";
import { durationText, pointScenario, rateText, type ExperimentFile } from "./experimentFile.js";
import type { CertificateKeyType } from "./servers/certs.js";
import { Outcome } from "./loadgen/records.js";
import { quantileSorted } from "./measure/summary.js";
import { phaseStructure, type PhaseStructure } from "./measure/phases.js";
import type { Scenario } from "../models/scenario/types.js";
import type { NodeServer } from "./servers/nodeServer.js";
import type { PhaseTraceRow } from "./servers/phaseTrace.js";
import type { RealServer } from "./servers/realServer.js";
import type { ServerSpec } from "./servers/serverSpec.js";

/** One measured cost sample. */
export interface CostSample {
  kind: "full" | "resumed";
  /** A short overload: its cost is the cost at saturation (merged over repeats into one point at rate 1/cost). */
  saturated: boolean;
  ratePerSec: number;
  /** Server CPU per handshake of this kind, work per connection included (s); null when nothing completed. */
  cpuPerHandshakeSec: number | null;
  serverCores: number;
  clientCores: number;
  /** The load generator's CPU per attempt (s) (PointHygiene.clientCpuPerAttemptSec); absent in calibrations written before 2026-11-22 (validate/clientDelay.ts then derives it from clientCores). */
  clientCpuPerAttemptSec?: number | null;
  foreignCores: number;
  p50Sec: number | null;
  /** Interquartile range of the completed handshakes' latency (s). */
  latencyIqrSec: number | null;
  resumedFraction: number;
  valid: boolean;
  reasons: string[];
}

/** Mean and spread of the samples at one rate. */
export interface CostPoint {
  ratePerSec: number;
  meanSec: number;
  minSec: number;
  maxSec: number;
  repeats: number;
}

/** The calibration of one server configuration. */
export interface CalibrationEntry {
  key: string;
  server: "node" | "nginx";
  certificate: CertificateKeyType;
  tlsVersion: "1.2" | "1.3";
  /** Synthetic per-connection work (s), included in the costs below and subtracted for the scenario. */
  workSec: number;
  full: CostPoint[];
  resumed: CostPoint[];
  /** λ with λ·c(λ) = 1 CPU (handshakes/s). */
  capacityPerSec: number;
  /** Server CPU share (cores) measured at saturation: below 1 when other processes or the kernel took part of its CPU. */
  saturatedServerCores: number | null;
  /** Client-side handshake delay at low load (measured p50 − simulated p50 with RTT 0), as network RTT (s). */
  rttSec: number;
  /**
   * Coefficient of variation given to the handshake CPU: estimated from the spread of handshake
   * latency at the lowest calibration load, where queueing is rare (interquartile range / 1.349,
   * robust to the rare stalls, over the part of the handshake CPU the client waits for), or
   * plan.cv when that is not possible.
   */
  cv: number;
  samples: CostSample[];
  /** Product of the rescalings applied by drift probes since the calibration (absent: none). */
  driftFactor?: number;
  /**
   * Where the full handshake's server CPU sits, traced inside the server at the lowest load (Node,
   * TLS 1.3, one process: validate/measure/phases.ts); absent where it cannot be traced (nginx, TLS
   * 1.2, a cluster): the model's default split is used there.
   */
  phases?: PhaseStructure;
}

/** How much to measure. */
export interface CalibrationPlan {
  /** Loads as fractions of a first capacity estimate, e.g. [0.3, 0.6, 0.9]. */
  fractions: number[];
  /** One short overload (this fraction of the estimate, for overloadSec) gives the cost at saturation: its sample's rate is 1/cost, the capacity it implies. */
  overloadFraction: number;
  overloadSec: number;
  /** Load before the first measurement (JIT, caches), not kept (s). */
  warmUpSec: number;
  resumedFractions: number[];
  repeats: number;
  durationSec: number;
  /** Coefficient of variation of the handshake CPU when it cannot be estimated (the model's default assumption is 0.5). */
  cv: number;
}

/** The key of a configuration: "node/rsa-2048/tls1.3/work1000us". */
export function calibrationKey(spec: ServerSpec): string {
  return `${spec.software}/${spec.certificate}/tls${spec.tlsVersion}/work${spec.burnUs}us${spec.workers > 1 ? `/w${spec.workers}` : ""}`;
}

/**
 * Linear interpolation of c(λ) over points sorted by rate, held constant outside them (the
 * highest point is the saturation point: a server cannot run faster than its capacity).
 * @throws RangeError for no points.
 */
export function costAt(points: readonly CostPoint[], ratePerSec: number): number {
  if (points.length === 0) throw new RangeError("costAt: no calibration points");
  const p = [...points].sort((a, b) => a.ratePerSec - b.ratePerSec);
  if (p.length === 1 || ratePerSec <= p[0]!.ratePerSec) return p[0]!.meanSec;
  for (let i = 1; i < p.length; i++) {
    const a = p[i - 1]!;
    const b = p[i]!;
    if (ratePerSec <= b.ratePerSec) return a.meanSec + ((b.meanSec - a.meanSec) * (ratePerSec - a.ratePerSec)) / (b.ratePerSec - a.ratePerSec);
  }
  return p[p.length - 1]!.meanSec;
}

/** The λ where λ·c(λ) = 1 (bisection on [1, 10⁶]/s). */
export function capacityOf(points: readonly CostPoint[]): number {
  let lo = 1;
  let hi = 1e6;
  for (let k = 0; k < 100; k++) {
    const mid = (lo + hi) / 2;
    if (mid * costAt(points, mid) < 1) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The scenario overrides that make a point at `ratePerSec` use this calibration: handshake CPU
 * (gamma, mean = measured cost − work per connection, cv) for full and resumed, and network.rtt.
 * `fullCostSec` replaces the calibrated full-handshake cost (work included), e.g. by the cost the
 * point itself measured; `lessSec` is taken out of both costs (CPU the prediction runs elsewhere,
 * e.g. GC pauses given as blocking work).
 *
 * `clientCpuPerAttemptSec` (the load generator's CPU per attempt, measured at the point) gives the
 * clients an event loop (clients.cpu, models/client/clientLoops.ts). The client delay that the
 * calibration measured at low load (rttsInLatency × rttSec, the part of the latency the server does
 * not explain) becomes client CPU in the handshake's path, as far as the generator's CPU covers it:
 * without a traced phase structure, half before the connection goes out (send), half on the
 * server's last flight (finish), each a constant (only the mean is measured). The rest of the generator's CPU is after-work (request,
 * reply, close); whatever delay its CPU does not cover stays network RTT.
 *
 * With a traced phase structure (entry.phases) the split is measured instead of assumed: the first
 * phase is the traced first-phase CPU (the rest of the handshake's cost, which includes the
 * connection's reading, reply and close, is the second phase: fleet.handshake.full.secondPhase), and
 * the client CPU on the server's flight (finish) is the traced time from the server's first flight
 * to its second phase, as far as the in-path client CPU covers it; the rest of that CPU is send.
 */
export function costOverrides(entry: CalibrationEntry, ratePerSec: number, options: { fullCostSec?: number; lessSec?: number; clientCpuPerAttemptSec?: number } = {}): string[] {
  const atRate = Math.min(ratePerSec, entry.capacityPerSec);
  const less = options.lessSec ?? 0;
  const full = Math.max(5e-5, (options.fullCostSec ?? costAt(entry.full, atRate)) - entry.workSec - less);
  const resumed = entry.resumed.length > 0 ? Math.max(5e-5, costAt(entry.resumed, atRate) - entry.workSec - less) : null;
  const out = [`fleet.handshake.full.cpu={gamma: {mean: ${durationText(full)}, cv: ${entry.cv}}}`];
  if (entry.phases !== undefined) out.push(`fleet.handshake.full.secondPhase=${secondPhaseOf(entry.phases, full).toFixed(3)}`);
  if (resumed !== null) out.push(`fleet.handshake.resumed.cpu={gamma: {mean: ${durationText(resumed)}, cv: ${entry.cv}}}`);
  const clientCpu = options.clientCpuPerAttemptSec;
  if (clientCpu === undefined || !(clientCpu > 0)) {
    out.push(`network.rtt=${durationText(entry.rttSec)}`);
    return out;
  }
  const rtts = rttsInLatency(entry.tlsVersion);
  const delaySec = rtts * entry.rttSec;
  const inPathSec = Math.min(delaySec, clientCpu);
  const afterSec = clientCpu - inPathSec;
  const finishSec = entry.phases !== undefined ? Math.min(entry.phases.secondPhaseAfterSec, inPathSec) : inPathSec / 2;
  out.push(`network.rtt=${durationText((delaySec - inPathSec) / rtts)}`);
  out.push(`clients.cpu={send: ${durationText(Math.max(1e-6, inPathSec - finishSec))}, finish: ${durationText(Math.max(1e-6, finishSec))}${afterSec >= 1e-6 ? `, after: ${durationText(afterSec)}` : ""}}`);
  return out;
}

/** The second-phase fraction of a full handshake of mean CPU `fullSec` whose first phase is the traced one (at most 0.95: the first phase keeps 5 %). */
export function secondPhaseOf(phases: PhaseStructure, fullSec: number): number {
  return Math.min(0.95, Math.max(0, 1 - phases.firstPhaseCpuSec / fullSec));
}

/**
 * Whether a calibration sample's CPU per handshake is the server's own: not taken while other
 * processes used the machine or the server's core (validate/measure/point.ts invalidReasons). Late
 * starts or a busy generator change the latencies, not the CPU a handshake costs. In the 09:26 run
 * of 2026-11-22 three nginx samples taken while other processes used 0.34-0.67 cores read 4.5-4.8
 * ms per handshake against 3.6-3.7 ms.
 */
export function cleanCost(s: Pick<CostSample, "reasons">): boolean {
  return !s.reasons.some((r) => r.startsWith("other processes used") || r.startsWith("something else used"));
}

/**
 * Whether a calibration sample's latencies can be read (the client delay and the cv come from
 * them): a valid sample. In that same calibration the lowest load's median latency was 9.0 ms over
 * all its samples and 4.7 ms over the valid one; it became a client delay of 3.1 ms and a cv of 1.
 */
export function cleanLatency(s: Pick<CostSample, "valid">): boolean {
  return s.valid;
}

/** The samples of `samples` that pass `clean`, or all of them if none does: a calibration must give numbers, and its log shows every sample's hygiene. */
export function cleanSamples<T>(samples: readonly T[], clean: (s: T) => boolean): T[] {
  const kept = samples.filter(clean);
  return kept.length > 0 ? kept : [...samples];
}

/**
 * Mean and spread by rate over each rate's samples whose cost is clean ({@link cleanCost}; all of
 * that rate's when none is); the saturated samples are one point at rate 1 / (their mean cost).
 */
export function pointsOf(samples: readonly CostSample[], kind: "full" | "resumed"): CostPoint[] {
  const groups = new Map<string, CostSample[]>();
  for (const s of samples) {
    if (s.kind !== kind || s.cpuPerHandshakeSec === null || !(s.saturated || Number.isFinite(s.ratePerSec))) continue;
    const key = s.saturated ? "saturated" : String(Math.round(s.ratePerSec * 1000) / 1000);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
  return [...groups.entries()]
    .map(([key, group]) => {
      const v = cleanSamples(group, cleanCost).map((s) => s.cpuPerHandshakeSec!);
      return { ratePerSec: key === "saturated" ? 1 / mean(v) : Number(key), meanSec: mean(v), minSec: Math.min(...v), maxSec: Math.max(...v), repeats: v.length };
    })
    .sort((a, b) => a.ratePerSec - b.ratePerSec);
}

/** Time after a calibration point's arrivals for the queue to drain (its handshakes count; the CPU they use is in the sample). */
const DRAIN_SEC = 3;

/** RTTs in a handshake's latency: TLS 1.2 full 3 (SYN 1.5, two handshake round trips), otherwise 2 (models/edge.ts). */
function rttsInLatency(tlsVersion: "1.2" | "1.3"): number {
  return tlsVersion === "1.2" ? 3 : 2;
}

/**
 * Calibrates a running server (the server of experiment file `file`, started by the caller): a
 * warm-up and probe, then full-handshake cost at `plan.fractions` of the probe's capacity
 * estimate (a million distinct clients), repeats interleaved; one short overload for the cost at
 * saturation; resumed cost at `plan.resumedFractions` (20 clients, all but their first
 * connections resume); the handshake CPU's cv and the client delay from the lowest full-handshake point.
 * @throws Error if the generator fails; ScenarioError for a bad file.
 */
export async function calibrate(bench: Bench, server: RealServer, file: ExperimentFile, plan: CalibrationPlan, options: { log?: (line: string) => void } = {}): Promise<CalibrationEntry> {
  const log = options.log ?? (() => undefined);
  const base = pointScenario(file, []);
  const spec = server.spec;
  const workSec = spec.burnUs / 1e6;
  const key = calibrationKey(spec);
  const samples: CostSample[] = [];
  const at = (ratePerSec: number, population: number, durationSec: number) =>
    pointScenario(file, [`load.arrivals=uniform`, `load.rate=${rateText(ratePerSec)}`, `load.phases=[{at: ${durationText(durationSec)}, rate: 0/s}]`, "load.spikes=[]", "events=[]", `run.duration=${durationText(durationSec + DRAIN_SEC)}`, "run.warmup=500ms", `clients.population=${population}`, "clients.timeout=none", "clients.retry.backoff=none", "clients.retry.maxAttempts=1"]);
  const measure = async (kind: "full" | "resumed", ratePerSec: number, durationSec: number, fullCostSec: number, saturated = false): Promise<CostSample> => {
    const population = kind === "full" ? 1_000_000 : 20;
    const point = await bench.measure(server, at(ratePerSec, population, durationSec).scenario);
    const h = point.hygiene;
    const resumedFraction = point.summary.resumptionRate ?? 0;
    const totalCpu = (h.serverCpuPerHandshakeSec ?? Number.NaN) * h.serverHandshakes;
    const resumedCount = h.serverHandshakes * resumedFraction;
    const cpu = kind === "full" ? (h.serverCpuPerHandshakeSec ?? Number.NaN) : (totalCpu - (h.serverHandshakes - resumedCount) * fullCostSec) / Math.max(1, resumedCount);
    const latencies: number[] = [];
    const r = point.records;
    for (let a = 0; a < r.count; a++) if (r.outcome[a] === Outcome.Completed) latencies.push(r.doneSec[a]! - r.scheduledSec[a]!);
    latencies.sort((x, y) => x - y);
    const q25 = quantileSorted(latencies, 0.25);
    const q75 = quantileSorted(latencies, 0.75);
    const sample: CostSample = { kind, saturated, ratePerSec, cpuPerHandshakeSec: Number.isFinite(cpu) && cpu > 0 ? cpu : null, serverCores: h.serverCores, clientCores: h.clientCores, clientCpuPerAttemptSec: h.clientCpuPerAttemptSec, foreignCores: h.foreignCores, p50Sec: point.summary["handshakeLatencyS.p50"], latencyIqrSec: q25 !== null && q75 !== null ? q75 - q25 : null, resumedFraction, valid: point.valid, reasons: point.reasons };
    log(`  calibration ${key} ${kind} @ ${ratePerSec.toFixed(0)}/s: ${((sample.cpuPerHandshakeSec ?? Number.NaN) * 1000).toFixed(3)} ms/hs, server ${h.serverCores.toFixed(2)} cores, client ${h.clientCores.toFixed(2)}, foreign ${h.foreignCores.toFixed(2)} (${h.serverCoreForeignCores?.toFixed(2) ?? "—"} on the server's core)${point.valid ? "" : ` (invalid: ${point.reasons.join("; ")})`}`);
    return sample;
  };
  const guessCost = base.scenario.fleet.handshake.full.cpuSec;
  const guessSec = ("mean" in guessCost ? (guessCost as { mean: number }).mean : 0.001) + workSec;
  const probeRate = Math.max(20, 0.35 / guessSec);
  await measure("full", probeRate, plan.warmUpSec, 0); // warm-up (JIT, caches): not kept
  const probe = await measure("full", probeRate, 2, 0);
  if (probe.cpuPerHandshakeSec === null) throw new Error(`calibration ${key}: no handshake completed at ${probeRate.toFixed(0)}/s`);
  const capacity0 = 1.1 / probe.cpuPerHandshakeSec;
  for (let r = 0; r < plan.repeats; r++) {
    for (const f of plan.fractions) samples.push(await measure("full", f * capacity0, plan.durationSec, 0));
  }
  let saturatedServerCores: number | null = null;
  for (let r = 0; r < plan.repeats; r++) {
    const over = await measure("full", plan.overloadFraction * capacity0, plan.overloadSec, 0, true);
    samples.push(over);
    saturatedServerCores = over.serverCores;
  }
  const full = pointsOf(samples, "full");
  for (let r = 0; r < plan.repeats; r++) {
    for (const f of plan.resumedFractions) samples.push(await measure("resumed", f * capacity0, plan.durationSec, costAt(full, f * capacity0)));
  }
  const entry: CalibrationEntry = { key, server: spec.software, certificate: spec.certificate, tlsVersion: spec.tlsVersion, workSec, full, resumed: pointsOf(samples, "resumed"), capacityPerSec: capacityOf(full), saturatedServerCores, rttSec: 0, cv: plan.cv, samples };
  const phases = await tracePhases(bench, server, (rate) => at(rate, 1_000_000, plan.durationSec).scenario, Math.min(...plan.fractions) * capacity0);
  if (phases !== null) {
    entry.phases = phases;
    log(`  calibration ${key}: first phase ${(phases.firstPhaseCpuSec * 1000).toFixed(3)} ms CPU, second phase ${(phases.secondPhaseAfterSec * 1000).toFixed(3)} ms after the first flight (${phases.connections} connections traced)`);
  }
  const low = samples.filter((s) => s.kind === "full" && s.p50Sec !== null).sort((a, b) => a.ratePerSec - b.ratePerSec || (a.p50Sec ?? 0) - (b.p50Sec ?? 0));
  // The client delay and the cv are read off latencies: valid samples only, where there are any.
  const lowest = cleanSamples(low.filter((s) => s.ratePerSec === low[0]?.ratePerSec), cleanLatency);
  if (lowest.length > 0) {
    const rate = lowest[0]!.ratePerSec;
    const iqrs = lowest.map((s) => s.latencyIqrSec).filter((x): x is number => x !== null);
    const waitedFor = entry.phases?.firstPhaseCpuSec ?? (costAt(full, rate) - workSec) * (spec.tlsVersion === "1.2" ? 1 : 1 - 0.2);
    if (iqrs.length > 0 && waitedFor > 0) entry.cv = Number(Math.min(1, Math.max(0.05, median(iqrs) / 1.349 / waitedFor)).toFixed(3));
    const measuredP50 = median(lowest.map((s) => s.p50Sec!));
    const sim = runScenario(pointScenario(file, [...at(rate, 1_000_000, plan.durationSec).overrides, ...costOverrides({ ...entry, rttSec: 0 }, rate)]).scenario, { replications: 3 });
    const simP50 = sim.metrics["handshakeLatencyS.p50"]?.mean ?? measuredP50;
    entry.rttSec = Math.max(0, (measuredP50 - simP50) / rttsInLatency(spec.tlsVersion));
    log(`  calibration ${key}: capacity ${entry.capacityPerSec.toFixed(0)}/s, handshake CPU cv ${entry.cv}, low-load p50 measured ${(measuredP50 * 1000).toFixed(2)} ms, simulated ${(simP50 * 1000).toFixed(2)} ms → RTT ${(entry.rttSec * 1000).toFixed(3)} ms`);
  }
  return entry;
}

/**
 * The phase structure of a Node TLS 1.3 single-process server, traced over one low-load point of
 * full handshakes (null for other servers, or when too few connections were isolated). The trace
 * (server key-log callbacks) is on only during this point, so it does not touch the cost samples.
 */
async function tracePhases(bench: Bench, server: RealServer, scenarioAt: (ratePerSec: number) => Scenario, ratePerSec: number): Promise<PhaseStructure | null> {
  const spec = server.spec;
  if (spec.software !== "node" || spec.tlsVersion !== "1.3" || spec.workers !== 1 || !("phaseTrace" in server)) return null;
  const node = server as NodeServer;
  await node.phaseTrace(true);
  let rows: PhaseTraceRow[] = [];
  try {
    await bench.measure(server, scenarioAt(ratePerSec));
  } finally {
    rows = await node.phaseTrace(false);
  }
  return phaseStructure(rows);
}

/**
 * The calibration with every cost multiplied by `factor` (and the capacity divided by it): the
 * machine's speed drifts by 10-20 % over tens of minutes, so each experiment rescales the
 * calibration by a short probe at its start (runner.ts). @throws RangeError unless factor is finite > 0.
 */
export function scaleCalibration(entry: CalibrationEntry, factor: number): CalibrationEntry {
  if (!(Number.isFinite(factor) && factor > 0)) throw new RangeError(`factor: must be a finite number > 0 (got ${factor})`);
  const scale = (p: CostPoint): CostPoint => ({ ratePerSec: p.ratePerSec / factor, meanSec: p.meanSec * factor, minSec: p.minSec * factor, maxSec: p.maxSec * factor, repeats: p.repeats });
  const full = entry.full.map(scale);
  const phases = entry.phases !== undefined ? { ...entry.phases, firstPhaseCpuSec: entry.phases.firstPhaseCpuSec * factor } : undefined;
  return { ...entry, full, resumed: entry.resumed.map(scale), capacityPerSec: capacityOf(full), driftFactor: (entry.driftFactor ?? 1) * factor, ...(phases !== undefined ? { phases } : {}) };
}
