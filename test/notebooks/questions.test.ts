import { describe, expect, test } from "vitest";
import { runScenario } from "../../models/run.js";
import { loadPreset } from "../../models/scenarios/index.js";
import { runCommand, runOverrides, sweepCommand, sweepPoints, type RunSpec } from "../../notebooks/lib/command.js";
import {
  cacheSizing,
  clusterSweeps,
  nginxRun,
  sessionWallRuns,
  sessionWallSweeps,
  stormRun,
  theorySweep,
  type NginxView,
  type StormView,
} from "../../notebooks/lib/questions.js";

/** Loads the scenario a spec stands for, as the CLI would (throws ScenarioError if an override is invalid). */
const load = (spec: RunSpec) => loadPreset(spec.preset, runOverrides(spec));
const settings = { seed: 1, replications: 1 };

describe("page 2: the 100-connection wall", () => {
  const base = { clients: 300, storeCapacityEntries: 100, timeoutSec: 10, ...settings };

  test("at its defaults Node's run is the preset's own command and the article's run sets the 100-entry FIFO store", () => {
    const runs = sessionWallRuns(base);
    expect(runCommand(runs.node)).toBe("npx shakedown run node-session-wall --seed 1 --replications 1 --json");
    expect(runs.article.sets).toEqual(["fleet.tickets.enabled=false", "fleet.sessionCache.scope=instance", "fleet.sessionCache.eviction=fifo", "fleet.sessionCache.capacity=100"]);
    const article = load(runs.article);
    expect(article.fleet.sessionCache).toMatchObject({ scope: "instance", capacityEntries: 100, eviction: "fifo" });
    expect(article.fleet.tickets.enabled).toBe(false);
  });

  test("clients and timeout become overrides that load, and the sweeps vary the client count over every listed value", () => {
    const v = { ...base, clients: 2000, storeCapacityEntries: 2000, timeoutSec: 2 };
    const runs = sessionWallRuns(v);
    expect(load(runs.node).load.persistent?.count).toBe(2000);
    expect(load(runs.article).clients.timeoutSec).toBe(2);
    const sweeps = sessionWallSweeps(v);
    expect(sweepCommand(sweeps.node)).toBe("npx shakedown sweep node-session-wall --vary load.persistent.count=50,100,200,300,500,1000,2000,5000 --set clients.timeout=2s --seed 1 --replications 1 --json");
    for (const point of sweepPoints(sweeps.article)) expect(load(point).fleet.sessionCache.capacityEntries).toBe(2000);
  });

  test("a 100-entry store resumes fewer of 300 clients' handshakes than Node's tickets (the article's wall is its own store)", () => {
    const runs = sessionWallRuns(base);
    const article = runScenario(load(runs.article)).metrics.resumptionRate!.mean;
    const node = runScenario(load(runs.node)).metrics.resumptionRate!.mean;
    expect(article).toBeLessThan(0.5 * node);
  });

  test("out-of-range controls are refused with the control's path", () => {
    expect(() => sessionWallRuns({ ...base, storeCapacityEntries: 0 })).toThrow(/sessionWall\.storeCapacityEntries/);
    expect(() => sessionWallRuns({ ...base, timeoutSec: Number.NaN })).toThrow(/sessionWall\.timeoutSec/);
  });
});

describe("page 3: load-balancer storm", () => {
  const base: StormView = { timeoutSec: 10, retry: "preset", maxAttempts: 3, phase2ReuseFraction: 0, breaker: false, prewarm: false, ...settings };

  test("at its defaults the run is the preset's own command", () => {
    expect(runCommand(stormRun(base))).toBe("npx shakedown run lb-handshake-storm --seed 1 --replications 1 --json");
  });

  test("every combination of retry policy, breaker and pre-warming loads as a valid scenario with the chosen settings", () => {
    for (const retry of ["preset", "immediate", "none"] as const) {
      for (const breaker of [false, true]) {
        for (const prewarm of [false, true]) {
          const s = load(stormRun({ ...base, retry, breaker, prewarm, maxAttempts: 5, timeoutSec: 2, phase2ReuseFraction: 0.3 }));
          expect(s.clients.timeoutSec).toBe(2);
          expect(s.clients.retry.maxAttempts).toBe(retry === "none" ? 1 : 5);
          expect(s.load.reuseWindows[0]!.fraction).toBe(0.3);
          expect(s.fleet.admission.circuitBreaker !== null).toBe(breaker);
          expect(s.load.prewarm.length).toBe(prewarm ? 1 : 0);
        }
      }
    }
  });

  test("a fractional reuse is written without float noise and bad controls are refused", () => {
    expect(stormRun({ ...base, phase2ReuseFraction: 0.1 + 0.2 }).sets).toContain("load.reuseWindows[0].fraction=0.3");
    expect(() => stormRun({ ...base, maxAttempts: 1 })).toThrow(/storm\.maxAttempts/);
    expect(() => stormRun({ ...base, retry: "sometimes" as StormView["retry"] })).toThrow(/storm\.retry/);
  });
});

