/**
 * `shakedown validate`: calibrate, measure, predict, compare. For every experiment of the selected
 * servers: calibrate its server configuration (once per configuration), then for each point run
 * the scenario on the real server and in the simulator, and compare metric by metric: measured
 * repeat k replays replication k's arrivals and clients, and is compared with the simulator's
 * replication k, averaged over the draws the measurement did not share (validate/paired.ts). Then the seed claims' probes.
 *
 * Everything that can be refused is refused before any process starts: every experiment file
 * and every point's overrides are validated first (ScenarioError, UnsupportedScenarioError).
 */
import { fileURLToPath } from "node:url";
import { runScenario, type ReplicationResult, type ScenarioResult } from "../models/run.js";
import { Bench } from "./bench.js";
import { calibrate, costAt, costOverrides, scaleCalibration, type CalibrationEntry, type CalibrationPlan } from "./calibration.js";
import { rescaleClientDelay } from "./clientDelay.js";
import { probeNginx1m, probeNodeCache, verdictsOf, type Nginx1mProbe, type NodeCacheProbe } from "./claims.js";
import { loadExperimentFile, pointScenario, rateText, serverOf, type ExperimentFile, type PointScenario } from "./experimentFile.js";
import { EXPERIMENTS, type ExperimentPlan, type PointPlan, type ServerName } from "./experiments.js";
import { DEFAULT_LIMITS, type HygieneLimits, type MeasuredPoint } from "./measure/point.js";
import { cpuTraceOverride, type SlowEpisodes } from "./measure/slowdowns.js";
import { windowCostSec } from "./measure/windowCost.js";
import { acquireMeasurementLock } from "./procs/measurementLock.js";
import { commonSeriesOf, compareValues, metricValue, unitOfMetric } from "./metrics.js";
import { PAIRED_VARIANTS, pairedPrediction, simulateOwnScenarios, simulateVariants } from "./paired.js";
import { blockingWorkAtOverride } from "./measure/helperBursts.js";
import { episodeRecord, measuredPauses, measuredSlowdowns, ownStallsOverride } from "./pointInputs.js";
import { machineInfo, type PointRunRecord, type ValidationPoint, type ValidationResult } from "./result.js";
import { nginxBinary } from "./servers/nginxServer.js";
import type { RealServer } from "./servers/realServer.js";
import { ServerStartError } from "./servers/realServer.js";
import { UnsupportedScenarioError } from "./servers/serverSpec.js";

/** The experiment files shipped with shakedown. */
export const EXPERIMENTS_DIR = fileURLToPath(new URL("./experiments/", import.meta.url));

