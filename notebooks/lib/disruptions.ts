/**
 * The disruption pages' questions as runs (see questions.ts for the convention): ticket-key and
 * certificate rotation (page 6) and retry storms (page 7). Neither has a preset of its own, so
 * each is a preset plus the overrides that build the situation; the page prints them in full.
 * Pure and browser-safe.
 */
import { requireParam } from "../sim/errors.js";
import { durationText, type RunSpec } from "./command.js";
import type { RunSettings } from "./questions.js";

function integerIn(value: number, path: string, lo: number, hi: number): void {
  requireParam(Number.isSafeInteger(value) && value >= lo && value <= hi, path, `an integer in [${lo}, ${hi}]`, value);
}

function numberIn(value: number, path: string, lo: number, hi: number): void {
  requireParam(Number.isFinite(value) && value >= lo && value <= hi, path, `a number in [${lo}, ${hi}]`, value);
}

// ---- Page 6: rotation -------------------------------------------------------------------------

/** When the rotation page's event happens (s); runs last 45 s with 5 s of warm-up. */
export const ROTATION_AT_SEC = 20;

/** Controls of the rotation page. */
export interface RotationView extends RunSettings {
  /** Ticket keys only, or a certificate rotation (nginx reload: new ticket keys and restarted workers unless key files are used). */
  event: "rotate-ticket-keys" | "rotate-certificate";
  /** Spread across instances over this many seconds (the staggered run). */
  staggerSec: number;
  /** Instances behind a sticky balancer, one worker each. */
  instances: number;
  /** Previous ticket keys still accepted after a rotation (nginx key list [new, old]: 1). */
  graceKeys: number;
  /** Keep nginx's shared session cache (1m) as a second way to resume. */
  sessionCache: boolean;
  /** New connections per second (20,000 returning clients). */
  ratePerSec: number;
}

function rotationSets(v: RotationView, staggerSec: number): string[] {
  requireParam(v.event === "rotate-ticket-keys" || v.event === "rotate-certificate", "rotation.event", '"rotate-ticket-keys" or "rotate-certificate"', v.event);
  integerIn(v.instances, "rotation.instances", 1, 64);
  integerIn(v.graceKeys, "rotation.graceKeys", 0, 4);
  numberIn(v.ratePerSec, "rotation.ratePerSec", 1, 1e6);
  const sets = [
    "load.spikes=[]",
    `load.rate=${v.ratePerSec}/s`,
    "clients.population=20000",
    `fleet.instances=${v.instances}`,
    "fleet.workers=1",
    "fleet.balancer=sticky",
  ];
  if (!v.sessionCache) sets.push("fleet.sessionCache={scope: none}");
  if (v.graceKeys !== 0) sets.push(`fleet.tickets.graceKeys=${v.graceKeys}`);
  sets.push(`events=[{kind: ${v.event}, at: ${ROTATION_AT_SEC}s${staggerSec > 0 ? `, stagger: ${durationText(staggerSec)}` : ""}}]`);
  return sets;
}

/**
 * The rotation page's two runs: the event at once, and staggered over `staggerSec` (the same
 * run when staggerSec is 0). Base: nginx-cpu-saturation without its spike.
 * @throws RangeError naming a bad control value.
 */
export function rotationRuns(v: RotationView): { atOnce: RunSpec; staggered: RunSpec } {
  numberIn(v.staggerSec, "rotation.staggerSec", 0, 25);
  const make = (label: string, stagger: number): RunSpec => ({ label, preset: "nginx-cpu-saturation", sets: rotationSets(v, stagger), duration: "45s", seed: v.seed, replications: v.replications });
  return { atOnce: make("at once", 0), staggered: make(`staggered over ${durationText(v.staggerSec)}`, v.staggerSec) };
}

// ---- Page 7: retry storms -----------------------------------------------------------------------

/** When the retry-storm page's spike starts (s); runs last 40 s without warm-up. */
export const STORM_SPIKE_AT_SEC = 10;

/** Controls of the retry-storm page. */
export interface RetryStormView extends RunSettings {
  /** Base load as a share of the one worker's capacity (1,000 handshakes/s). */
  baseLoadFraction: number;
  /** Spike rate, new connections per second. */
  spikeRatePerSec: number;
  /** Spike length, seconds. */
  spikeSec: number;
  /** Client timeout per attempt, milliseconds. */
  timeoutMs: number;
  /** Attempts per connection including the first (with retries). */
  maxAttempts: number;
}

/** The strategies the retry-storm page compares, in chart order. */
export const RETRY_STRATEGIES = ["no retries", "immediate retries", "backoff + jitter", "retry budget", "circuit breaker"] as const;
/** One of {@link RETRY_STRATEGIES}. */
export type RetryStrategy = (typeof RETRY_STRATEGIES)[number];

/**
 * One run per strategy on an M/M/1-like server (mmc-baseline with 1 worker, exponential 1 ms,
 * an accept queue of 511): base load, a spike at {@link STORM_SPIKE_AT_SEC}, per-attempt timeout.
 * - no retries: the trigger alone; immediate retries: the storm;
 * - backoff + jitter: exponential 100 ms × 2 up to 5 s, full jitter (Brooker 2015);
 * - retry budget: immediate retries within a token bucket of 0.1 retry per first attempt plus 10/s (Finagle's form);
 * - circuit breaker: immediate retries, the server rejects new connections for 2 s when its queue reaches 100.
 * @throws RangeError naming a bad control value.
 */
export function retryStormRuns(v: RetryStormView): { strategy: RetryStrategy; spec: RunSpec }[] {
  numberIn(v.baseLoadFraction, "retryStorm.baseLoadFraction", 0.05, 0.99);
  numberIn(v.spikeRatePerSec, "retryStorm.spikeRatePerSec", 1, 100_000);
  numberIn(v.spikeSec, "retryStorm.spikeSec", 0.1, 20);
  integerIn(v.timeoutMs, "retryStorm.timeoutMs", 1, 60_000);
  integerIn(v.maxAttempts, "retryStorm.maxAttempts", 2, 20);
  const base = [
    "run.warmup=0s",
    `load.rate=${Math.round(v.baseLoadFraction * 1000)}/s`,
    `load.spikes=[{at: ${STORM_SPIKE_AT_SEC}s, for: ${durationText(v.spikeSec)}, rate: ${v.spikeRatePerSec}/s}]`,
    "fleet.workers=1",
    "fleet.listenBacklog=511",
    `clients.timeout=${v.timeoutMs}ms`,
  ];
  const n = v.maxAttempts;
  const retry: Record<RetryStrategy, string[]> = {
    "no retries": ["clients.retry={backoff: none}"],
    "immediate retries": [`clients.retry={backoff: immediate, maxAttempts: ${n}}`],
    "backoff + jitter": [`clients.retry={backoff: {exponential: {base: 100ms, multiplier: 2, cap: 5s}}, jitter: full, maxAttempts: ${n}}`],
    "retry budget": [`clients.retry={backoff: immediate, maxAttempts: ${n}, budget: {ratio: 0.1, minRetriesPerSec: 10}}`],
    "circuit breaker": [`clients.retry={backoff: immediate, maxAttempts: ${n}}`, "fleet.admission.circuitBreaker={queueDepthThreshold: 100, window: 1s, open: 2s}"],
  };
  return RETRY_STRATEGIES.map((strategy) => ({
    strategy,
    spec: { label: strategy, preset: "mmc-baseline", sets: [...base, ...retry[strategy]], duration: "40s", seed: v.seed, replications: v.replications },
  }));
}
