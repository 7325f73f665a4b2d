import { describe, expect, test } from "vitest";
import { pairedDifferences } from "../../../cli/commands/compare.js";
import { METRIC_NAMES } from "../../../cli/metrics.js";
import type { ScenarioResult } from "../../../models/run.js";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { decodePng, shakedown, tempDir } from "../spawn.js";

/** A result with only per-replication summaries (all pairedDifferences reads): every metric has value v. */
function fakeResult(values: (number | null)[]): ScenarioResult {
  const summary = (v: number | null) => Object.fromEntries(METRIC_NAMES.map((m) => [m, v]));
  return { perReplication: values.map((v, replication) => ({ replication, summary: summary(v) })) } as unknown as ScenarioResult;
}

describe("shakedown compare", () => {
  test("paired differences are B − A per replication index, with a Student-t CI over the pairs", () => {
    const d = pairedDifferences(fakeResult([10, 20, 30]), fakeResult([11, 23, 32]), 0.95);
    expect(d.goodputPerS).toMatchObject({ mean: 2, n: 3 });
    // Differences 1, 3, 2: sd 1, t(0.975, 2) = 4.302653 → half-width 4.302653/√3.
    expect(d.goodputPerS!.halfWidth).toBeCloseTo(4.302653 / Math.sqrt(3), 5);
  });

  test("a replication where either side has no value is left out of the pairs", () => {
    const d = pairedDifferences(fakeResult([10, null, 30]), fakeResult([12, 20, 31]), 0.95);
    expect(d.goodputPerS).toMatchObject({ mean: 1.5, n: 2 });
  });

  test("B with one more worker: the same arrivals in both (common random numbers), less latency and lower utilization", () => {
    const dir = tempDir("compare");
    const ran = shakedown(["compare", "mmc-baseline", "--set-b", "fleet.workers=5", "--duration", "6s", "--set", "run.warmup=1s", "--replications", "3", "--json", "--workers", "1", "--out", dir]);
    expect(ran.status).toBe(0);
    expect(ran.stderr).toContain(`wrote `);
    const out = JSON.parse(ran.stdout);
    expect(out.a.label).toBe("A: mmc-baseline");
    expect(out.b.label).toBe("B: fleet.workers=5");
    // Same seed and streams: the offered load is identical draw for draw, so its difference is exactly 0.
    expect(out.differences.offeredPerS).toMatchObject({ mean: 0, halfWidth: 0, n: 3 });
    expect(out.differences["handshakeLatencyS.mean"].upper).toBeLessThan(0);
    expect(out.differences.workerUtilization.mean).toBeCloseTo(0.6 - 0.75, 1);
    // --out: both time series, overlay charts of A and B, the reports with the reproduce command.
    expect(readFileSync(join(dir, "timeseries-a.csv"), "utf8").trimEnd().split("\n")).toHaveLength(7);
    expect(readFileSync(join(dir, "timeseries-b.csv"), "utf8").trimEnd().split("\n")).toHaveLength(7);
    const pngs = readdirSync(join(dir, "charts")).filter((f) => f.endsWith(".png"));
    expect(pngs).toContain("compare-latencyP99S.png");
    for (const file of pngs) decodePng(readFileSync(join(dir, "charts", file)));
    const reproduce = "npx shakedown compare mmc-baseline --seed 1 --replications 3 --set run.warmup=1s --duration 6s --set-b fleet.workers=5";
    expect(JSON.parse(readFileSync(join(dir, "result.json"), "utf8")).reproduce).toBe(reproduce);
    expect(readFileSync(join(dir, "report.md"), "utf8")).toContain(reproduce);
  });

  test("compare with nothing to compare is a usage error", () => {
    const ran = shakedown(["compare", "mmc-baseline"]);
    expect(ran.status).toBe(2);
    expect(ran.stderr).toContain("compare needs two scenarios");
    const same = shakedown(["compare", "mmc-baseline", "mmc-baseline", "--duration", "10s"]);
    expect(same.status).toBe(2);
    expect(same.stderr).toContain("A and B are the same scenario");
  });
});