/** Options of {@link runValidation}. */
export interface ValidationOptions {
  servers: readonly ServerName[];
  quick: boolean;
  /** Directory of the experiment files (default: validate/experiments). */
  experimentsDir?: string;
  /** The experiments (default: all of {@link EXPERIMENTS}). */
  experiments?: readonly ExperimentPlan[];
  /** Run the seed-claim probes (default true). */
  claims?: boolean;
  limits?: HygieneLimits;
  /** The machine-wide measurement lock file (default: shakedown-validate.lock in the OS temporary directory). @see acquireMeasurementLock */
  lockPath?: string;
  /** Simulator replications per prediction (default: 3 quick, 5 full). */
  replications?: number;
  /** Variants each paired replication is averaged over, itself included (validate/paired.ts; default: 3 quick, PAIRED_VARIANTS full). */
  pairedVariants?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

/** How much calibration each mode measures (tls-ground-truth.md §10.3: 3 repeats, several loads). */
export function calibrationPlan(quick: boolean): CalibrationPlan {
  return quick
    ? { fractions: [0.35, 0.85], overloadFraction: 1.5, overloadSec: 2, warmUpSec: 1.5, resumedFractions: [0.5], repeats: 1, durationSec: 2.5, cv: 0.5 }
    : { fractions: [0.3, 0.6, 0.9], overloadFraction: 1.5, overloadSec: 2, warmUpSec: 4, resumedFractions: [0.4, 0.8], repeats: 3, durationSec: 4, cv: 0.5 };
}

const CLAIM_FILES = { node: "claim-node-cache.node.yaml", nginx: "claim-nginx-1m.nginx.yaml" } as const;

/**
 * Runs the validation and returns its result.
 * @throws ScenarioError or UnsupportedScenarioError (before anything starts) for a bad experiment;
 *   ServerStartError if only nginx is asked for and it is not installed.
 */
export async function runValidation(options: ValidationOptions): Promise<ValidationResult> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const dir = options.experimentsDir ?? EXPERIMENTS_DIR;
  const skipped: string[] = [];
  let servers = [...new Set(options.servers)];
  if (servers.includes("nginx") && nginxBinary() === null) {
    if (servers.length === 1) throw new ServerStartError("nginx is not installed (apt-get install nginx)");
    servers = servers.filter((s) => s !== "nginx");
    skipped.push("nginx: not installed; its experiments and claims were not run");
  }
  const plans = (options.experiments ?? EXPERIMENTS).filter((p) => servers.includes(p.server));
  const claims = options.claims ?? true;
  const files = preflight(dir, plans, claims ? servers : [], options.quick);
  const replications = options.replications ?? (options.quick ? 3 : 5);
  const pairedVariants = options.pairedVariants ?? (options.quick ? 3 : PAIRED_VARIANTS);
  const releaseLock = acquireMeasurementLock(options.lockPath);
  const bench = new Bench({ limits: options.limits ?? DEFAULT_LIMITS });
  const calibrations = new Map<string, CalibrationEntry>();
  const drift: ValidationResult["drift"] = [];
  const points: ValidationPoint[] = [];
  const runs: PointRunRecord[] = [];
  let nodeCache: NodeCacheProbe | null = null;
  let nginx1m: Nginx1mProbe | null = null;
  let current: { key: string; server: RealServer } | null = null;
  const stopCurrent = async () => {
    if (current !== null) await current.server.stop();
    current = null;
  };
  try {
    for (const plan of plans) {
      if (plan.points(200, options.quick).length === 0) continue;
      let entry: CalibrationEntry | null = null;
      let justCalibrated = false;
      if (plan.calibrateWith !== null) {
        entry = calibrations.get(plan.calibrateWith) ?? null;
        if (entry === null) {
          justCalibrated = true;
          const calibrationFile = files.get(plan.calibrateWith)!;
          const spec = serverOf(pointScenario(calibrationFile, []), plan.certificate);
          const key = JSON.stringify(spec);
          if (current === null || current.key !== key || current.server.process.hasExited()) {
            await stopCurrent();
            current = { key, server: await bench.startServer(spec) };
          }
          log(`calibrating ${plan.calibrateWith}`);
          entry = await calibrate(bench, current.server, calibrationFile, calibrationPlan(options.quick), { log });
          calibrations.set(plan.calibrateWith, entry);
        }
      }
      const file = files.get(plan.file)!;
      if (entry !== null && !justCalibrated) {
        // The machine's speed drifts: rescale the calibration by a short probe at half the capacity.
        const probeFile = files.get(plan.calibrateWith!)!;
        const spec = serverOf(pointScenario(probeFile, []), plan.certificate);
        const key = JSON.stringify(spec);
        if (current === null || current.key !== key || current.server.process.hasExited()) {
          await stopCurrent();
          current = { key, server: await bench.startServer(spec) };
          await warmUp(bench, current.server, probeFile, entry);
        }
        const rate = 0.5 * entry.capacityPerSec;
        const probe = await bench.measure(current.server, probeScenario(probeFile, rate, 2).scenario);
        const cost = probe.hygiene.serverCpuPerHandshakeSec;
        if (cost !== null) {
          const factor = cost / costAt(entry.full, rate);
          entry = scaleCalibration(entry, factor);
          drift.push({ experiment: plan.id, server: plan.server, calibration: entry.key, factor, capacityPerSec: entry.capacityPerSec });
          log(`drift probe for ${plan.id} ${plan.server}: ${(cost * 1000).toFixed(3)} ms/hs at ${rate.toFixed(0)}/s, costs ×${factor.toFixed(3)}, capacity ${entry.capacityPerSec.toFixed(0)}/s`);
        }
      }
      const planned = plan.points(entry?.capacityPerSec ?? null, options.quick);
      const repeatsOf = (point: PointPlan): number => (options.quick ? 1 : (point.repeats ?? plan.repeats ?? 1));
      const repeats = Math.max(1, ...planned.map(repeatsOf));
      const measured: MeasuredPoint[][] = planned.map(() => []);
      // Repeats are interleaved (pass by pass over the points) so that drift spreads over all points.
      for (let pass = 0; pass < repeats; pass++) {
        for (const [i, point] of planned.entries()) {
          if (pass >= repeatsOf(point)) continue;
          const measuredScenario = pointScenario(file, point.overrides);
          const spec = serverOf(measuredScenario, plan.certificate);
          const rotateAtSec = rotationsOf(measuredScenario);
          const stateful = spec.store.kind !== "none" || rotateAtSec.length > 0;
          const key = JSON.stringify(spec);
          if (current === null || current.key !== key || stateful || current.server.process.hasExited()) {
            await stopCurrent();
            current = { key, server: await bench.startServer(spec) };
            await warmUp(bench, current.server, file, entry);
          }
          log(`${plan.id} ${plan.server} ${point.label}${repeatsOf(point) > 1 ? ` (repeat ${pass + 1} of ${repeatsOf(point)})` : ""}: measuring`);
          const limits = plan.limits !== undefined || point.limits !== undefined ? { limits: { ...bench.limits, ...plan.limits, ...point.limits } } : {};
          const cpuMarksSec = point.driftWindow !== undefined ? [point.driftWindow.fromSec, point.driftWindow.toSec] : undefined;
          // Repeat k replays replication k's arrivals and clients; the prediction pairs with it (validate/paired.ts).
          const m = await bench.measure(current.server, measuredScenario.scenario, { rotateAtSec, replication: pass, ...(cpuMarksSec !== undefined ? { cpuMarksSec } : {}), ...(point.slowEpisodesFromPoint !== undefined ? { sampleServerRunTime: true } : {}), ...limits });
          measured[i]!.push(m);
          if (stateful) await stopCurrent();
          if (!m.valid) log(`  invalid: ${m.reasons.join("; ")}`);
        }
      }
      for (const [i, point] of planned.entries()) {
        const used = usable(measured[i]!).use;
        const pointCost = point.costFromPoint ? median(used.map((m) => m.hygiene.serverCpuPerHandshakeSec).filter((c): c is number => c !== null)) : null;
        const pointEntry = entry === null ? null : pointCalibration(entry, point, used);
        const clientCpu = point.clientCpuFromPoint ? median(used.map((m) => m.hygiene.clientCpuPerAttemptSec).filter((c): c is number => c !== null)) : null;
        const pauses = point.pausesFromPoint ? measuredPauses(used, clientCpu !== null) : null;
        // The calibrated client delay, rescaled by the generator's speed at this point (validate/clientDelay.ts).
        const client = pointEntry !== null && clientCpu !== null && clientCpu > 0 ? rescaleClientDelay(pointEntry, point.ratePerSec, clientCpu) : null;
        const warmupSec = pointScenario(file, point.overrides).scenario.run.warmupSec;
        const slow = point.slowEpisodesFromPoint !== undefined ? measuredSlowdowns(point, used, warmupSec) : null;
        const slowdowns = point.slowEpisodesFromPoint === "predict" ? slow : null;
        const costsWith = (fullCostSec: number | null) => pointEntry === null ? [] : costOverrides(client?.entry ?? pointEntry, point.ratePerSec, {
          ...(fullCostSec !== null ? { fullCostSec } : {}),
          ...(pauses !== null ? { lessSec: pauses.gcCpuPerHandshakeSec } : {}),
          ...(clientCpu !== null ? { clientCpuPerAttemptSec: clientCpu } : {}),
        });
        const costs = costsWith(pointCost !== null ? pointCost / (slowdowns?.costDivisor ?? 1) : null);
        const predictionOverrides = [...point.overrides, ...costs, ...(pauses?.overrides ?? []), ...(slowdowns?.override ? [slowdowns.override] : []), `run.replications=${Math.max(replications, repeatsOf(point))}`];
        const predictedScenario = pointScenario(file, predictionOverrides).scenario;
        const predicted = runScenario(predictedScenario);
        // "replay": each repeat's replication predicted with that repeat's own speed trace, its
        // handshake cost at the repeat's median window cost (validate/measure/slowdowns.ts cpuTraceOverride).
        // ... and, when the client loop is modelled with the measured stalls, that repeat's own stalls at their times (pointInputs.ts ownStallsOverride).
        // ... and the server's helper-thread bursts at their times, as blocking work (measure/helperBursts.ts).
        const ownStalls = (m: MeasuredPoint) => (pauses !== null && clientCpu !== null ? [ownStallsOverride(m)] : []);
        const ownBursts = (j: number) => (slow!.helperBursts[j]!.length > 0 ? [blockingWorkAtOverride(slow!.helperBursts[j]!)] : []);
        const repeatOverrides = point.slowEpisodesFromPoint === "replay" && slow !== null && pointEntry !== null ? used.map((m, j) => ({ replication: m.replication, overrides: [...replayOverrides(slow.perRepeat[j]!, costsWith, warmupSec, slow.allThreadsFactors[j]!), ...ownStalls(m), ...ownBursts(j)] })) : null;
        for (const [j, e] of (repeatOverrides !== null ? slow!.perRepeat : []).entries()) if (typeof e === "string") log(`  repeat ${j + 1}: no speed trace (${e}); predicted with the point's cost`);
        // Each paired replication averaged over the draws the measurement did not share (validate/paired.ts).
        const own = repeatOverrides === null ? null : simulateOwnScenarios((r) => pointScenario(file, [...predictionOverrides, ...repeatOverrides.find((x) => x.replication === r)!.overrides]).scenario, used.map((m) => m.replication), pairedVariants);
        const pairedOn = own === null ? predicted : { ...predicted, perReplication: own.perReplication };
        const variants = own?.variants ?? simulateVariants(predictedScenario, used.map((m) => m.replication), pairedVariants);
        // What the traces did: the same comparison without them (validation.json points[].withoutTrace).
        const untraced = own === null ? null : { predicted, variants: simulateVariants(predictedScenario, used.map((m) => m.replication), pairedVariants) };
        const compared = comparePoint(point, measured[i]!, pairedOn, variants, untraced);
        points.push(...compared);
        runs.push({
          ...runRecord(point, measured[i]!, pairedOn, predictionOverrides, client?.factor ?? null),
          ...(slow !== null ? { slowEpisodes: slow.perRepeat.flatMap((e, j) => (typeof e === "string" ? [] : [episodeRecord(e, used[j]!.replication, slow.allThreadsFactors[j]!)])) } : {}),
          ...(repeatOverrides !== null ? { repeatOverrides } : {}),
        });
        log(`${plan.id} ${plan.server} ${point.label}: ${client?.factor != null ? `client delay ×${client.factor.toFixed(2)}; ` : ""}${compared.map((c) => `${c.metric} predicted ${fmt(c.predicted)} measured ${fmt(c.measured)}`).join("; ")}${compared[0]?.valid === false ? ` [invalid: ${compared[0].reason}]` : ""}`);
      }
    }
    await stopCurrent();
    if (claims && servers.includes("node")) {
      log("probing seed 000's Node session cache claim");
      nodeCache = await probeNodeCache(bench, files.get(CLAIM_FILES.node)!);
    }
    if (claims && servers.includes("nginx")) {
      log("probing seed 002's 1 MB = 4000 sessions claim");
      nginx1m = await probeNginx1m(bench, files.get(CLAIM_FILES.nginx)!);
    }
  } finally {
    await stopCurrent();
    await bench.close();
    releaseLock();
  }
  const foreign = runs.map((r) => r.hygiene.foreignCores);
  return {
    version: 1,
    generatedAt: new Date().toISOString(),
    quick: options.quick,
    servers,
    machine: machineInfo(),
    wallSec: (performance.now() - started) / 1000,
    foreignCores: { mean: foreign.length > 0 ? foreign.reduce((a, b) => a + b, 0) / foreign.length : 0, max: foreign.length > 0 ? Math.max(...foreign) : 0 },
    calibration: [...calibrations.values()],
    drift,
    points,
    verdicts: verdictsOf({ nodeCache, nginx1m, points }),
    runs,
    skipped,
  };
}

