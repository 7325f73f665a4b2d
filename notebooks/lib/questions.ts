/**
 * The notebook pages' questions as runs: each function maps the values of a page's controls to
 * the {@link RunSpec}s (preset + `--set` overrides) that answer it, so that what the page
 * simulates and the command it prints are one and the same. Only overrides that differ from the
 * preset are added, so a page at its defaults prints the preset's own command.
 * Pure and browser-safe. Preset defaults quoted here are those of models/scenarios/*.yaml.
 */
import { requireParam } from "../sim/errors.js";
import { durationText, type RunSpec, type SweepSpec } from "./command.js";

/** Seed and replications of a view (the page's "run settings"). */
export interface RunSettings {
  seed: number;
  replications: number;
}

function integerIn(value: number, path: string, lo: number, hi: number): void {
  requireParam(Number.isSafeInteger(value) && value >= lo && value <= hi, path, `an integer in [${lo}, ${hi}]`, value);
}

function numberIn(value: number, path: string, lo: number, hi: number): void {
  requireParam(Number.isFinite(value) && value >= lo && value <= hi, path, `a number in [${lo}, ${hi}]`, value);
}

/** Decimal text of a number without float noise (0.30000000000000004 → "0.3"). */
function num(x: number): string {
  return String(Number(x.toPrecision(10)));
}

// ---- Page 2: the "100-connection wall" (seed 000) ----------------------------------------

/** Controls of the session-wall page. */
export interface SessionWallView extends RunSettings {
  /** Reconnecting clients (load.persistent.count; preset 300). */
  clients: number;
  /** Entries of the article's session store (tickets off, FIFO eviction). */
  storeCapacityEntries: number;
  /** Client timeout per attempt in seconds (preset 10). */
  timeoutSec: number;
}

/** Client counts the session-wall sweeps run. */
export const SESSION_WALL_CLIENTS: readonly number[] = [50, 100, 200, 300, 500, 1000, 2000, 5000];

/** The two models of the page: what Node does, and what the article thought it does. */
export const SESSION_WALL_MODELS = ["Node: tickets", "article: FIFO store"] as const;

function sessionWallSets(v: SessionWallView, model: "node" | "article", withClients: boolean): string[] {
  integerIn(v.clients, "sessionWall.clients", 1, 100_000);
  integerIn(v.storeCapacityEntries, "sessionWall.storeCapacityEntries", 1, 10_000_000);
  numberIn(v.timeoutSec, "sessionWall.timeoutSec", 0.001, 3600);
  const sets: string[] = [];
  if (model === "article") {
    sets.push("fleet.tickets.enabled=false", "fleet.sessionCache.scope=instance", "fleet.sessionCache.eviction=fifo", `fleet.sessionCache.capacity=${v.storeCapacityEntries}`);
  }
  if (v.timeoutSec !== 10) sets.push(`clients.timeout=${durationText(v.timeoutSec)}`);
  if (withClients && v.clients !== 300) sets.push(`load.persistent.count=${v.clients}`);
  return sets;
}

/**
 * The page's runs at its client count: the article's model first (its command is the page's
 * headline), then Node's defaults. @throws RangeError naming a bad control value.
 */
export function sessionWallRuns(v: SessionWallView): { article: RunSpec; node: RunSpec } {
  const make = (model: "node" | "article"): RunSpec => ({
    label: model === "node" ? SESSION_WALL_MODELS[0] : SESSION_WALL_MODELS[1],
    preset: "node-session-wall",
    sets: sessionWallSets(v, model, true),
    seed: v.seed,
    replications: v.replications,
  });
  return { article: make("article"), node: make("node") };
}

/** Both models swept over {@link SESSION_WALL_CLIENTS} with the view's other settings. @throws RangeError naming a bad control value. */
export function sessionWallSweeps(v: SessionWallView): { article: SweepSpec; node: SweepSpec } {
  const runs = sessionWallRuns(v);
  const vary = { path: "load.persistent.count", values: SESSION_WALL_CLIENTS.map(String) };
  return {
    article: { ...runs.article, sets: sessionWallSets(v, "article", false), vary },
    node: { ...runs.node, sets: sessionWallSets(v, "node", false), vary },
  };
}

