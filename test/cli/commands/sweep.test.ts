import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { decodePng, shakedown, tempDir } from "../spawn.js";

const GRID = ["sweep", "mmc-baseline", "--vary", "fleet.workers=4,5", "--vary", "load.arrivals=poisson,uniform", "--duration", "6s", "--set", "run.warmup=1s", "--replications", "2", "--json"];

describe("shakedown sweep", () => {
  test("--workers 1 and --workers 2 print byte-identical JSON", () => {
    const one = shakedown([...GRID, "--workers", "1"]);
    const two = shakedown([...GRID, "--workers", "2"]);
    expect(one.status).toBe(0);
    expect(two.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const out = JSON.parse(one.stdout);
    expect(out.vary).toEqual([{ path: "fleet.workers", values: ["4", "5"] }, { path: "load.arrivals", values: ["poisson", "uniform"] }]);
    expect(out.points.map((p: { values: Record<string, string> }) => Object.values(p.values).join("/"))).toEqual(["4/poisson", "4/uniform", "5/poisson", "5/uniform"]);
    const wait = (i: number) => out.points[i].metrics["handshakeLatencyS.mean"].mean;
    // More workers, less waiting; evenly spaced arrivals (D/M/c) wait less than Poisson ones (M/M/c).
    expect(wait(2)).toBeLessThan(wait(0));
    expect(wait(1)).toBeLessThan(wait(0));
    expect(out.points[0].metrics.workerUtilization.mean).toBeCloseTo(0.75, 1);
    expect(new Set(out.points.map((p: { scenarioHash: string }) => p.scenarioHash)).size).toBe(4);
  });

  test("--out writes the table as CSV, a chart per metric against the first varied parameter, and the reports", () => {
    const dir = tempDir("sweep");
    const ran = shakedown(["sweep", "mmc-baseline", "--vary", "fleet.workers=4..6", "--duration", "6s", "--set", "run.warmup=1s", "--replications", "2", "--slo", "latency<1.3ms", "--workers", "1", "--out", dir]);
    expect(ran.status).toBe(0);
    expect(ran.stdout).toMatch(/fleet\.workers .*handshakeLatencyS\.mean +SLOs/);
    expect(ran.stdout).toMatch(/\n +4 .*not met: latency<1\.3ms\n +5 .*all met\n +6 .*all met\n/);
    const csv = readFileSync(join(dir, "sweep.csv"), "utf8").trimEnd().split("\n");
    expect(csv).toHaveLength(4);
    expect(csv[0]!.startsWith("fleet.workers,handshakeLatencyS.p50.mean,handshakeLatencyS.p50.lower")).toBe(true);
    const charts = readdirSync(join(dir, "charts")).filter((f) => f.endsWith(".png"));
    expect(charts).toContain("sweep-handshakeLatencyS-mean.png");
    expect(charts.length).toBe(7);
    for (const file of charts) decodePng(readFileSync(join(dir, "charts", file)));
    const result = JSON.parse(readFileSync(join(dir, "result.json"), "utf8"));
    expect(result.result.points).toHaveLength(3);
    expect(result.reproduce).toBe("npx shakedown sweep mmc-baseline --vary fleet.workers=4..6 --seed 1 --replications 2 --set run.warmup=1s --duration 6s --slo 'latency<1.3ms'");
    expect(readFileSync(join(dir, "report.html"), "utf8")).toContain("npx shakedown sweep mmc-baseline --vary fleet.workers=4..6");
  });

  test("a grid point with an invalid value is a scenario error naming the point, exit 2", () => {
    const ran = shakedown(["sweep", "mmc-baseline", "--vary", "fleet.workers=0,4"]);
    expect(ran.status).toBe(2);
    expect(ran.stderr).toMatch(/fleet\.workers: expected an integer >= 1, found 0 \(at sweep point fleet\.workers=0\)/);
  });
});
