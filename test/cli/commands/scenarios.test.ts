import { describe, expect, test } from "vitest";
import { presetNames } from "../../../models/scenarios/index.js";
import { shakedown } from "../spawn.js";

describe("shakedown scenarios and schema", () => {
  test("scenarios lists every preset on one line with its description", () => {
    const ran = shakedown(["scenarios"]);
    expect(ran.status).toBe(0);
    const lines = ran.stdout.trimEnd().split("\n");
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual([...presetNames]);
    expect(lines.find((l) => l.startsWith("mmc-baseline"))).toMatch(/^mmc-baseline +M\/M\/4/);
  });

  test("scenarios --show prints a preset's YAML with its comments, and refuses an unknown name", () => {
    const ran = shakedown(["scenarios", "--show", "mmc-baseline"]);
    expect(ran.status).toBe(0);
    expect(ran.stdout).toMatch(/^# M\/M\/c baseline/);
    expect(ran.stdout).toContain("name: mmc-baseline");
    const bad = shakedown(["scenarios", "--show", "nope"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('no preset named "nope"');
  });

  test("schema prints the JSON Schema of scenario files", () => {
    const ran = shakedown(["schema"]);
    expect(ran.status).toBe(0);
    const schema = JSON.parse(ran.stdout);
    expect(schema.title).toBe("shakedown scenario");
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["run", "load", "clients", "fleet", "slos"]));
  });
});