/**
 * Loads every experiment file (and the claim probes' files for `claimServers`) and checks every
 * point's scenario and real server, with a nominal capacity of 200/s; returns the files by name.
 * @throws ScenarioError or UnsupportedScenarioError for the first problem.
 */
export function preflight(dir: string, plans: readonly ExperimentPlan[], claimServers: readonly ServerName[], quick: boolean): Map<string, ExperimentFile> {
  const files = new Map<string, ExperimentFile>();
  const load = (name: string) => {
    if (!files.has(name)) files.set(name, loadExperimentFile(dir, name));
    return files.get(name)!;
  };
  for (const plan of plans) {
    if (plan.calibrateWith !== null) serverOf(pointScenario(load(plan.calibrateWith), []), plan.certificate);
    const file = load(plan.file);
    for (const point of plan.points(200, quick)) {
      const ps = pointScenario(file, point.overrides);
      serverOf(ps, plan.certificate);
      rotationsOf(ps);
    }
  }
  for (const s of claimServers) serverOf(pointScenario(load(CLAIM_FILES[s]), []));
  return files;
}

/** Ticket-key rotation times of a point (the only fleet event a real server is driven through). */
function rotationsOf(point: PointScenario): number[] {
  return point.scenario.events.map((e) => {
    if (e.kind !== "rotate-ticket-keys" || e.staggerSec > 0) throw new UnsupportedScenarioError(`${point.scenario.name}: events: only rotate-ticket-keys without stagger is run on a real server (got ${e.kind})`);
    return e.atSec;
  });
}

