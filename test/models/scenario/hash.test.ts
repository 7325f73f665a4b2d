import { describe, expect, test } from "vitest";
import { scenarioHash } from "../../../models/scenario/hash.js";
import { parseScenario } from "../../../models/scenario/load.js";

describe("scenarioHash", () => {
  const a = {
    name: "h",
    run: { duration: "30s", seed: 3 },
    load: { rate: "800/s", spikes: [{ at: "10s", for: "3s", rate: "1500/s" }] },
    fleet: { software: "nginx", workers: 2, sessionCache: { scope: "instance", size: "1m" } },
  };
  // Same content: keys in another order, units spelt differently, a default stated.
  const b = {
    fleet: { sessionCache: { size: "1024k", scope: "instance" }, workers: 2, software: "nginx", instances: 1 },
    load: { spikes: [{ rate: "1.5k/s", for: "3000ms", at: "10s" }], rate: "48000/min" },
    run: { seed: 3, duration: "0.5m" },
    name: "h",
  };

  test("is 64 lower-case hex digits", () => {
    expect(scenarioHash(parseScenario(a))).toMatch(/^[0-9a-f]{64}$/);
  });

  test("does not change with key order, unit spelling or stated defaults", () => {
    expect(scenarioHash(parseScenario(b))).toBe(scenarioHash(parseScenario(a)));
  });

  test("changes when any value changes", () => {
    const base = scenarioHash(parseScenario(a));
    expect(scenarioHash(parseScenario({ ...a, fleet: { ...a.fleet, workers: 3 } }))).not.toBe(base);
    expect(scenarioHash(parseScenario({ ...a, run: { ...a.run, seed: 4 } }))).not.toBe(base);
    expect(scenarioHash(parseScenario({ ...a, name: "other" }))).not.toBe(base);
  });

  test("is the same for the same scenario parsed twice", () => {
    expect(scenarioHash(parseScenario(a))).toBe(scenarioHash(parseScenario(structuredClone(a))));
  });
});