// ---- Page 3: load-balancer handshake storm (seed 001) ------------------------------------

/** Controls of the storm page. */
export interface StormView extends RunSettings {
  /** Client timeout per attempt, seconds (preset 10). */
  timeoutSec: number;
  /** "preset": exponential backoff 1 s × 2 up to 8 s with full jitter; "immediate"; "none" (no retry). */
  retry: "preset" | "immediate" | "none";
  /** Attempts including the first (preset 3); ignored with retry "none". */
  maxAttempts: number;
  /** Share of requests still on kept-alive connections during phase 2 (preset 0: the demo forces new connections). */
  phase2ReuseFraction: number;
  /** Circuit breaker that trips when half the handshakes in a 1 s window take over 500 ms (the preset's variant). */
  breaker: boolean;
  /** Pre-warming: open {@link STORM_PREWARM_CONNECTIONS} connections over the 6 s before phase 2. */
  prewarm: boolean;
}

/** Connections the storm page's pre-warming opens (from 14 s to 20 s: 1,000/s on top of the 750/s base). */
export const STORM_PREWARM_CONNECTIONS = 6000;

/** The phases of the storm demo in the preset: reuse 90 %, forced new connections (20–35 s), recovery. */
export const STORM_PHASES = [
  { label: "1 · connections reused", fromSec: 0, toSec: 20 },
  { label: "2 · forced new connections", fromSec: 20, toSec: 35 },
  { label: "3 · recovery", fromSec: 35, toSec: 60 },
] as const;

/** The storm view's run. @throws RangeError naming a bad control value. */
export function stormRun(v: StormView): RunSpec {
  numberIn(v.timeoutSec, "storm.timeoutSec", 0.001, 3600);
  requireParam(["preset", "immediate", "none"].includes(v.retry), "storm.retry", '"preset", "immediate" or "none"', v.retry);
  integerIn(v.maxAttempts, "storm.maxAttempts", 2, 20);
  numberIn(v.phase2ReuseFraction, "storm.phase2ReuseFraction", 0, 1);
  const sets: string[] = [];
  if (v.timeoutSec !== 10) sets.push(`clients.timeout=${durationText(v.timeoutSec)}`);
  if (v.retry === "none") sets.push("clients.retry={backoff: none}");
  else if (v.retry === "immediate") sets.push(`clients.retry={backoff: immediate, maxAttempts: ${v.maxAttempts}}`);
  else if (v.maxAttempts !== 3) sets.push(`clients.retry.maxAttempts=${v.maxAttempts}`);
  if (v.phase2ReuseFraction !== 0) sets.push(`load.reuseWindows[0].fraction=${num(v.phase2ReuseFraction)}`);
  if (v.breaker) sets.push("fleet.admission.circuitBreaker={latencyThreshold: 500ms, window: 1s}");
  if (v.prewarm) sets.push(`load.prewarm=[{at: 14s, over: 6s, connections: ${STORM_PREWARM_CONNECTIONS}}]`);
  return { label: "storm", preset: "lb-handshake-storm", sets, seed: v.seed, replications: v.replications };
}

// ---- Page 4: nginx handshake CPU saturation (seed 002) ------------------------------------

/** Controls of the nginx page. */
export interface NginxView extends RunSettings {
  /** worker_processes (preset 2). */
  workers: number;
  /** ssl_session_cache: shared:SSL (instance), builtin per worker (worker) or off (none). */
  cache: "instance" | "worker" | "none";
  /** Cache size in KiB (preset 1024 = 1m). */
  cacheSizeKiB: number;
  /** ssl_session_tickets (preset on). */
  tickets: boolean;
  /** TLS 1.2 with RSA-2048 (preset) or TLS 1.3 with ECDSA P-256. */
  stack: "tls12-rsa" | "tls13-ecdsa";
  /** Share of requests on kept-alive connections (preset 0). */
  reuseFraction: number;
  /** Distinct clients (preset 1,000,000: nearly every connection is a first visit). */
  population: number;
  /** Base new-connection rate per second (preset 3400; the spike to 4500/s at 20–30 s stays). */
  ratePerSec: number;
}

