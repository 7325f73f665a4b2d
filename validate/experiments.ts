/**
 * The experiments of `shakedown validate`: which scenario file, at which loads and settings, with
 * which metrics compared and under which tolerance. Loads are fractions of the capacity measured
 * by the calibration of the file's server. `quick` is a subset sized to finish in under 3 minutes.
 * The scenario files (validate/experiments/*.yaml) say what each experiment shows and why.
 */
import { durationText, rateText } from "./experimentFile.js";
import { TOLERANCES, type MetricSpec } from "./metrics.js";
import type { HygieneLimits } from "./measure/point.js";
import type { CertificateKeyType } from "./servers/certs.js";

/** A real server kind. */
export type ServerName = "node" | "nginx";

/** One point of an experiment, before it runs. */
export interface PointPlan {
  experiment: string;
  server: ServerName;
  label: string;
  file: string;
  /** Scenario overrides of this point (rates, durations, settings; not the calibrated costs). */
  overrides: string[];
  /** Offered rate the calibrated costs are looked up at (handshakes/s), and as a fraction of capacity (null if not calibrated). */
  ratePerSec: number;
  loadFraction: number | null;
  metrics: MetricSpec[];
  /** Keep the per-window series for a chart. */
  timeline: boolean;
  /** Hygiene limits of this point, over the experiment's (e.g. overload points, whose latencies are hundreds of ms). */
  limits?: Partial<HygieneLimits>;
  /**
   * Predict with the server CPU per handshake measured during this point itself (median over its
   * usable repeats) rather than the calibration's curve: the cost at the very load and moment predicted,
   * immune to the machine's speed drifting between calibration and point. For steady full-handshake points only.
   */
  costFromPoint?: boolean;
  /**
   * The point's own drift probe: the server CPU per handshake measured over this window of the
   * point (median over its usable repeats; validate/measure/windowCost.ts), at the steady rate
   * `ratePerSec` offered then, rescales the calibration curve in place of the experiment's drift
   * probe. The curve keeps its shape (a server in overload spends less per handshake than below
   * it), so a storm's spike still gets the overload cost. For points with a steady window of
   * full handshakes (a storm's base load before its spike).
   */
  driftWindow?: { fromSec: number; toSec: number; ratePerSec: number };
  /**
   * Give the prediction the pauses measured at the point: the server's GC pauses as blocking work
   * (their CPU taken out of the handshake cost), and the generator's stalls as sender stalls, or as
   * pauses of the client loop when {@link clientCpuFromPoint} models it: see validate/measure/pauses.ts.
   */
  pausesFromPoint?: boolean;
  /**
   * Give the prediction's clients the load generator's CPU per attempt measured at the point, as
   * an event loop in tandem with the server (clients.cpu; split as validate/calibration.ts
   * costOverrides says). Then only generator stalls longer than {@link CLIENT_LOOP_STALL_SEC} are
   * given, as pauses of that loop (they hold up completions too): shorter late starts are the
   * client loop's own queueing, now modelled.
   */
  clientCpuFromPoint?: boolean;
  /**
   * The server's slow episodes measured at the point (its CPU per completed handshake window by
   * window: validate/measure/slowdowns.ts): "record" keeps them in validation.json
   * (runs[].slowEpisodes); "predict" also gives them to the prediction as fleet.slowdowns, pooled
   * over the repeats, with the handshake cost taken down so that the slowed work adds up to the
   * measured cost (needs costFromPoint); "replay" predicts each repeat's paired replication with that
   * repeat's own window costs as fleet.cpuTrace, from its median window cost (runner.ts replayOverrides).
   */
  slowEpisodesFromPoint?: "record" | "predict" | "replay";
  /** Measurements of this point in a full run, over the experiment's `repeats` (e.g. more for a stable p99). */
  repeats?: number;
}

/**
 * With the client loop modelled, a run of late starts counts as a generator stall only past this
 * (s): the generator spends about 1 ms of CPU per connection (docs/validation), so two pieces of its
 * own work queued ahead of a start make it up to ~2 ms late, and the model now produces that itself.
 */
export const CLIENT_LOOP_STALL_SEC = 0.002;