/** Distinct clients at a steady uniform rate for `durationSec`, no timeout, no retry: warm-ups and drift probes. */
function probeScenario(file: ExperimentFile, ratePerSec: number, durationSec: number): PointScenario {
  return pointScenario(file, ["load.arrivals=uniform", `load.rate=${rateText(ratePerSec)}`, `load.phases=[{at: ${durationSec}s, rate: 0/s}]`, "load.spikes=[]", "events=[]", `run.duration=${durationSec + 1}s`, "run.warmup=0s", "clients.population=1000000", "clients.timeout=none", "clients.retry.backoff=none", "clients.retry.maxAttempts=1"]);
}

/** One second of distinct clients at a moderate rate on a fresh server (JIT, caches), not measured. */
async function warmUp(bench: Bench, server: RealServer, file: ExperimentFile, entry: CalibrationEntry | null): Promise<void> {
  const rate = Math.min(200, entry !== null ? 0.3 * entry.capacityPerSec : 200);
  await bench.measure(server, probeScenario(file, rate, 1).scenario);
}

/** The measurements of a point that count: its valid repeats, or all of them (then the point is invalid). */
function usable(measured: readonly MeasuredPoint[]): { use: MeasuredPoint[]; valid: boolean; reason: string | null } {
  const valid = measured.filter((m) => m.valid);
  if (valid.length > 0) return { use: valid, valid: true, reason: null };
  return { use: [...measured], valid: false, reason: [...new Set(measured.flatMap((m) => m.reasons))].join("; ") };
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/** The compared values of a point: each measured value is the median over its usable repeats. */
function comparePoint(point: PointPlan, measured: readonly MeasuredPoint[], predicted: ScenarioResult, variants: ReadonlyMap<number, readonly ReplicationResult[]>, untraced: { predicted: ScenarioResult; variants: ReadonlyMap<number, readonly ReplicationResult[]> } | null = null): ValidationPoint[] {
  const { use, valid, reason } = usable(measured);
  return point.metrics.map((spec) => {
    const paired = pairedPrediction(spec, predicted, use.map((m) => m.replication), variants);
    const p = paired.value;
    const each = use.map((m) => metricValue(spec, m.summary as unknown as Record<string, number | null>, m.series));
    const values = each.filter((v): v is number => v !== null);
    const m = spec.kind === "recovery" && values.length < use.length ? null : median(values);
    const c = compareValues(p, m, spec.tolerance);
    const ci = spec.kind === "summary" ? predicted.metrics[spec.name] : undefined;
    return {
      experiment: point.experiment,
      server: point.server,
      label: point.label,
      offeredLoad: { ratePerSec: point.ratePerSec, fractionOfCapacity: point.loadFraction },
      metric: spec.name,
      unit: unitOfMetric(spec),
      predicted: p,
      predictedRange: paired.range,
      predictedExpected: paired.expected,
      // Every compared metric is a latency, rate, count or fraction, never negative: a Student-t
      // interval over few replications can reach below 0 and is clipped there.
      predictedCi: ci !== undefined && ci.n > 1 ? [Math.max(0, ci.lower), ci.upper] : null,
      ...(untraced !== null ? { withoutTrace: withoutTrace(spec, untraced, use.map((u) => u.replication), m) } : {}),
      measured: m,
      measuredRange: values.length > 1 ? [Math.min(...values), Math.max(...values)] : null,
      repeats: { measured: measured.length, used: use.length },
      perRepeat: use.map((u, i) => ({ replication: u.replication, measured: each[i] ?? null, predicted: paired.byReplication[i] ?? null })),
      ...(spec.kind === "recovery" ? { predictedDefined: paired.defined } : {}),
      relativeError: c.relativeError,
      absoluteError: c.absoluteError,
      tolerance: spec.tolerance,
      withinTolerance: c.withinTolerance,
      valid,
      reason,
    };
  });
}

/** The paired prediction of `spec` on `untraced` and how it compares with the measured value. */
function withoutTrace(spec: PointPlan["metrics"][number], untraced: { predicted: ScenarioResult; variants: ReadonlyMap<number, readonly ReplicationResult[]> }, replications: number[], measured: number | null): NonNullable<ValidationPoint["withoutTrace"]> {
  const value = pairedPrediction(spec, untraced.predicted, replications, untraced.variants).value;
  const c = compareValues(value, measured, spec.tolerance);
  return { predicted: value, relativeError: c.relativeError, withinTolerance: c.withinTolerance };
}

function runRecord(point: PointPlan, measured: readonly MeasuredPoint[], predicted: ScenarioResult, predictionOverrides: string[], clientDelayFactor: number | null): PointRunRecord {
  const { use, valid, reason } = usable(measured);
  const first = use[0]!;
  // The chart's predicted series is the replication the charted measurement replayed (comparePoint
  // has already refused a point whose replications were not all simulated).
  const predictedSeries = commonSeriesOf(predicted.perReplication.find((r) => r.replication === first.replication)!.series);
  return {
    experiment: point.experiment,
    server: point.server,
    label: point.label,
    file: point.file,
    overrides: point.overrides,
    predictionOverrides,
    clientDelayFactor,
    ratePerSec: point.ratePerSec,
    loadFraction: point.loadFraction,
    valid,
    reasons: reason === null ? [] : reason.split("; "),
    repeats: { measured: measured.length, used: use.length },
    hygiene: first.hygiene,
    allHygiene: measured.map((m) => m.hygiene),
    measuredSeries: point.timeline ? first.series : null,
    predictedSeries: point.timeline ? predictedSeries : null,
  };
}

function fmt(x: number | null): string {
  return x === null ? "—" : Math.abs(x) < 10 ? x.toPrecision(3) : x.toFixed(0);
}

/**
 * The overrides a repeat's own prediction appends to the point's ("replay"): the full handshake's
 * cost at the repeat's median window cost times `allThreads` (its whole CPU over its main threads'
 * run time, validate/pointInputs.ts allThreadsFactor), and its window costs over that median as
 * fleet.cpuTrace from the end of the warm-up. None for a repeat without a reading (`reading` is
 * then its reason).
 */
export function replayOverrides(reading: SlowEpisodes | string, costsWith: (fullCostSec: number) => string[], warmupSec: number, allThreads = 1): string[] {
  if (typeof reading === "string") return [];
  return [...costsWith(reading.normalCostSec * allThreads).filter((o) => o.startsWith("fleet.handshake.full.")), cpuTraceOverride(reading, warmupSec)];
}

/**
 * The calibration a point is predicted with: `entry` (rescaled by the experiment's drift probe), or,
 * for a point with a {@link PointPlan.driftWindow}, `entry` rescaled again by the ratio of the CPU
 * per handshake measured over that window (median over the usable repeats) to the curve's cost at
 * the window's rate. Unchanged when no repeat has the window's CPU marks.
 */
export function pointCalibration(entry: CalibrationEntry, point: Pick<PointPlan, "driftWindow">, used: readonly Pick<MeasuredPoint, "records" | "serverCpuMarks">[]): CalibrationEntry {
  const w = point.driftWindow;
  if (w === undefined) return entry;
  const cost = median(used.map((m) => windowCostSec(m, w.fromSec, w.toSec)).filter((c): c is number => c !== null));
  return cost === null ? entry : scaleCalibration(entry, cost / costAt(entry.full, w.ratePerSec));
}
