/**
 * What is refused before anything starts: a bad experiment file, a bad point override, a scenario
 * the harness cannot run for real. No child process may exist when the refusal comes.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { ScenarioError } from "../../models/scenario/issues.js";
import { EXPERIMENTS, type ExperimentPlan } from "../../validate/experiments.js";
import { calibrationPlan, EXPERIMENTS_DIR, preflight, runValidation } from "../../validate/runner.js";
import { UnsupportedScenarioError } from "../../validate/servers/serverSpec.js";

/** PIDs of this process's children (from /proc). */
function children(): number[] {
  const out: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === process.pid) out.push(Number(name));
    } catch {
      // gone
    }
  }
  return out;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of the experiment files with one replaced. */
function experimentsWith(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "shakedown-exp-"));
  dirs.push(dir);
  for (const f of readdirSync(EXPERIMENTS_DIR)) if (f.endsWith(".yaml")) copyFileSync(join(EXPERIMENTS_DIR, f), join(dir, f));
  writeFileSync(join(dir, name), text);
  return dir;
}

const sweep = EXPERIMENTS.find((e) => e.id === "load-sweep" && e.server === "node")!;

describe("runValidation refuses before anything starts", () => {
  test("an invalid experiment file: a ScenarioError naming the file and field, and no process started", async () => {
    const dir = experimentsWith("load-sweep.node.yaml", "load: {rate: 10/s}\nfleet: {software: node, workers: 0}\n");
    const before = children();
    await expect(runValidation({ servers: ["node"], quick: true, experimentsDir: dir, experiments: [sweep], claims: false })).rejects.toThrow(ScenarioError);
    await expect(runValidation({ servers: ["node"], quick: true, experimentsDir: dir, experiments: [sweep], claims: false })).rejects.toThrow(/load-sweep.node.yaml.*fleet.workers/s);
    expect(children()).toEqual(before);
  });

  test("a point whose override the schema does not have is refused with the override named", async () => {
    const bad: ExperimentPlan = { ...sweep, points: (cap, quick) => sweep.points(cap, quick).map((p) => ({ ...p, overrides: [...p.overrides, "fleet.workes=2"] })) };
    const before = children();
    await expect(runValidation({ servers: ["node"], quick: true, experiments: [bad], claims: false })).rejects.toThrow(/workes/);
    expect(children()).toEqual(before);
  });

  test("a scenario a real server cannot run (generic software) is an UnsupportedScenarioError", async () => {
    const dir = experimentsWith("load-sweep.node.yaml", "load: {rate: 10/s}\nfleet: {software: generic, certificate: custom, handshake: {full: {cpu: 1ms}}}\n");
    await expect(runValidation({ servers: ["node"], quick: true, experimentsDir: dir, experiments: [sweep], claims: false })).rejects.toThrow(UnsupportedScenarioError);
  });

  test("a missing experiment file is a ScenarioError", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shakedown-exp-"));
    dirs.push(dir);
    await expect(runValidation({ servers: ["node"], quick: true, experimentsDir: dir, experiments: [sweep], claims: false })).rejects.toThrow(/cannot read the file/);
  });
});

describe("the experiments", () => {
  test("every shipped experiment and claim file is valid, and every point of every experiment parses in both modes", async () => {
    for (const quick of [true, false]) {
      const files = preflight(EXPERIMENTS_DIR, EXPERIMENTS, ["node", "nginx"], quick);
      expect([...files.keys()].sort()).toEqual(readdirSync(EXPERIMENTS_DIR).filter((f) => f.endsWith(".yaml")).sort());
    }
    expect(EXPERIMENTS.flatMap((p) => p.points(300, false)).length).toBeGreaterThan(EXPERIMENTS.flatMap((p) => p.points(300, true)).length);
    await expect(runValidation({ servers: ["node"], quick: true, experiments: [], claims: false })).resolves.toMatchObject({ points: [], runs: [] });
  });

  test("the quick calibration measures fewer and shorter points than the full one", () => {
    const q = calibrationPlan(true);
    const f = calibrationPlan(false);
    expect(q.repeats).toBeLessThan(f.repeats);
    expect(q.durationSec).toBeLessThan(f.durationSec);
    expect(f.repeats).toBeGreaterThanOrEqual(3);
  });
});