/** An experiment: a file, its server, whether it needs a calibration, and its points given the capacity. */
export interface ExperimentPlan {
  id: string;
  title: string;
  server: ServerName;
  file: string;
  /** Real key type when the file says `certificate: custom`. */
  certificate?: CertificateKeyType;
  /** Measurements per point in a full run (interleaved passes; the median of the valid ones is compared). Default 1; quick runs measure once. */
  repeats?: number;
  /** Hygiene limits that differ from the defaults for this experiment, with the reason in a comment where set. */
  limits?: Partial<HygieneLimits>;
  /** Calibration file (the server configuration whose costs and capacity the points use); null: model defaults. */
  calibrateWith: string | null;
  /** The points, given the calibrated capacity (or null) and the mode. */
  points(capacityPerSec: number | null, quick: boolean): PointPlan[];
}

const p50 = (tolerate: boolean): MetricSpec => ({ kind: "summary", name: "handshakeLatencyS.p50", tolerance: tolerate ? TOLERANCES.p50 : null });
const p99 = (tolerate: boolean): MetricSpec => ({ kind: "summary", name: "handshakeLatencyS.p99", tolerance: tolerate ? TOLERANCES.p99 : null });
const resumption: MetricSpec = { kind: "summary", name: "resumptionRate", tolerance: TOLERANCES.resumption };
const capacity = (fromSec: number, toSec: number): MetricSpec => ({ kind: "window", name: "capacityPerS", field: "goodputPerS", fromSec, toSec, tolerance: TOLERANCES.capacity });

function sweep(server: ServerName, file: string, certificate?: CertificateKeyType): ExperimentPlan {
  return {
    id: "load-sweep",
    title: `Load sweep, ${server}: latency from 20 % to 120 % of capacity, uniform and Poisson`,
    server,
    file,
    ...(certificate !== undefined ? { certificate } : {}),
    calibrateWith: file,
    // p99 varied 1.5-3x between runs of the same point (tls-ground-truth.md §10.5): three repeats, median compared.
    repeats: 3,
    points(cap, quick) {
      const c = cap ?? 100;
      const loads = quick ? [["uniform", 0.4], ["uniform", 0.8], ["poisson", 0.6], ["uniform", 1.15]] : [0.2, 0.4, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2].flatMap((f) => [["uniform", f], ["poisson", f]]);
      return loads.map(([arrivals, f]) => {
        const fraction = f as number;
        const offeredSec = quick ? 3 : 6;
        const drainSec = fraction >= 1 ? (quick ? 6 : 10) : 1;
        const metrics: MetricSpec[] = [p50(fraction <= 0.9), p99(fraction <= 0.9), { kind: "summary", name: "goodputPerS", tolerance: null }];
        if (fraction >= 1.1) metrics.push(capacity(2, offeredSec));
        return {
          experiment: "load-sweep",
          server,
          label: `${Math.round(fraction * 100)} % ${arrivals}`,
          file,
          overrides: [`load.arrivals=${arrivals}`, `load.rate=${rateText(fraction * c)}`, `load.phases=[{at: ${offeredSec}s, rate: 0/s}]`, `run.duration=${offeredSec + drainSec}s`, "run.warmup=1s"],
          ratePerSec: fraction * c,
          loadFraction: fraction,
          metrics,
          timeline: false,
          costFromPoint: true,
          // Below capacity the prediction gets the point's measured pauses (validate/measure/pauses.ts);
          // past it the generator's lateness is its own overload, not a stall to model.
          pausesFromPoint: fraction < 1,
          // The server's core runs at a speed that moves by 10-40 % within a point and between its
          // repeats (nginx at 60-80 %: 2.6 to 4.3 ms per handshake in one run). Each repeat's paired
          // replication replays that repeat's own window costs ("replay"): p99 held at 19 and 20 of
          // 24 points in the 08:00 and 08:36 runs, against 12 and 15 without the traces (medians 18
          // and 16, against 19 and 18). As a random process (pooled or per point, "predict") the
          // episodes did not help (docs/validation, item 3).
          ...(fraction < 1 ? { slowEpisodesFromPoint: "replay" as const } : {}),
          clientCpuFromPoint: true,
          // A p99 rests on the ~25 slowest of ~2,400 handshakes per repeat and moved 2-7x between runs
          // (docs/validation): the points judged against a tolerance get five repeats, the median compared.
          ...(fraction <= 0.9 ? { repeats: 5 } : {}),
          // At and past the knee latencies are tens to hundreds of ms and the generator holds many
          // more sockets: lateness is judged against 25 ms there (client CPU still against 0.85).
          ...(fraction >= 1 ? { limits: { maxLatenessP99Sec: 0.025 } } : {}),
        };
      });
    },
  };
}