/** The nginx view's run (40 s instead of 60 s, to answer within a second or two). @throws RangeError naming a bad control value. */
export function nginxRun(v: NginxView): RunSpec {
  integerIn(v.workers, "nginx.workers", 1, 64);
  requireParam(["instance", "worker", "none"].includes(v.cache), "nginx.cache", '"instance", "worker" or "none"', v.cache);
  integerIn(v.cacheSizeKiB, "nginx.cacheSizeKiB", 1, 16 * 1024 * 1024);
  requireParam(v.stack === "tls12-rsa" || v.stack === "tls13-ecdsa", "nginx.stack", '"tls12-rsa" or "tls13-ecdsa"', v.stack);
  numberIn(v.reuseFraction, "nginx.reuseFraction", 0, 1);
  integerIn(v.population, "nginx.population", 1, 2 ** 31 - 1);
  numberIn(v.ratePerSec, "nginx.ratePerSec", 1, 1e6);
  const sets: string[] = [];
  if (v.workers !== 2) sets.push(`fleet.workers=${v.workers}`);
  if (v.cache === "none") sets.push("fleet.sessionCache={scope: none}");
  else if (v.cache === "worker") sets.push(`fleet.sessionCache={scope: worker, size: ${v.cacheSizeKiB}k}`);
  else if (v.cacheSizeKiB !== 1024) sets.push(`fleet.sessionCache.size=${v.cacheSizeKiB}k`);
  if (!v.tickets) sets.push("fleet.tickets.enabled=false");
  if (v.stack === "tls13-ecdsa") sets.push("fleet.tls=1.3", "fleet.certificate=ecdsa-p256");
  if (v.reuseFraction !== 0) sets.push(`load.reuse=${num(v.reuseFraction)}`);
  if (v.population !== 1_000_000) sets.push(`clients.population=${v.population}`);
  if (v.ratePerSec !== 3400) sets.push(`load.rate=${num(v.ratePerSec)}/s`);
  return { label: "nginx", preset: "nginx-cpu-saturation", sets, duration: "40s", seed: v.seed, replications: v.replications };
}

/** Session-cache sizing for a new-session rate: the article's rule against the measured density. */
export interface CacheSizing {
  /** Sessions alive at once: min(population, rate × timeout) (each full handshake stores a session for `timeoutSec`). */
  sessions: number;
  /** The article's "rate × timeout / 4000" in MiB. */
  articleMiB: number;
  /** What the measured density needs: 2,650 TLS 1.2 sessions per MiB; TLS 1.3 stores 2 entries per client (tls-ground-truth §3). */
  measuredMiB: number;
}

/**
 * Cache size for `ratePerSec` new sessions per second kept `timeoutSec` (nginx ssl_session_timeout, 300 s default).
 * @throws RangeError for non-positive or non-finite inputs.
 * Sources: seed 002 (the article's 4,000 sessions per MB); measured 2,650 per MiB, tls-ground-truth.md §3.
 */
export function cacheSizing(options: { ratePerSec: number; timeoutSec: number; population: number; tls: "1.2" | "1.3" }): CacheSizing {
  numberIn(options.ratePerSec, "cacheSizing.ratePerSec", 1e-9, 1e9);
  numberIn(options.timeoutSec, "cacheSizing.timeoutSec", 1e-9, 1e9);
  numberIn(options.population, "cacheSizing.population", 1, 2 ** 31);
  const sessions = Math.min(options.population, options.ratePerSec * options.timeoutSec);
  const entriesPerSession = options.tls === "1.3" ? 2 : 1;
  return { sessions, articleMiB: (options.ratePerSec * options.timeoutSec) / 4000, measuredMiB: (sessions * entriesPerSession) / 2650 };
}

// ---- Page 5: cluster session sharing (seed 003) --------------------------------------------

