/**
 * Canonical scenarios built directly (without the file schema), so model tests do not depend on
 * the parser: an M/M/c-like edge (RTT 0, no cache, no tickets, no timeouts, exponential cost)
 * that each test adjusts with a deep partial override.
 */
import type { Scenario } from "../../models/scenario/types.js";

type DeepPartial<T> = { [K in keyof T]?: T[K] extends (infer U)[] ? U[] : T[K] extends object | null ? DeepPartial<NonNullable<T[K]>> | T[K] : T[K] };

/** M/M/c: λ = ratePerSec, exponential service of mean `serviceSec` on `workers` workers of one instance. */
export function mmcScenario(options: { ratePerSec: number; serviceSec: number; workers: number; durationSec?: number; warmupSec?: number; seed?: number; replications?: number }): Scenario {
  return {
    name: "test-mmc",
    description: "fixture",
    run: { durationSec: options.durationSec ?? 60, warmupSec: options.warmupSec ?? 5, seed: options.seed ?? 1, replications: options.replications ?? 1, windowSec: 1, confidenceLevel: 0.95 },
    network: { rttSec: 0 },
    load: { arrivals: "poisson", ratePerSec: options.ratePerSec, phases: [], ramps: [], spikes: [], reuseFraction: 0, reuseWindows: [], prewarm: [], persistent: null, senderStalls: null },
    clients: {
      population: 100_000,
      selection: { kind: "uniform" },
      timeoutSec: Infinity,
      retry: { backoff: { kind: "none" }, jitter: "none", maxAttempts: 1, budget: null },
      syn: { initialRtoSec: 1, synRetries: 6 },
      offerSessionId: true,
      offerTicket: true,
      cpu: null,
    },
    fleet: {
      instances: 1,
      balancer: "round-robin",
      workersPerInstance: options.workers,
      listenBacklog: 1_000_000,
      dispatch: "shared",
      abandonedWork: "do",
      tlsVersion: "1.3",
      certificate: "custom",
      handshake: {
        full: { cpuSec: { kind: "exponential", mean: options.serviceSec }, secondPhaseFraction: 0 },
        resumed: { cpuSec: { kind: "exponential", mean: options.serviceSec }, secondPhaseFraction: 0 },
      },
      requestCpuSec: null,
      blockingWork: null,
      blockingWorkAt: [],
      slowdowns: null,
      cpuTrace: null,
      sessionCache: { scope: "none", capacityEntries: 1000, entriesPerFullHandshake: 1, eviction: "lru", lifetimeSec: 300, lifetimeFrom: "creation", lookupSec: 0 },
      tickets: { enabled: false, keyScope: "instance", graceKeys: 0, lifetimeSec: 7200, renewOnResume: false, keysSurviveRestart: false },
      admission: { maxHandshakesPerWorker: Infinity, maxConnectionsPerInstance: Infinity, rejectCpuSec: 20e-6, circuitBreaker: null },
      restartDowntimeSec: 1,
    },
    events: [],
    slos: [],
  };
}

/** Deep-merges `patch` into a copy of `base` (arrays and non-plain values are replaced). */
export function withOverrides(base: Scenario, patch: DeepPartial<Scenario>): Scenario {
  const merge = (a: unknown, b: unknown): unknown => {
    if (b === undefined) return a;
    if (b === null || typeof b !== "object" || Array.isArray(b) || a === null || typeof a !== "object" || Array.isArray(a)) return b;
    const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
    for (const [k, v] of Object.entries(b as Record<string, unknown>)) out[k] = merge(out[k], v);
    return out;
  };
  return merge(structuredClone(base), patch) as Scenario;
}