const saturation: ExperimentPlan = {
  id: "saturation",
  title: "Past saturation: listen backlog overflow and SYN-retransmission latency modes",
  server: "node",
  file: "saturation.node.yaml",
  // Past saturation latencies are in hundreds of ms to seconds, and the generator juggles thousands of
  // sockets in SYN retransmission: lateness is judged against that scale (5 % of the ~1 s plateau).
  limits: { maxLatenessP99Sec: 0.05 },
  calibrateWith: "load-sweep.node.yaml",
  points(cap, quick) {
    const c = cap ?? 100;
    const variants: [number, number][] = quick ? [] : [[1.3, 511], [1.5, 511], [1.3, 128]];
    return variants.map(([f, backlog]) => ({
      experiment: "saturation",
      server: "node" as const,
      label: `${Math.round(f * 100)} %, backlog ${backlog}`,
      file: "saturation.node.yaml",
      overrides: [`load.rate=${rateText(f * c)}`, `fleet.listenBacklog=${backlog}`],
      ratePerSec: f * c,
      loadFraction: f,
      metrics: [p50(false), { kind: "summary", name: "handshakeLatencyS.p90", tolerance: null }, p99(false), capacity(2, 6)],
      timeline: true,
      costFromPoint: true,
    }));
  },
};

/** The retry storm's goodput during its spike, the value its recovery is explained by (validate/missWhy.ts). */
export const SPIKE_GOODPUT_METRIC = "goodputPerS.spike";

const stormVariants = [
  { label: "3 immediate retries", retry: ["clients.retry.backoff=immediate", "clients.retry.maxAttempts=4", "clients.retry.jitter=none"] },
  { label: "8 immediate retries", retry: ["clients.retry.backoff=immediate", "clients.retry.maxAttempts=9", "clients.retry.jitter=none"] },
  { label: "3 retries, exponential backoff 100 ms ×2 + full jitter", retry: ["clients.retry.backoff={exponential: {base: 100ms, multiplier: 2, cap: 1600ms}}", "clients.retry.maxAttempts=4", "clients.retry.jitter=full"] },
  // Contrasts that should recover: a retry budget (Finagle's defaults) caps retries near 20 % of first
  // attempts; a timeout above the accept-queue delay lets queued handshakes complete.
  { label: "3 immediate retries with a retry budget", retry: ["clients.retry.backoff=immediate", "clients.retry.maxAttempts=4", "clients.retry.jitter=none", "clients.retry.budget={ratio: 0.2, minRetriesPerSec: 10, maxTokens: 100}"] },
  { label: "3 immediate retries, timeout 2 s (above the queueing delay)", retry: ["clients.retry.backoff=immediate", "clients.retry.maxAttempts=4", "clients.retry.jitter=none", "clients.timeout=2s"] },
];

const retryStorm: ExperimentPlan = {
  id: "retry-storm",
  title: "Retry storm: 85 % base load, a 3 s spike to 150 %, 200 ms timeout",
  server: "node",
  file: "retry-storm.node.yaml",
  // Timed-out attempts retry together, so the generator starts them in bursts: lateness is judged
  // against the 200 ms timeout, the time scale of a storm (an eighth of it), not the 5 ms of latency points.
  limits: { maxLatenessP99Sec: 0.025 },
  calibrateWith: "load-sweep.node.yaml",
  points(cap, quick) {
    const c = cap ?? 100;
    const [spikeAt, after] = quick ? [3, 7] : [10, 17];
    const spikeEnd = spikeAt + 3;
    // Quick: 3 immediate retries (8 make about 9 attempts per connection, more than the Node generator starts on time).
    const variants = quick ? [stormVariants[0]!] : stormVariants;
    return variants.map((v) => ({
      experiment: "retry-storm",
      server: "node" as const,
      label: v.label,
      file: "retry-storm.node.yaml",
      overrides: [`load.rate=${rateText(0.85 * c)}`, `load.spikes=[{at: ${spikeAt}s, for: 3s, rate: ${rateText(1.5 * c)}}]`, `run.duration=${spikeEnd + after}s`, ...v.retry],
      ratePerSec: c,
      loadFraction: 0.85,
      // The base load before the spike is the storm's own drift probe: a 15 % error in the cost moves
      // the spike's goodput by 2x, and the storm's drift probe read 2-21 % above the probes around it (docs/validation).
      driftWindow: { fromSec: quick ? 1 : 2, toSec: spikeAt, ratePerSec: 0.85 * c },
      metrics: [
        { kind: "recovery", name: "recoverySec", fromSec: spikeEnd, tolerance: TOLERANCES.recovery },
        { kind: "window", name: SPIKE_GOODPUT_METRIC, field: "goodputPerS", fromSec: spikeAt, toSec: spikeEnd, tolerance: null },
        { kind: "window", name: "attemptsPerS.after", field: "attemptsPerS", fromSec: spikeEnd, toSec: spikeEnd + after, tolerance: null },
        { kind: "summary", name: "failures", tolerance: null },
      ],
      timeline: true,
    }));
  },
};

