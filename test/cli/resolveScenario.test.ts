import { describe, expect, test } from "vitest";
import { UsageError } from "../../cli/errors.js";
import { flagOverrides, loadScenario, parseDurationFlag, parseIntegerFlag, parseReplicationsFlag, parseSeedFlag, resolveSource } from "../../cli/resolveScenario.js";
import { ScenarioError } from "../../models/scenario/issues.js";

describe("resolving a scenario from the command line", () => {
  test("a preset name resolves to the preset, an existing path to a file, anything else is a usage error listing the presets", () => {
    expect(resolveSource("mmc-baseline")).toEqual({ kind: "preset", ref: "mmc-baseline" });
    expect(resolveSource("models/scenarios/mmc-baseline.yaml")).toEqual({ kind: "file", ref: "models/scenarios/mmc-baseline.yaml" });
    expect(() => resolveSource("no-such-thing")).toThrow(/no preset or scenario file named "no-such-thing"; presets: mmc-baseline/);
  });

  test("--duration, --seed and --replications become run.* overrides after the --set flags", () => {
    expect(flagOverrides({ set: ["fleet.workers=8", "run.seed=5"], duration: "10s", seed: 3, replications: 2 })).toEqual([
      "fleet.workers=8", "run.seed=5", "run.duration=10s", "run.seed=3", "run.replications=2",
    ]);
    const scenario = loadScenario({ kind: "preset", ref: "mmc-baseline" }, flagOverrides({ set: ["run.seed=5"], seed: 3, duration: "10s" }));
    expect(scenario.run).toMatchObject({ seed: 3, durationSec: 10 });
  });

  test("a bad --set path is a scenario error naming the path", () => {
    expect(() => loadScenario({ kind: "preset", ref: "mmc-baseline" }, ["fleet.wrkers=3"])).toThrow(ScenarioError);
    expect(() => loadScenario({ kind: "preset", ref: "mmc-baseline" }, ["fleet.wrkers=3"])).toThrow(/fleet\.wrkers: unknown key "wrkers" \(did you mean "workers"\?\)/);
  });

  test("integer flags accept whole numbers in range and name the flag otherwise", () => {
    expect(parseSeedFlag("0")).toBe(0);
    expect(parseReplicationsFlag("20")).toBe(20);
    expect(() => parseSeedFlag("-1")).toThrow(/--seed: expected an integer >= 0, found "-1"/);
    expect(() => parseReplicationsFlag("1.5")).toThrow(UsageError);
    expect(() => parseIntegerFlag("9", { flag: "--x", min: 1, max: 8 })).toThrow(/--x: expected an integer in 1\.\.8/);
  });

  test("--duration takes a positive duration with a unit and keeps the text", () => {
    expect(parseDurationFlag("45s")).toBe("45s");
    expect(() => parseDurationFlag("45")).toThrow(/--duration: expected a duration with a unit/);
    expect(() => parseDurationFlag("0s")).toThrow(/positive/);
  });
});
