import { describe, expect, test } from "vitest";
import { shellQuote as cliShellQuote } from "../../cli/output/provenance.js";
import { flagOverrides } from "../../cli/resolveScenario.js";
import { checkRunSpec, durationText, runCommand, runOverrides, shellJoin, shellQuote, sweepCommand, sweepPoints, type RunSpec, type SweepSpec } from "../../notebooks/lib/command.js";

const spec: RunSpec = { label: "x", preset: "lb-handshake-storm", sets: ["clients.timeout=2s", "fleet.admission.circuitBreaker={latencyThreshold: 500ms, window: 1s}"], seed: 7, replications: 3 };

describe("shell quoting", () => {
  test("quotes exactly as the CLI's provenance does, for safe words, spaces, braces, quotes and the empty string", () => {
    for (const arg of ["run", "clients.timeout=2s", "a b", "{x: 1}", "it's", "", "load.spikes=[]", "rate=5000/s", "p99<5ms", "ü"]) {
      expect(shellQuote(arg)).toBe(cliShellQuote(arg));
    }
  });

  test("joins words with single spaces, quoting each as needed", () => {
    expect(shellJoin(["run", "a b", "c"])).toBe("run 'a b' c");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});

describe("overrides and commands", () => {
  test("the override list is the CLI's for the same --set, --duration, --seed and --replications flags, in the same order", () => {
    const withDuration = { ...spec, duration: "40s" };
    expect(runOverrides(withDuration)).toEqual(flagOverrides({ set: [...spec.sets], duration: "40s", seed: 7, replications: 3 }));
    expect(runOverrides(spec)).toEqual(flagOverrides({ set: [...spec.sets], seed: 7, replications: 3 }));
  });

  test("a run command names the preset, each --set in order, the seed, the replications and --json", () => {
    expect(runCommand(spec)).toBe(
      "npx shakedown run lb-handshake-storm --set clients.timeout=2s --set 'fleet.admission.circuitBreaker={latencyThreshold: 500ms, window: 1s}' --seed 7 --replications 3 --json",
    );
    expect(runCommand({ ...spec, sets: [], duration: "40s" })).toBe("npx shakedown run lb-handshake-storm --duration 40s --seed 7 --replications 3 --json");
  });

  test("a sweep command puts the varied values after --vary and each point is the run with that override appended", () => {
    const sweep: SweepSpec = { ...spec, sets: ["clients.timeout=2s"], vary: { path: "fleet.workers", values: ["1", "2", "4"] } };
    expect(sweepCommand(sweep)).toBe("npx shakedown sweep lb-handshake-storm --vary fleet.workers=1,2,4 --set clients.timeout=2s --seed 7 --replications 3 --json");
    const points = sweepPoints(sweep);
    expect(points.map((p) => p.label)).toEqual(["1", "2", "4"]);
    expect(points[2]!.sets).toEqual(["clients.timeout=2s", "fleet.workers=4"]);
    expect(points[2]!.seed).toBe(7);
  });

  test("bad specs are refused with the field's path: seed, replications, duration, a --set without =, a preset name, sweep values", () => {
    expect(() => checkRunSpec({ ...spec, seed: -1 })).toThrow(/run\.seed: must be an integer >= 0 \(got -1\)/);
    expect(() => runCommand({ ...spec, replications: 0 })).toThrow(/run\.replications/);
    expect(() => runOverrides({ ...spec, duration: "40" })).toThrow(/run\.duration/);
    expect(() => runOverrides({ ...spec, sets: ["fleet.workers"] })).toThrow(/run\.sets\[0\]: must be path=value/);
    expect(() => runCommand({ ...spec, preset: "../etc/passwd" })).toThrow(/run\.preset/);
    expect(() => sweepCommand({ ...spec, vary: { path: "fleet.workers", values: [] } })).toThrow(/sweep\.vary\.values/);
    expect(() => sweepCommand({ ...spec, vary: { path: "fleet.workers", values: ["1,2"] } })).toThrow(/sweep\.vary\.values\[0\]/);
  });
});

describe("durationText", () => {
  test("writes whole seconds as s and anything else in whole milliseconds", () => {
    expect(durationText(10)).toBe("10s");
    expect(durationText(0)).toBe("0s");
    expect(durationText(0.25)).toBe("250ms");
    expect(durationText(1.5)).toBe("1500ms");
  });

  test("refuses negative, non-finite and sub-millisecond durations", () => {
    expect(() => durationText(-1)).toThrow(RangeError);
    expect(() => durationText(Number.NaN)).toThrow(RangeError);
    expect(() => durationText(0.0005)).toThrow(/whole number of milliseconds/);
  });
});