function rotation(server: ServerName, file: string, certificate?: CertificateKeyType): ExperimentPlan {
  return {
    id: "ticket-rotation",
    title: `Ticket-key rotation under load, ${server}: the full-handshake spike and its recovery`,
    server,
    file,
    ...(certificate !== undefined ? { certificate } : {}),
    calibrateWith: file,
    points(cap, quick) {
      if (quick) return [];
      const c = cap ?? 100;
      return [
        {
          experiment: "ticket-rotation",
          server,
          label: "rotation at 10 s, 60 % load",
          file,
          overrides: [`load.rate=${rateText(0.6 * c)}`],
          ratePerSec: 0.6 * c,
          loadFraction: 0.6,
          metrics: [
            { kind: "window", name: "resumptionRate.before", field: "resumptionRate", fromSec: 5, toSec: 10, tolerance: TOLERANCES.resumption },
            { kind: "window", name: "resumptionRate.first2s", field: "resumptionRate", fromSec: 10, toSec: 12, tolerance: TOLERANCES.resumption },
            { kind: "resumptionRecovery", name: "resumptionRecoverySec", fromSec: 10, tolerance: null },
            { kind: "window", name: "latencyP99.first2s", field: "latencyP99S", fromSec: 10, toSec: 12, tolerance: null },
          ],
          timeline: true,
        },
      ];
    },
  };
}

const threePhases: ExperimentPlan = {
  id: "three-phases",
  title: "Seed 001's demo: reuse → forced new connections → recovery",
  server: "node",
  file: "three-phases.node.yaml",
  // The overload phase makes the generator juggle thousands of sockets; its metrics are per phase and
  // the phase-2 latencies are in hundreds of ms: lateness is judged against 25 ms.
  limits: { maxLatenessP99Sec: 0.025 },
  calibrateWith: "load-sweep.node.yaml",
  points(cap, quick) {
    const c = cap ?? 100;
    // Phase 2 must outlast the time the 511-entry accept queue takes to fill at 30 % over capacity (511 / 0.3c, about 3.3 s here).
    const [l1, l2, l3] = quick ? [3, 6, 4] : [8, 10, 10];
    const starts = [0, l1, l1 + l2];
    const ends = [l1, l1 + l2, l1 + l2 + l3];
    const drain = 8;
    const window = (name: string, field: "latencyP50S" | "latencyP99S" | "resumptionRate", k: number): MetricSpec => ({ kind: "window", name: `${name}.phase${k + 1}`, field, fromSec: starts[k]! + 1, toSec: ends[k]!, tolerance: null });
    return [
      {
        experiment: "three-phases",
        server: "node",
        label: "30 % → 130 % → 30 %",
        file: "three-phases.node.yaml",
        overrides: [`load.rate=${rateText(0.3 * c)}`, `load.phases=[{at: ${starts[1]}s, rate: ${rateText(1.3 * c)}}, {at: ${starts[2]}s, rate: ${rateText(0.3 * c)}}, {at: ${ends[2]}s, rate: 0/s}]`, `run.duration=${ends[2]! + drain}s`],
        ratePerSec: c,
        loadFraction: null,
        metrics: [
          ...[0, 1, 2].flatMap((k) => [window("latencyP50", "latencyP50S", k), window("latencyP99", "latencyP99S", k), window("resumptionRate", "resumptionRate", k)]),
          { kind: "window", name: "latencyP99.max", field: "latencyP99S", fromSec: starts[1]!, toSec: ends[2]! + drain, aggregate: "max", tolerance: null },
          { kind: "window", name: "latencyP50.phase3end", field: "latencyP50S", fromSec: ends[2]! - 2, toSec: ends[2]!, tolerance: null },
        ],
        timeline: true,
      },
    ];
  },
};

