import { describe, expect, test } from "vitest";
import { parseScenario } from "../../../models/scenario/load.js";
import { DEFAULT_SCENARIO_NAME } from "../../../models/scenario/resolve.js";
import { issueAt, minimalRaw, rawWith, scenarioErrorOf } from "./fixtures.js";

describe("defaults of the run, network, clients and lists", () => {
  const s = parseScenario(minimalRaw());

  test("a minimal file gets the documented run and network defaults", () => {
    expect(s.run).toEqual({ durationSec: 60, warmupSec: 0, seed: 1, replications: 1, windowSec: 1, confidenceLevel: 0.95 });
    expect(s.network).toEqual({ rttSec: 0 });
    expect([s.name, s.description, s.events, s.slos]).toEqual([DEFAULT_SCENARIO_NAME, "", [], []]);
  });

  test("clients default to 1000 uniform clients with no timeout, no retry, Linux SYN retransmission and no client CPU", () => {
    expect(s.clients).toEqual({
      population: 1000,
      selection: { kind: "uniform" },
      timeoutSec: Infinity,
      retry: { backoff: { kind: "none" }, jitter: "none", maxAttempts: 1, budget: null },
      syn: { initialRtoSec: 1, synRetries: 6 },
      offerSessionId: true,
      offerTicket: true,
      cpu: null,
    });
  });

  test("load defaults to Poisson arrivals with no reuse and empty schedules", () => {
    expect(s.load).toEqual({
      arrivals: "poisson",
      ratePerSec: 100,
      phases: [],
      ramps: [],
      spikes: [],
      reuseFraction: 0,
      reuseWindows: [],
      prewarm: [],
      persistent: null,
      senderStalls: null,
    });
  });
});

describe("conversions of stated values", () => {
  test("run and network values are converted from units", () => {
    const s = parseScenario(
      rawWith({ run: { duration: "2m", warmup: "5s", seed: 7, replications: 20, window: "250ms", confidence: 0.99 }, network: { rtt: "30ms" } }),
    );
    expect(s.run).toEqual({ durationSec: 120, warmupSec: 5, seed: 7, replications: 20, windowSec: 0.25, confidenceLevel: 0.99 });
    expect(s.network.rttSec).toBe(0.03);
  });

  test("load schedules are converted to seconds and per-second rates", () => {
    const s = parseScenario(
      rawWith({
        load: {
          arrivals: "uniform",
          rate: "800/s",
          phases: [{ at: "10s", rate: "1.5k/s" }, { at: "40s", rate: "60/min" }],
          ramps: [{ from: "20s", to: "30s", startRate: "1500/s", endRate: "3000/s" }],
          spikes: [{ at: "45s", for: "3s", rate: "5000/s" }],
          reuse: 0.7,
          reuseWindows: [{ at: "5s", for: "5s", fraction: 0 }],
          prewarm: [{ at: "1s", over: "2s", connections: 500 }],
          persistent: { count: 300, hold: { exponential: "20s" }, think: "2s", startSpread: "1s" },
          senderStalls: { every: "80ms", length: { empirical: ["1ms", "3ms"] } },
        },
      }),
    );
    expect(s.load).toEqual({
      arrivals: "uniform",
      ratePerSec: 800,
      phases: [
        { atSec: 10, ratePerSec: 1500 },
        { atSec: 40, ratePerSec: 1 },
      ],
      ramps: [{ fromSec: 20, toSec: 30, startRatePerSec: 1500, endRatePerSec: 3000 }],
      spikes: [{ atSec: 45, forSec: 3, ratePerSec: 5000 }],
      reuseFraction: 0.7,
      reuseWindows: [{ atSec: 5, forSec: 5, fraction: 0 }],
      prewarm: [{ atSec: 1, overSec: 2, connections: 500 }],
      persistent: { count: 300, holdSec: { kind: "exponential", mean: 20 }, thinkSec: { kind: "constant", value: 2 }, startSpreadSec: 1 },
      senderStalls: { everySec: 0.08, lengthSec: { kind: "empirical", samples: [0.001, 0.003] } },
    });
  });

  test("persistent clients alone are enough load", () => {
    const s = parseScenario({ load: { persistent: { count: 5, hold: "1s", think: "1s" } }, fleet: { software: "node" } });
    expect(s.load.ratePerSec).toBe(0);
    expect(s.load.persistent?.startSpreadSec).toBe(0);
  });

  test("retry policies are converted to the RetryPolicy shapes", () => {
    const s = parseScenario(
      rawWith({
        clients: {
          timeout: "200ms",
          retry: { backoff: { exponential: { base: "100ms", multiplier: 2, cap: "10s" } }, jitter: "full", maxAttempts: 4, budget: {} },
          syn: { initialRto: "3s", retries: 2 },
          selection: { zipf: 1.1 },
        },
      }),
    );
    expect(s.clients.timeoutSec).toBe(0.2);
    expect(s.clients.retry).toEqual({
      backoff: { kind: "exponential", baseSec: 0.1, multiplier: 2, capSec: 10 },
      jitter: "full",
      maxAttempts: 4,
      budget: { ratio: 0.2, minRetriesPerSec: 10, maxTokens: 100 },
    });
    expect(s.clients.syn).toEqual({ initialRtoSec: 3, synRetries: 2 });
    expect(s.clients.selection).toEqual({ kind: "zipf", alpha: 1.1 });
  });

  test("constant and immediate backoffs, and a budget of none", () => {
    const constant = parseScenario(rawWith({ clients: { retry: { backoff: { constant: "100ms" }, maxAttempts: 2, budget: "none" } } }));
    expect(constant.clients.retry.backoff).toEqual({ kind: "constant", delaySec: 0.1 });
    expect(constant.clients.retry.budget).toBeNull();
    const immediate = parseScenario(rawWith({ clients: { retry: { backoff: "immediate", maxAttempts: 9 } } }));
    expect(immediate.clients.retry.backoff).toEqual({ kind: "immediate" });
  });

  test('a timeout of "none" is Infinity and a zero timeout is refused', () => {
    expect(parseScenario(rawWith({ clients: { timeout: "none" } })).clients.timeoutSec).toBe(Infinity);
    const error = scenarioErrorOf(() => parseScenario(rawWith({ clients: { timeout: "0s" } })));
    expect(issueAt(error, "clients.timeout").message).toBe('expected a duration > 0, found "0s"');
  });

  test("an exponential backoff whose cap is below its base is refused", () => {
    const raw = rawWith({ clients: { retry: { backoff: { exponential: { base: "1s", multiplier: 2, cap: "100ms" } }, maxAttempts: 3 } } });
    expect(issueAt(scenarioErrorOf(() => parseScenario(raw)), "clients.retry.backoff.exponential.cap").message).toBe(
      "expected a duration >= base (1s), found 100ms",
    );
  });

  test("SLO strings become Slo objects", () => {
    const s = parseScenario(rawWith({ slos: ["handshakeLatencyS.p99 < 100ms", "failureRate <= 0.1%"] }));
    expect(s.slos).toEqual([
      { metric: "handshakeLatencyS.p99", op: "<", value: 0.1 },
      { metric: "failureRate", op: "<=", value: 0.001 },
    ]);
  });
});

