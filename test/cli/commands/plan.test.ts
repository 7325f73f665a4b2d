import { describe, expect, test } from "vitest";
import { parseKnob, planAnswerText } from "../../../cli/commands/plan.js";
import { loadPreset } from "../../../models/scenarios/index.js";
import { erlangC } from "../../sim/theory.js";
import { shakedown } from "../spawn.js";

/** Mean sojourn time of M/M/c (Erlang C): T = 1/μ + C(c, a)/(cμ − λ), infinite when cμ <= λ. */
function mmcSojournSec(servers: number, arrivalRatePerSec: number, serviceRatePerSec: number): number {
  if (servers * serviceRatePerSec <= arrivalRatePerSec) return Infinity;
  return 1 / serviceRatePerSec + erlangC(servers, arrivalRatePerSec / serviceRatePerSec) / (servers * serviceRatePerSec - arrivalRatePerSec);
}

describe("shakedown plan", () => {
  test("on mmc-baseline, the smallest worker count meeting a mean-latency SLO is the one Erlang C's formula gives", () => {
    const scenario = loadPreset("mmc-baseline");
    const cpu = scenario.fleet.handshake.full.cpuSec;
    if (cpu.kind !== "exponential") throw new Error(`mmc-baseline: expected exponential service, found ${cpu.kind}`);
    const lambda = scenario.load.ratePerSec;
    const mu = 1 / cpu.mean;
    const thresholdSec = 0.0013;
    let expected = 1;
    while (mmcSojournSec(expected, lambda, mu) >= thresholdSec) expected++;
    // Well away from a knife edge: the answer is 10 % under the threshold, the value below it 10 % over.
    expect(mmcSojournSec(expected, lambda, mu)).toBeLessThan(0.9 * thresholdSec);
    expect(mmcSojournSec(expected - 1, lambda, mu)).toBeGreaterThan(1.1 * thresholdSec);

    const ran = shakedown(["plan", "mmc-baseline", "--knob", "fleet.workers=1..16", "--slo", "latency<1.3ms", "--duration", "8s", "--set", "run.warmup=1s", "--replications", "3", "--json", "--workers", "1"]);
    expect(ran.status).toBe(0);
    const out = JSON.parse(ran.stdout);
    expect(out.answer).toBe(expected);
    expect(out.knob).toEqual({ path: "fleet.workers", lo: 1, hi: 16 });
    expect(out.slos).toEqual(["latency<1.3ms"]);
    // Evidence: every value tried, passing exactly from the answer on, and the answer itself among them.
    for (const e of out.evaluations) {
      expect(e.pass).toBe(e.value >= expected);
      expect(e.slos[0]).toMatchObject({ metric: "handshakeLatencyS.mean", compared: "upper", met: e.pass });
    }
    expect(out.evaluations.map((e: { value: number }) => e.value)).toContain(expected);
    expect(out.evaluations.map((e: { value: number }) => e.value)).toContain(expected - 1);
  });

  test("when even the top of the range fails, the answer is null, with exit 0 and a sentence saying so", () => {
    const ran = shakedown(["plan", "mmc-baseline", "--knob", "fleet.workers=1..3", "--slo", "p99<5ms", "--duration", "4s", "--set", "run.warmup=1s", "--replications", "2", "--workers", "1"]);
    expect(ran.status).toBe(0);
    expect(ran.stdout).toContain("No fleet.workers in 1..3 meets every SLO (p99<5ms) with confidence: even 3 fails.");
    expect(ran.stdout).toMatch(/step +fleet\.workers +handshakeLatencyS\.p99 +95% CI +verdict/);
  });

  test("plan without an SLO, or with a malformed knob, is a usage error", () => {
    const noSlo = shakedown(["plan", "mmc-baseline", "--knob", "fleet.workers=1..4"]);
    expect(noSlo.status).toBe(2);
    expect(noSlo.stderr).toContain("plan needs at least one SLO");
    expect(() => parseKnob("fleet.workers=8")).toThrow(/--knob "fleet.workers=8": expected path=lo..hi/);
    expect(parseKnob("fleet.instances=2..20")).toEqual({ path: "fleet.instances", lo: 2, hi: 20 });
  });

  test("the answer sentence names the knob, the SLOs and the value", () => {
    const base = { scenario: "s", seed: 1, replications: 2, confidenceLevel: 0.95, knob: { path: "fleet.workers", lo: 1, hi: 8 }, slos: ["p99<100ms"], evaluations: [] };
    expect(planAnswerText({ ...base, answer: 5 })).toBe("Smallest fleet.workers meeting every SLO (p99<100ms) with confidence: 5.");
  });
});