/**
 * The resumption rate depends on the order in which clients return (kept exactly: the generator
 * starts connections in schedule order), not on when within a few ms they start: lateness is judged
 * against 50 ms here; generator CPU and other processes' CPU keep the default limits.
 */
const RESUMPTION_LIMITS: Partial<HygieneLimits> = { maxLatenessP99Sec: 0.05 };

function resumptionPoints(id: string, server: ServerName, file: string, settings: { label: string; overrides: string[] }[], ratePerSec: number, durations: { full: [number, number]; quick: [number, number] }, quick: boolean): PointPlan[] {
  const [duration, warmup] = quick ? durations.quick : durations.full;
  return settings.map((s) => ({
    experiment: id,
    server,
    label: s.label,
    file,
    overrides: [...s.overrides, `run.duration=${durationText(duration)}`, `run.warmup=${durationText(warmup)}`],
    ratePerSec,
    loadFraction: null,
    metrics: [resumption, p50(false)],
    timeline: false,
  }));
}

const nodeLru: ExperimentPlan = {
  id: "resumption",
  title: "Resumption against session-store capacity and client population",
  server: "node",
  file: "resumption.node-lru.yaml",
  limits: RESUMPTION_LIMITS,
  calibrateWith: null,
  points(_cap, quick) {
    const pops = quick ? [250, 1000] : [250, 500, 1000, 2000];
    const settings = pops.map((u) => ({ label: `Node LRU 500 entries, ${u} clients`, overrides: [`clients.population=${u}`] }));
    if (!quick) settings.push({ label: "Node LRU 2000 entries, 2000 clients", overrides: ["clients.population=2000", "fleet.sessionCache.capacity=2000"] });
    return resumptionPoints("resumption", "node", "resumption.node-lru.yaml", settings, 400, { full: [8, 2], quick: [6, 2] }, quick);
  },
};

const nginxShared: ExperimentPlan = {
  id: "resumption",
  title: "Resumption against session-store capacity and client population",
  server: "nginx",
  file: "resumption.nginx-shared.yaml",
  limits: RESUMPTION_LIMITS,
  calibrateWith: null,
  points(_cap, quick) {
    const pops = quick ? [4000] : [1500, 2500, 3500, 5000];
    const settings = pops.map((u) => ({ label: `nginx shared:SSL:1m, ${u} clients`, overrides: [`clients.population=${u}`] }));
    return resumptionPoints("resumption", "nginx", "resumption.nginx-shared.yaml", settings, 600, { full: [20, 8], quick: [12, 6] }, quick);
  },
};

const nginxBuiltin: ExperimentPlan = {
  id: "resumption",
  title: "Resumption against session-store capacity and client population",
  server: "nginx",
  file: "resumption.nginx-builtin.yaml",
  limits: RESUMPTION_LIMITS,
  calibrateWith: null,
  points(_cap, quick) {
    // Which worker takes a connection is the kernel's draw, not the schedule's: one 6 s repeat
    // resumed 48.0-51.6 % over eight runs of 2026-11-21/22 (a binomial spread of ±1.2 points), so
    // a full run measures three repeats and compares their median.
    return resumptionPoints("resumption", "nginx", "resumption.nginx-builtin.yaml", [{ label: "nginx builtin per worker, 2 workers, 300 clients", overrides: [] }], 300, { full: [6, 2], quick: [4, 1] }, quick).map((p) => ({ ...p, repeats: 3 }));
  },
};

/** Every experiment, in run order (grouped by server so each server configuration starts few times). */
export const EXPERIMENTS: readonly ExperimentPlan[] = [
  sweep("node", "load-sweep.node.yaml"),
  saturation,
  retryStorm,
  threePhases,
  nodeLru,
  rotation("node", "ticket-rotation.node.yaml"),
  sweep("nginx", "load-sweep.nginx.yaml", "rsa-3072"),
  nginxShared,
  nginxBuiltin,
  rotation("nginx", "ticket-rotation.nginx.yaml", "rsa-3072"),
];