/** Worker counts of the cluster page's sweep. */
export const CLUSTER_WORKERS: readonly number[] = [1, 2, 4, 8, 16];

/** Controls of the cluster page. */
export interface ClusterView extends RunSettings {
  /** Distinct clients (preset 2,000). */
  population: number;
  /** Ticket keys: shared by the cluster (today's node:cluster) or one per worker (Node v0.10, #5871). */
  ticketKeys: "instance" | "worker";
}

/** The three configurations of the cluster page, each a sweep over {@link CLUSTER_WORKERS} (20 s runs). @throws RangeError naming a bad control value. */
export function clusterSweeps(v: ClusterView): SweepSpec[] {
  integerIn(v.population, "cluster.population", 1, 2 ** 31 - 1);
  requireParam(v.ticketKeys === "instance" || v.ticketKeys === "worker", "cluster.ticketKeys", '"instance" or "worker"', v.ticketKeys);
  const common = v.population !== 2000 ? [`clients.population=${v.population}`] : [];
  const vary = { path: "fleet.workers", values: CLUSTER_WORKERS.map(String) };
  const make = (label: string, sets: string[]): SweepSpec => ({ label, preset: "node-cluster-sessions", sets: [...common, ...sets], duration: "20s", seed: v.seed, replications: v.replications, vary });
  return [
    make("per-process store", []),
    make("shared store", ["fleet.sessionCache.scope=instance"]),
    make("tickets", ["fleet.tickets.enabled=true", ...(v.ticketKeys === "worker" ? ["fleet.tickets.keyScope=worker"] : [])]),
  ];
}

// ---- Page 9: theory check --------------------------------------------------------------------------

/** Utilizations ρ the theory page sweeps. */
export const THEORY_RHOS: readonly number[] = [0.3, 0.5, 0.7, 0.8, 0.9];

/** Controls of the theory page (mmc-baseline: Poisson arrivals, FIFO, no RTT, mean service 1 ms). */
export interface TheoryView extends RunSettings {
  /** Servers c (workers sharing one accept queue). */
  servers: number;
  /** Service time distribution with mean 1 ms: exponential (M/M/c), constant (M/D/c) or gamma with `cv`. */
  service: "exponential" | "constant" | "gamma";
  /** Coefficient of variation for gamma service. */
  cv: number;
}

/** Mean service time of the theory page's queue (the preset's exponential 1 ms). */
export const THEORY_MEAN_SERVICE_SEC = 0.001;

/** The service time's coefficient of variation for a theory view (exponential 1, constant 0). */
export function theoryServiceCv(v: TheoryView): number {
  return v.service === "exponential" ? 1 : v.service === "constant" ? 0 : v.cv;
}

/**
 * The theory page's sweep: load.rate at each ρ in {@link THEORY_RHOS} (λ = ρ·c / 1 ms), 20 s runs
 * with the preset's 5 s warm-up. The x values of the chart are the ρ.
 * @throws RangeError naming a bad control value.
 */
export function theorySweep(v: TheoryView): SweepSpec & { rhos: readonly number[] } {
  integerIn(v.servers, "theory.servers", 1, 64);
  requireParam(["exponential", "constant", "gamma"].includes(v.service), "theory.service", '"exponential", "constant" or "gamma"', v.service);
  if (v.service === "gamma") numberIn(v.cv, "theory.cv", 0.05, 4);
  const sets: string[] = [];
  if (v.servers !== 4) sets.push(`fleet.workers=${v.servers}`);
  if (v.service === "constant") sets.push("fleet.handshake.full.cpu={constant: 1ms}");
  if (v.service === "gamma") sets.push(`fleet.handshake.full.cpu={gamma: {mean: 1ms, cv: ${num(v.cv)}}}`);
  const rates = THEORY_RHOS.map((rho) => `${num((rho * v.servers) / THEORY_MEAN_SERVICE_SEC)}/s`);
  return { label: "theory", preset: "mmc-baseline", sets, duration: "20s", seed: v.seed, replications: v.replications, vary: { path: "load.rate", values: rates }, rhos: THEORY_RHOS };
}
