/**
 * Blocking work at given times (fleet.blockingWorkAt): the same run as the periodic blocking work
 * that falls at that time, byte for byte; it holds the worker (the tail rises); the scenario file
 * parses it and refuses bad entries by path.
 */
import { describe, expect, test } from "vitest";
import { runScenario } from "../../models/run.js";
import { loadScenarioText } from "../../models/scenario/index.js";
import { mmcScenario, withOverrides } from "./fixtures.js";

describe("fleet.blockingWorkAt", () => {
  // One worker; periodic every 2 s falls first at 1 s (every × 1/2), so a 2.5 s run has only that one.
  const base = mmcScenario({ ratePerSec: 150, serviceSec: 0.002, workers: 1, durationSec: 2.5, warmupSec: 0.2, replications: 2 });

  test("work at a time is the periodic work that falls then: the same run, byte for byte; it holds the worker", () => {
    const periodic = runScenario(withOverrides(base, { fleet: { blockingWork: { everySec: 2, cpuSec: { kind: "constant", value: 0.06 } } } }));
    const at = runScenario(withOverrides(base, { fleet: { blockingWorkAt: [{ atSec: 1, cpuSec: 0.06 }] } }));
    expect(JSON.stringify(at.metrics)).toBe(JSON.stringify(periodic.metrics));
    // ~9 arrivals during the 60 ms wait up to 60 ms; without it the tail is the M/M/1's (p999 ~ 20 ms).
    expect(runScenario(base).metrics["handshakeLatencyS.p999"]!.mean).toBeLessThan(0.05);
    expect(at.metrics["handshakeLatencyS.p999"]!.mean).toBeGreaterThan(0.05);
    // Both together: the worker is held twice (at 1 s and at 1.5 s), and its CPU counts both.
    const both = runScenario(withOverrides(base, { fleet: { blockingWork: { everySec: 2, cpuSec: { kind: "constant", value: 0.06 } }, blockingWorkAt: [{ atSec: 1.5, cpuSec: 0.06 }] } }));
    expect(both.metrics["workerUtilization"]!.mean).toBeGreaterThan(periodic.metrics["workerUtilization"]!.mean + 0.03 / 2.3);
  });

  test("the scenario file: a list of {at, cpu} with units; bad entries refused by path", () => {
    const text = (b: string) => `fleet: {software: node, blockingWorkAt: ${b}}\nload: {rate: 100/s}\n`;
    expect(loadScenarioText(text("[{at: 1.5s, cpu: 12ms}, {at: 3s, cpu: 400us}]"), "yaml", { source: "t.yaml" }).fleet.blockingWorkAt).toEqual([{ atSec: 1.5, cpuSec: 0.012 }, { atSec: 3, cpuSec: 0.0004 }]);
    expect(loadScenarioText("fleet: {software: node}\nload: {rate: 100/s}\n", "yaml", { source: "t.yaml" }).fleet.blockingWorkAt).toEqual([]);
    expect(() => loadScenarioText(text("[{at: 1s, cpu: 0s}]"), "yaml", { source: "t.yaml" })).toThrow(/fleet\.blockingWorkAt\[0\]\.cpu/);
    expect(() => loadScenarioText(text("[{at: 1s}]"), "yaml", { source: "t.yaml" })).toThrow(/fleet\.blockingWorkAt\[0\]\.cpu/);
    expect(() => loadScenarioText(text("{at: 1s, cpu: 1ms}"), "yaml", { source: "t.yaml" })).toThrow(/fleet\.blockingWorkAt: expected a list of \{at, cpu\}/);
  });
});
