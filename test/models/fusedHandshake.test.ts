/**
 * Fused TLS 1.2 full handshakes (models/edge.ts, fuseFull): with RTT 0 the two CPU phases of a
 * full handshake run as one worker item when nothing can come between them. The fusion must not
 * change any result: the same scenario with fusion disabled (a restart event scheduled after the
 * run's end disables it and never fires) gives the same summary, up to floating-point rounding of
 * (t + a) + b against t + (a + b), with fewer engine events.
 */
import { describe, expect, test } from "vitest";
import { runReplication } from "../../models/run.js";
import { loadPreset } from "../../models/scenarios/index.js";
import type { Scenario } from "../../models/scenario/types.js";
import { mmcScenario, withOverrides } from "./fixtures.js";

const NEVER = { kind: "restart-workers" as const, atSec: 1e9, staggerSec: 0 };

function compareRuns(scenario: Scenario): { fusedEvents: number; plainEvents: number } {
  const fused = runReplication(scenario, 0);
  const plain = runReplication({ ...scenario, events: [...scenario.events, NEVER] }, 0);
  expect(fused.conservation).toEqual(plain.conservation);
  const a = fused.summary as unknown as Record<string, unknown>;
  const b = plain.summary as unknown as Record<string, unknown>;
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  for (const key of Object.keys(a)) {
    const x = a[key];
    const y = b[key];
    if (typeof x === "number" && typeof y === "number") expect(Math.abs(x - y), key).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(y)));
    else expect(x, key).toEqual(y);
  }
  return { fusedEvents: fused.events, plainEvents: plain.events };
}

describe("fused TLS 1.2 full handshakes", () => {
  test("lb-handshake-storm (overflows, SYN retransmits, timeouts, retries): the same summary, a quarter fewer events", () => {
    const { fusedEvents, plainEvents } = compareRuns(loadPreset("lb-handshake-storm"));
    expect(fusedEvents).toBeLessThan(plainEvents * 0.85);
  });

  test("clients that time out during either phase (overload, 50 ms timeout, immediate retries): the same summary, wasted CPU included", () => {
    const scenario = withOverrides(mmcScenario({ ratePerSec: 2600, serviceSec: 0.001, workers: 2, durationSec: 20, warmupSec: 2 }), {
      clients: { timeoutSec: 0.05, retry: { backoff: { kind: "immediate" }, jitter: "none", maxAttempts: 3, budget: null } },
      fleet: {
        tlsVersion: "1.2",
        listenBacklog: 200,
        handshake: {
          full: { cpuSec: { kind: "gamma", mean: 0.001, cv: 0.5 }, secondPhaseFraction: 0.4 },
          resumed: { cpuSec: { kind: "exponential", mean: 0.0003 }, secondPhaseFraction: 0 },
        },
      },
    });
    compareRuns(scenario);
    const r = runReplication(scenario, 0);
    expect(r.summary.wastedCpuS).toBeGreaterThan(0);
    expect(r.summary.timeouts).toBeGreaterThan(0);
  });
});
