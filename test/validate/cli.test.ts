/** `shakedown validate` on the command line: flags, refusals (exit 2) before anything starts. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { shakedown } from "../cli/spawn.js";

describe("shakedown validate", () => {
  test("--help names the servers, --quick, --out and --json", () => {
    const r = shakedown(["validate", "--help"]);
    expect(r.status).toBe(0);
    for (const flag of ["--server", "--quick", "--out", "--json", "--experiments"]) expect(r.stdout).toContain(flag);
    expect(r.stdout).toMatch(/node, nginx, all|"node", "nginx", "all"/);
  });

  test("an unknown server is bad usage (exit 2)", () => {
    const r = shakedown(["validate", "--server", "apache"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/apache/);
  });

  test("an experiments directory with an invalid file is refused with exit 2 before any server starts", () => {
    const dir = mkdtempSync(join(tmpdir(), "shakedown-cli-exp-"));
    try {
      writeFileSync(join(dir, "load-sweep.node.yaml"), "load: {rate: 10/s}\nfleet: {software: node, listenBacklog: -3}\n");
      const started = performance.now();
      const r = shakedown(["validate", "--server", "node", "--quick", "--experiments", dir]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/invalid scenario/);
      expect(r.stderr).toMatch(/fleet.listenBacklog/);
      expect(r.stdout).toBe("");
      expect(performance.now() - started).toBeLessThan(60_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
