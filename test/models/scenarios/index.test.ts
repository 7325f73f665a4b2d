import { describe, expect, test } from "vitest";
import { ScenarioError } from "../../../models/scenario/issues.js";
import { isPresetName, loadPreset, presetNames, presetPath, presetSummaries, presetText } from "../../../models/scenarios/index.js";

describe("presets", () => {
  for (const name of presetNames) {
    test(`${name} parses, is named after its file and runs at most 60 simulated seconds`, () => {
      const scenario = loadPreset(name);
      expect(scenario.name).toBe(name);
      expect(scenario.description.length).toBeGreaterThan(20);
      expect(scenario.run.durationSec).toBeLessThanOrEqual(60);
    });

    test(`${name} opens with a comment block that states its claim and the measurements`, () => {
      const text = presetText(name);
      const header = text.slice(0, text.indexOf("\nname:"));
      expect(header.split("\n").every((line) => line.startsWith("#"))).toBe(true);
      expect(header).toMatch(/tls-ground-truth|Erlang C/);
    });
  }

  test("the seed presets cite their article", () => {
    expect(presetText("node-session-wall")).toContain("Seed 000");
    expect(presetText("lb-handshake-storm")).toContain("Seed 001");
    expect(presetText("nginx-cpu-saturation")).toContain("Seed 002");
    expect(presetText("node-cluster-sessions")).toContain("Seed 003");
  });

  test("presetSummaries lists every preset with its one-line description", () => {
    const summaries = presetSummaries();
    expect(summaries.map((s) => s.name)).toEqual([...presetNames]);
    for (const s of summaries) expect(s.description).not.toContain("\n");
    expect(summaries[0]!.description).toBe(loadPreset(summaries[0]!.name).description);
  });

  test("an unknown preset is a ScenarioError listing the presets", () => {
    expect(isPresetName("nope")).toBe(false);
    expect(() => presetPath("nope")).toThrow(ScenarioError);
    expect(() => loadPreset("nope")).toThrow(`unknown preset "nope"; presets: ${presetNames.join(", ")}`);
  });
});

describe("mmc-baseline is exactly M/M/4 at λ = 3000/s, μ = 1000/s", () => {
  const s = loadPreset("mmc-baseline");

  test("Poisson arrivals, one instance of 4 workers on a shared queue, exponential 1 ms in one CPU phase", () => {
    expect([s.load.arrivals, s.load.ratePerSec, s.load.reuseFraction, s.load.persistent]).toEqual(["poisson", 3000, 0, null]);
    expect([s.fleet.instances, s.fleet.workersPerInstance, s.fleet.dispatch]).toEqual([1, 4, "shared"]);
    expect(s.fleet.handshake.full).toEqual({ cpuSec: { kind: "exponential", mean: 0.001 }, secondPhaseFraction: 0 });
    expect([s.network.rttSec, s.fleet.requestCpuSec, s.fleet.blockingWork]).toEqual([0, null, null]);
  });

  test("nothing can resume, nothing times out, and the queue is effectively unbounded", () => {
    expect([s.fleet.sessionCache.scope, s.fleet.tickets.enabled, s.clients.offerSessionId, s.clients.offerTicket]).toEqual(["none", false, false, false]);
    expect([s.clients.timeoutSec, s.clients.retry.maxAttempts]).toEqual([Infinity, 1]);
    expect(s.fleet.listenBacklog).toBe(65535);
    expect(s.fleet.admission.maxHandshakesPerWorker).toBe(Infinity);
  });
});

describe("seed presets carry the measured defaults", () => {
  test("node-session-wall: Node tickets live 7200 s, no server cache, 300 persistent clients", () => {
    const s = loadPreset("node-session-wall");
    expect(s.fleet.tickets).toMatchObject({ enabled: true, lifetimeSec: 7200, renewOnResume: false, graceKeys: 0 });
    expect(s.fleet.sessionCache.scope).toBe("none");
    expect(s.fleet.listenBacklog).toBe(511);
    expect(s.load.persistent?.count).toBe(300);
    expect(s.load.ratePerSec).toBe(0);
    expect(s.fleet.handshake.full.cpuSec).toEqual({ kind: "gamma", mean: 0.000766, cv: 0.5 });
  });

  test("node-session-wall: the article's 100-entry cache is four --set away", () => {
    const sets = ["fleet.tickets.enabled=false", "fleet.sessionCache.scope=instance", "fleet.sessionCache.eviction=fifo"];
    const small = loadPreset("node-session-wall", [...sets, "fleet.sessionCache.capacity=100"]);
    expect(small.fleet.tickets.enabled).toBe(false);
    expect(small.fleet.sessionCache).toMatchObject({ scope: "instance", capacityEntries: 100, eviction: "fifo", lifetimeSec: 7200 });
    expect(loadPreset("node-session-wall", [...sets, "fleet.sessionCache.capacity=2000"]).fleet.sessionCache.capacityEntries).toBe(2000);
  });

  test("lb-handshake-storm: reuse 0.9 except a 15 s window of none; RSA TLS 1.2; timeouts with retries", () => {
    const s = loadPreset("lb-handshake-storm");
    expect(s.load.reuseFraction).toBe(0.9);
    expect(s.load.reuseWindows).toEqual([{ atSec: 20, forSec: 15, fraction: 0 }]);
    expect([s.fleet.instances, s.fleet.certificate, s.fleet.tlsVersion]).toEqual([3, "rsa-2048", "1.2"]);
    expect(s.clients.timeoutSec).toBe(10);
    expect(s.clients.retry.maxAttempts).toBe(3);
    // 7500 handshakes/s against 3 workers at 0.531 ms: 133 % of capacity while reuse is 0.
    expect((s.load.ratePerSec * 0.000531) / s.fleet.instances).toBeGreaterThan(1.3);
  });

  test("nginx-cpu-saturation: shared:SSL:1m holds 2650 sessions; tickets and cache live 300 s; the spike overloads", () => {
    const s = loadPreset("nginx-cpu-saturation");
    expect(s.fleet.sessionCache).toMatchObject({ scope: "instance", capacityEntries: 2650, eviction: "fifo", lifetimeSec: 300 });
    expect(s.fleet.tickets.lifetimeSec).toBe(300);
    expect(s.fleet.listenBacklog).toBe(511);
    const capacityPerSec = s.fleet.workersPerInstance / 0.000531;
    expect(s.load.ratePerSec / capacityPerSec).toBeCloseTo(0.9, 1);
    expect(s.load.spikes[0]!.ratePerSec / capacityPerSec).toBeGreaterThan(1.15);
  });

  test("node-cluster-sessions: per-worker session stores, tickets off, TLS 1.2, 4 workers", () => {
    const s = loadPreset("node-cluster-sessions");
    expect(s.fleet.sessionCache).toMatchObject({ scope: "worker", capacityEntries: Infinity, lifetimeSec: 7200 });
    expect([s.fleet.tickets.enabled, s.fleet.tlsVersion, s.fleet.workersPerInstance]).toEqual([false, "1.2", 4]);
  });
});
