import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { decodePng, REPO, shakedown, tempDir } from "../spawn.js";

/** The metrics the issue requires of `run lb-handshake-storm --json`. */
const REQUIRED = [
  "handshakeLatencyS.p50", "handshakeLatencyS.p99", "resumptionRate", "goodputPerS", "timeouts", "retries",
  "failures", "rejections", "listenOverflows", "workerUtilization", "wastedCpuS",
];

describe("shakedown run", () => {
  test("npx shakedown run lb-handshake-storm --json prints the result with every required metric's mean and CI", () => {
    const out = spawnSync("npx", ["shakedown", "run", "lb-handshake-storm", "--json"], { cwd: REPO, encoding: "utf8", timeout: 180_000 });
    expect(out.status).toBe(0);
    const result = JSON.parse(out.stdout);
    expect(result).toMatchObject({ scenario: "lb-handshake-storm", seed: 1, replications: 3, measuredSec: 60, confidenceLevel: 0.95, slos: [] });
    expect(result.scenarioHash).toMatch(/^[0-9a-f]{64}$/);
    for (const name of REQUIRED) {
      const m = result.metrics[name];
      expect(m, name).toBeDefined();
      expect(m.n, name).toBe(3);
      for (const key of ["mean", "halfWidth", "lower", "upper"]) expect(Number.isFinite(m[key]), `${name}.${key}`).toBe(true);
      expect(m.lower, name).toBeLessThanOrEqual(m.mean);
      expect(m.upper, name).toBeGreaterThanOrEqual(m.mean);
    }
    // The storm itself: SYNs dropped at the backlog and retries after timeouts, in every replication.
    expect(result.metrics.listenOverflows.lower).toBeGreaterThan(0);
    expect(result.series.startSec).toHaveLength(60);
    expect(result.perReplication.map((r: { replication: number }) => r.replication)).toEqual([0, 1, 2]);
  });

  test("--json output is byte-identical across invocations, with all cores or one worker", () => {
    const args = ["run", "node-session-wall", "--duration", "20s", "--replications", "2", "--json"];
    const a = shakedown(args);
    const b = shakedown([...args, "--workers", "1"]);
    expect(a.status).toBe(0);
    expect(b.stdout).toBe(a.stdout);
  });

  test("--out writes result.json with provenance, the CSV, every chart as valid vega-lite, SVG and PNG, and both reports", () => {
    const dir = tempDir("run");
    const ran = shakedown(["run", "lb-handshake-storm", "--duration", "40s", "--replications", "2", "--slo", "p99<100ms", "--workers", "1", "--out", dir]);
    expect(ran.status).toBe(0);
    expect(ran.stderr).toBe("");
    // The terminal summary with the SLO verdict.
    expect(ran.stdout).toMatch(/handshakeLatencyS\.p99 +\S+ s +.*NOT met: < 100 ms \(upper/);
    expect(ran.stdout).toContain("95% CI");

    const result = JSON.parse(readFileSync(join(dir, "result.json"), "utf8"));
    expect(result.shakedown.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(result.shakedown.commit === null || /^[0-9a-f]{40}$/.test(result.shakedown.commit)).toBe(true);
    expect(result.command).toContain("run lb-handshake-storm --duration 40s --replications 2 --slo 'p99<100ms'");
    expect(result).toMatchObject({ seed: 1, replications: 2, scenario: { name: "lb-handshake-storm", run: { durationSec: 40, replications: 2 } } });
    expect(result.scenarioHash).toBe(result.result.scenarioHash);
    expect(result.result.slos).toEqual([expect.objectContaining({ metric: "handshakeLatencyS.p99", compared: "upper", met: false })]);
    const reproduce = "npx shakedown run lb-handshake-storm --seed 1 --replications 2 --duration 40s --slo 'p99<100ms'";
    expect(result.reproduce).toBe(reproduce);

    const csv = readFileSync(join(dir, "timeseries.csv"), "utf8").trimEnd().split("\n");
    expect(csv).toHaveLength(41);
    expect(csv[0]!.startsWith("startSec,offeredPerS,attemptsPerS,goodputPerS")).toBe(true);

    const charts = readdirSync(join(dir, "charts"));
    const names = [...new Set(charts.map((f) => f.replace(/\.(vl\.json|svg|png)$/, "")))];
    expect(names).toEqual(expect.arrayContaining(["latency", "throughput", "utilization", "queues", "failures"]));
    for (const name of names) {
      const spec = JSON.parse(readFileSync(join(dir, "charts", `${name}.vl.json`), "utf8"));
      expect(spec.$schema, name).toMatch(/vega-lite/);
      const svg = readFileSync(join(dir, "charts", `${name}.svg`), "utf8");
      expect(svg, name).toMatch(/^<svg[\s\S]*<\/svg>$/);
      expect(svg, name).toMatch(/class="mark-line/);
      const png = decodePng(readFileSync(join(dir, "charts", `${name}.png`)));
      expect(png.width, name).toBeGreaterThan(600);
      expect(png.height, name).toBeGreaterThan(200);
    }

    const html = readFileSync(join(dir, "report.html"), "utf8");
    const escaped = reproduce.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/'/g, "&#39;");
    expect(html).toContain(`<pre class="command"><code>${escaped}</code></pre>`);
    expect(html.match(/<svg/g)?.length).toBe(names.length);
    expect(html).not.toMatch(/<script|src="http/);
    expect(html).toContain("preset lb-handshake-storm");
    const md = readFileSync(join(dir, "report.md"), "utf8");
    expect(md).toContain(reproduce);
    for (const link of md.match(/\]\((charts\/[^)]+\.png)\)/g) ?? []) expect(existsSync(join(dir, link.slice(2, -1)))).toBe(true);
    expect(md.match(/!\[/g)?.length).toBe(names.length);
  });

  test("a scenario's own SLOs get a verdict in the table, judged on the CI bound", () => {
    const ran = shakedown(["run", "mmc-baseline", "--duration", "6s", "--set", "run.warmup=1s", "--set", 'slos=["p99 < 50ms", "goodputPerS > 1e6"]', "--workers", "1"]);
    expect(ran.status).toBe(0);
    expect(ran.stdout).toMatch(/handshakeLatencyS\.p99 .* met: < 50 ms \(upper /);
    expect(ran.stdout).toMatch(/goodputPerS .* NOT met: > 1,000,000\/s \(lower /);
    expect(ran.stdout).toMatch(/SLOs: 1 of 2 met; not met: goodputPerS > 1000000 \(lower 2,9\d\d\/s\)\n/);
  });
});