describe("cross-field checks of the load", () => {
  test("a phase inside a ramp is refused", () => {
    const raw = rawWith({
      load: { phases: [{ at: "15s", rate: "1/s" }], ramps: [{ from: "10s", to: "20s", startRate: "1/s", endRate: "2/s" }] },
    });
    expect(issueAt(scenarioErrorOf(() => parseScenario(raw)), "load.phases[0].at").message).toBe(
      "falls inside load.ramps[0] (10s to 20s), found 15s: put phases before or after a ramp",
    );
  });

  test("a phase at a ramp's end is allowed", () => {
    const raw = rawWith({
      load: { phases: [{ at: "20s", rate: "1/s" }], ramps: [{ from: "10s", to: "20s", startRate: "1/s", endRate: "2/s" }] },
    });
    expect(parseScenario(raw).load.phases).toEqual([{ atSec: 20, ratePerSec: 1 }]);
  });

  test("overlapping spikes and reuse windows are refused; touching ones are allowed", () => {
    const touching = rawWith({
      load: {
        spikes: [{ at: "1s", for: "2s", rate: "5/s" }, { at: "3s", for: "1s", rate: "6/s" }],
        reuseWindows: [{ at: "1s", for: "2s", fraction: 0 }, { at: "3s", for: "1s", fraction: 1 }],
      },
    });
    expect(parseScenario(touching).load.spikes).toHaveLength(2);
    const overlapping = rawWith({ load: { reuseWindows: [{ at: "1s", for: "3s", fraction: 0 }, { at: "3s", for: "1s", fraction: 1 }] } });
    expect(issueAt(scenarioErrorOf(() => parseScenario(overlapping)), "load.reuseWindows[1].at").message).toContain(
      "expected a time >= the end of load.reuseWindows[0] (4s), found 3s",
    );
  });

  test("a pre-warming that runs past the end is refused", () => {
    const raw = rawWith({ run: { duration: "10s" }, load: { prewarm: [{ at: "5s", over: "6s", connections: 10 }] } });
    expect(issueAt(scenarioErrorOf(() => parseScenario(raw)), "load.prewarm[0].over").message).toBe(
      "expected to end by run.duration (10s), but it ends at 11s",
    );
  });

  test("a window wider than the run is refused", () => {
    const raw = rawWith({ run: { duration: "1s", window: "2s" } });
    expect(issueAt(scenarioErrorOf(() => parseScenario(raw)), "run.window").message).toBe("expected a duration <= run.duration (1s), found 2s");
  });

  test("cross-field checks wait until every field parses on its own", () => {
    const raw = rawWith({ run: { duration: "10s", warmup: "20s" }, fleet: { software: "node", workers: 0 } });
    const error = scenarioErrorOf(() => parseScenario(raw));
    expect(error.issues.map((i) => i.path)).toEqual(["fleet.workers"]);
  });
});
