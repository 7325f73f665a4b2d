/**
 * The quick validation end to end, as CI runs it (`.ci/run` sets SHAKEDOWN_VALIDATE_QUICK=1 and
 * runs this file alone, after `npm test`, so no other test competes for the CPUs). Seen passing
 * with a spinning raised-priority process pinned to the server's CPU: every point was marked
 * invalid ("something else used 0.5 cores of the server's CPU"). Loose bounds:
 * the structure, validity marking, and gross agreement only; the issue's tolerances are for a full
 * run on an idle machine (docs/validation/). Skipped unless the variable is set.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { BIN, REPO } from "../cli/spawn.js";

const enabled = process.env.SHAKEDOWN_VALIDATE_QUICK === "1";
if (!enabled) console.warn("quick.test.ts: skipped (set SHAKEDOWN_VALIDATE_QUICK=1 to run the quick validation; CI does)");

interface Point {
  experiment: string;
  server: string;
  label: string;
  offeredLoad: { ratePerSec: number; fractionOfCapacity: number | null };
  metric: string;
  predicted: number | null;
  measured: number | null;
  relativeError: number | null;
  valid: boolean;
  reason: string | null;
  repeats: { measured: number; used: number };
  perRepeat: { replication: number; measured: number | null; predicted: number | null }[];
  predictedDefined?: { count: number; of: number };
}

function medianOf(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

describe.runIf(enabled)("shakedown validate --quick --json", () => {
  test("prints points and verdicts within loose bounds, writes the report, and leaves no process", { timeout: 400_000 }, () => {
    const out = mkdtempSync(join(tmpdir(), "shakedown-quick-"));
    try {
      const started = performance.now();
      const r = spawnSync(process.execPath, [BIN, "validate", "--quick", "--json", "--out", out], { cwd: REPO, encoding: "utf8", timeout: 380_000, maxBuffer: 64 * 1024 * 1024 });
      const wallSec = (performance.now() - started) / 1000;
      expect(r.status, r.stderr.slice(-3000)).toBe(0);
      const result = JSON.parse(r.stdout) as { points: Point[]; verdicts: { id: string; claim: string; verdict: string; evidence: string }[]; servers: string[]; skipped: string[] };
      const invalid = result.points.filter((p) => !p.valid);
      console.log(`validate --quick: ${wallSec.toFixed(0)} s, ${result.points.length} points, ${invalid.length} invalid${invalid.length > 0 ? `: ${[...new Set(invalid.map((p) => p.reason))].join(" | ")}` : ""}`);
      expect(wallSec).toBeLessThan(300);
      expect(result.points.length).toBeGreaterThan(10);
      for (const p of result.points) {
        expect(typeof p.experiment).toBe("string");
        expect(["node", "nginx"]).toContain(p.server);
        expect(p.offeredLoad.ratePerSec).toBeGreaterThan(0);
        expect(typeof p.metric).toBe("string");
        expect(typeof p.valid).toBe("boolean");
        if (p.valid) expect(p.reason).toBeNull();
        else expect(p.reason).toMatch(/\S/);
        // Each usable repeat beside its own paired replication; the point's values are their medians.
        expect(p.perRepeat.length, `${p.label} ${p.metric}`).toBe(p.repeats.used);
        const measured = p.perRepeat.map((x) => x.measured).filter((v): v is number => v !== null);
        if (p.measured !== null && measured.length === p.perRepeat.length) expect(p.measured).toBeCloseTo(medianOf(measured)!, 12);
        const predicted = p.perRepeat.map((x) => x.predicted).filter((v): v is number => v !== null);
        if (p.predicted !== null) expect(p.predicted).toBeCloseTo(medianOf(predicted)!, 12);
        // A storm's recovery counts its recovering realizations; with one repeat, it has a value
        // exactly when at least half of them recovered (validate/paired.ts).
        if (p.metric === "recoverySec") {
          const d = p.predictedDefined!;
          expect(d.count).toBeLessThanOrEqual(d.of);
          if (p.perRepeat.length === 1) expect(p.predicted !== null, p.label).toBe(d.count > 0 && 2 * d.count >= d.of);
        } else expect(p.predictedDefined).toBeUndefined();
      }
      const resumption = result.points.filter((p) => p.metric === "resumptionRate");
      expect(resumption.length).toBeGreaterThan(0);
      for (const p of resumption) expect(Math.abs(p.predicted! - p.measured!), `${p.label}`).toBeLessThan(0.15);
      // Gross agreement where the measurement is valid (a shared CI machine may invalidate points: they must say why, checked above).
      const p50 = result.points.filter((p) => p.valid && p.experiment === "load-sweep" && p.metric === "handshakeLatencyS.p50" && (p.offeredLoad.fractionOfCapacity ?? 1) <= 0.6);
      for (const p of p50) expect(p.predicted! / p.measured!, `${p.server} ${p.label}`).toBeGreaterThan(1 / 3);
      for (const p of p50) expect(p.predicted! / p.measured!, `${p.server} ${p.label}`).toBeLessThan(3);
      for (const p of result.points.filter((q) => q.valid && q.metric === "capacityPerS")) expect(Math.abs(p.relativeError!), `${p.server} ${p.label}`).toBeLessThan(0.4);
      const verdict = (id: string) => result.verdicts.find((v) => v.id === id)!;
      expect(result.verdicts.map((v) => v.id).sort()).toEqual(["seed-000-session-cache", "seed-001-three-phases", "seed-002-1mb-4000", "seed-002-per-worker-cache"]);
      expect(verdict("seed-000-session-cache").verdict).toBe("false");
      if (result.servers.includes("nginx")) {
        expect(verdict("seed-002-1mb-4000").verdict).toBe("false");
        expect(verdict("seed-002-per-worker-cache").verdict).toBe("true");
      } else expect(process.env.CI).toBeUndefined();
      for (const f of ["report.html", "report.md", "validation.json", "calibration.json"]) expect(existsSync(join(out, f))).toBe(true);
      const leftover = spawnSync("sh", ["-c", `ps -eo args | grep -c "[v]alidate/\\(servers/nodeServerEntry\\|loadgen/generatorEntry\\)" || true`], { encoding: "utf8" }).stdout.trim();
      expect(leftover).toBe("0");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
