import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { loadScenarioFile } from "../../../models/scenario/file.js";
import { issueAt, scenarioErrorOf } from "./fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "shakedown-scenario-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("loadScenarioFile", () => {
  test("reads YAML and names the scenario after the file", () => {
    const path = write("spike-test.yaml", "load: {rate: 200/s}\nfleet: {software: nginx, workers: 2}\n");
    const scenario = loadScenarioFile(path);
    expect(scenario.name).toBe("spike-test");
    expect(scenario.fleet.workersPerInstance).toBe(2);
  });

  test("reads JSON", () => {
    const path = write("j.json", JSON.stringify({ load: { rate: "200/s" }, fleet: { software: "node" } }));
    expect(loadScenarioFile(path).load.ratePerSec).toBe(200);
  });

  test("applies overrides", () => {
    const path = write("o.yml", "load: {rate: 200/s}\nfleet: {software: node}\n");
    expect(loadScenarioFile(path, ["load.rate=300/s"]).load.ratePerSec).toBe(300);
  });

  test("errors start with the file path and the line and column", () => {
    const path = write("bad.yaml", "load: {rate: 200/s}\nfleet:\n  software: node\n  workers: -1\n");
    const error = scenarioErrorOf(() => loadScenarioFile(path));
    expect(error.message).toBe(`${path}:4:3: fleet.workers: expected an integer >= 1, found -1`);
    expect(issueAt(error, "fleet.workers").found).toBe(-1);
  });

  test("a missing file and an unknown extension are ScenarioErrors", () => {
    expect(scenarioErrorOf(() => loadScenarioFile(join(dir, "none.yaml"))).message).toContain("cannot read the file");
    expect(scenarioErrorOf(() => loadScenarioFile(write("x.txt", ""))).message).toContain("expected a .yaml, .yml or .json file");
  });
});