describe("page 4: nginx", () => {
  const base: NginxView = { workers: 2, cache: "instance", cacheSizeKiB: 1024, tickets: true, stack: "tls12-rsa", reuseFraction: 0, population: 1_000_000, ratePerSec: 3400, ...settings };

  test("at its defaults the run is the preset for 40 s", () => {
    expect(runCommand(nginxRun(base))).toBe("npx shakedown run nginx-cpu-saturation --duration 40s --seed 1 --replications 1 --json");
  });

  test("every cache scope, tickets setting and protocol loads with the chosen values", () => {
    for (const cache of ["instance", "worker", "none"] as const) {
      for (const tickets of [true, false]) {
        for (const stack of ["tls12-rsa", "tls13-ecdsa"] as const) {
          const s = load(nginxRun({ ...base, cache, tickets, stack, workers: 4, cacheSizeKiB: 512, reuseFraction: 0.5, population: 20000, ratePerSec: 5000 }));
          expect(s.fleet.sessionCache.scope).toBe(cache);
          expect(s.fleet.tickets.enabled).toBe(tickets);
          expect(s.fleet.tlsVersion).toBe(stack === "tls12-rsa" ? "1.2" : "1.3");
          expect(s.fleet.workersPerInstance).toBe(4);
          expect(s.load.reuseFraction).toBe(0.5);
          expect(s.load.ratePerSec).toBe(5000);
          expect(s.clients.population).toBe(20000);
        }
      }
    }
  });

  test("cache sizing: 3,400/s for 300 s is 255 MB by the article's rule and 385 MiB at the measured 2,650 sessions per MiB; TLS 1.3 needs twice that", () => {
    const tls12 = cacheSizing({ ratePerSec: 3400, timeoutSec: 300, population: 1e7, tls: "1.2" });
    expect(tls12.sessions).toBe(1_020_000);
    expect(tls12.articleMiB).toBe(255);
    expect(tls12.measuredMiB).toBeCloseTo(384.9, 1);
    expect(cacheSizing({ ratePerSec: 3400, timeoutSec: 300, population: 1e7, tls: "1.3" }).measuredMiB).toBeCloseTo(2 * tls12.measuredMiB, 9);
    expect(cacheSizing({ ratePerSec: 3400, timeoutSec: 300, population: 20000, tls: "1.2" }).sessions).toBe(20000);
    expect(() => cacheSizing({ ratePerSec: 0, timeoutSec: 300, population: 1, tls: "1.2" })).toThrow(/cacheSizing\.ratePerSec/);
  });
});

describe("page 5: cluster sessions", () => {
  test("three configurations, each swept over 1 to 16 workers, load with their store and tickets", () => {
    const sweeps = clusterSweeps({ population: 2000, ticketKeys: "worker", ...settings });
    expect(sweeps.map((s) => s.label)).toEqual(["per-process store", "shared store", "tickets"]);
    const scopes = sweeps.map((s) => load(sweepPoints(s)[2]!));
    expect(scopes.map((s) => s.fleet.sessionCache.scope)).toEqual(["worker", "instance", "worker"]);
    expect(scopes[2]!.fleet.tickets).toMatchObject({ enabled: true, keyScope: "worker" });
    expect(scopes[0]!.fleet.workersPerInstance).toBe(4);
    expect(sweepCommand(sweeps[1]!)).toBe("npx shakedown sweep node-cluster-sessions --vary fleet.workers=1,2,4,8,16 --set fleet.sessionCache.scope=instance --duration 20s --seed 1 --replications 1 --json");
  });
});

describe("page 9: theory", () => {
  test("the sweep's rates are ρ·c per millisecond and each service choice loads as its distribution", () => {
    const sweep = theorySweep({ servers: 2, service: "gamma", cv: 0.5, ...settings });
    expect(sweep.vary.values).toEqual(["600/s", "1000/s", "1400/s", "1600/s", "1800/s"]);
    expect(load(sweepPoints(sweep)[0]!).fleet.handshake.full.cpuSec).toEqual({ kind: "gamma", mean: 0.001, cv: 0.5 });
    expect(load(sweepPoints(theorySweep({ servers: 1, service: "constant", cv: 1, ...settings }))[4]!).fleet.handshake.full.cpuSec).toEqual({ kind: "constant", value: 0.001 });
    expect(theorySweep({ servers: 4, service: "exponential", cv: 1, ...settings }).sets).toEqual([]);
    expect(() => theorySweep({ servers: 0, service: "exponential", cv: 1, ...settings })).toThrow(/theory\.servers/);
  });
});
