import { describe, expect, test } from "vitest";
import { runScenario } from "../../models/run.js";
import { loadPreset } from "../../models/scenarios/index.js";
import { recoveryAfter } from "../../notebooks/lib/analysis.js";
import { runOverrides, type RunSpec } from "../../notebooks/lib/command.js";
import { retryStormRuns, RETRY_STRATEGIES, rotationRuns, STORM_SPIKE_AT_SEC, type RetryStormView, type RotationView } from "../../notebooks/lib/disruptions.js";

const load = (spec: RunSpec) => loadPreset(spec.preset, runOverrides(spec));
const settings = { seed: 1, replications: 1 };

describe("page 6: rotation", () => {
  const base: RotationView = { event: "rotate-ticket-keys", staggerSec: 10, instances: 3, graceKeys: 0, sessionCache: false, ratePerSec: 7000, ...settings };

  test("the two runs differ only in the event's stagger, and both load on a sticky fleet without a cache", () => {
    const { atOnce, staggered } = rotationRuns(base);
    expect(atOnce.sets.slice(0, -1)).toEqual(staggered.sets.slice(0, -1));
    expect(atOnce.sets.at(-1)).toBe("events=[{kind: rotate-ticket-keys, at: 20s}]");
    expect(staggered.sets.at(-1)).toBe("events=[{kind: rotate-ticket-keys, at: 20s, stagger: 10s}]");
    const s = load(staggered);
    expect(s.events).toEqual([{ kind: "rotate-ticket-keys", atSec: 20, staggerSec: 10 }]);
    expect(s.fleet).toMatchObject({ instances: 3, workersPerInstance: 1, balancer: "sticky" });
    expect(s.fleet.sessionCache.scope).toBe("none");
    expect(s.load.spikes).toEqual([]);
  });

  test("certificate rotation, grace keys and the shared cache load as chosen", () => {
    const s = load(rotationRuns({ ...base, event: "rotate-certificate", graceKeys: 1, sessionCache: true }).atOnce);
    expect(s.events[0]!.kind).toBe("rotate-certificate");
    expect(s.fleet.tickets.graceKeys).toBe(1);
    expect(s.fleet.sessionCache.scope).toBe("instance");
  });

  test("a stagger over 25 s or a fractional instance count is refused", () => {
    expect(() => rotationRuns({ ...base, staggerSec: 30 })).toThrow(/rotation\.staggerSec/);
    expect(() => rotationRuns({ ...base, instances: 2.5 })).toThrow(/rotation\.instances/);
  });
});

describe("page 7: retry storms", () => {
  const base: RetryStormView = { baseLoadFraction: 0.85, spikeRatePerSec: 1500, spikeSec: 3, timeoutMs: 200, maxAttempts: 8, ...settings };

  test("one run per strategy, in order, each a valid one-worker scenario with the spike and timeout", () => {
    const runs = retryStormRuns(base);
    expect(runs.map((r) => r.strategy)).toEqual([...RETRY_STRATEGIES]);
    for (const { spec } of runs) {
      const s = load(spec);
      expect(s.fleet.workersPerInstance).toBe(1);
      expect(s.load.spikes).toEqual([{ atSec: STORM_SPIKE_AT_SEC, forSec: 3, ratePerSec: 1500 }]);
      expect(s.clients.timeoutSec).toBe(0.2);
      expect(s.load.ratePerSec).toBe(850);
    }
    const byName = Object.fromEntries(runs.map((r) => [r.strategy, load(r.spec)]));
    expect(byName["no retries"]!.clients.retry.maxAttempts).toBe(1);
    expect(byName["retry budget"]!.clients.retry.budget).not.toBeNull();
    expect(byName["circuit breaker"]!.fleet.admission.circuitBreaker?.queueDepthThreshold).toBe(100);
    expect(byName["backoff + jitter"]!.clients.retry.jitter).toBe("full");
  });

  test("at the page's defaults the spike alone recovers, immediate retries stay overloaded after it, and the retry budget brings the system back", () => {
    const runs = Object.fromEntries(retryStormRuns(base).map((r) => [r.strategy, r.spec]));
    const recovery = (name: string) => recoveryAfter(runScenario(load(runs[name]!)).series, { baseline: { fromSec: 0, toSec: STORM_SPIKE_AT_SEC }, endSec: STORM_SPIKE_AT_SEC + 3 });
    expect(recovery("no retries").recovered).toBe(true);
    expect(recovery("immediate retries").recovered).toBe(false);
    expect(recovery("retry budget").recovered).toBe(true);
  });

  test("out-of-range controls are refused with the control's path", () => {
    expect(() => retryStormRuns({ ...base, baseLoadFraction: 1 })).toThrow(/retryStorm\.baseLoadFraction/);
    expect(() => retryStormRuns({ ...base, maxAttempts: 1 })).toThrow(/retryStorm\.maxAttempts/);
    expect(() => retryStormRuns({ ...base, timeoutMs: 0.5 })).toThrow(/retryStorm\.timeoutMs/);
  });
});
