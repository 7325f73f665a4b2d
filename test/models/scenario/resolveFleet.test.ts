import { describe, expect, test } from "vitest";
import { parseScenario } from "../../../models/scenario/load.js";
import { issueAt, parseFleet, rawWith, scenarioErrorOf } from "./fixtures.js";

describe("fleet defaults for Node 20", () => {
  const fleet = parseFleet({ software: "node" });

  test("Node keeps no server session cache and resumes with tickets valid for 7200 s", () => {
    expect(fleet.sessionCache.scope).toBe("none");
    expect(fleet.tickets).toEqual({
      enabled: true,
      keyScope: "instance",
      graceKeys: 0,
      lifetimeSec: 7200,
      renewOnResume: false,
      keysSurviveRestart: false,
    });
  });

  test("Node issues no ticket on a resumed handshake in either TLS version", () => {
    expect(parseFleet({ software: "node", tls: "1.2" }).tickets.renewOnResume).toBe(false);
    expect(parseFleet({ software: "node", tls: "1.3" }).tickets.renewOnResume).toBe(false);
  });

  test("Node's accept queue is its 511 backlog, and a cluster gets per-worker queues", () => {
    expect(fleet.listenBacklog).toBe(511);
    expect(fleet.dispatch).toBe("reuseport");
    expect(fleet.workersPerInstance).toBe(1);
  });

  test("a Node session store, once configured, is unbounded LRU with OpenSSL's 7200 s lifetime", () => {
    const cache = parseFleet({ software: "node", sessionCache: { scope: "worker" } }).sessionCache;
    expect(cache).toEqual({
      scope: "worker",
      capacityEntries: Infinity,
      entriesPerFullHandshake: 2,
      eviction: "lru",
      lifetimeSec: 7200,
      lifetimeFrom: "creation",
      lookupSec: 0,
    });
  });

  test("Node's handshake costs are the measured means at 600/s as gamma with cv 0.5", () => {
    expect(fleet.tlsVersion).toBe("1.3");
    expect(fleet.certificate).toBe("ecdsa-p256");
    expect(fleet.handshake.full).toEqual({ cpuSec: { kind: "gamma", mean: 0.000517, cv: 0.5 }, secondPhaseFraction: 0.2 });
    expect(fleet.handshake.resumed).toEqual({ cpuSec: { kind: "gamma", mean: 0.000469, cv: 0.5 }, secondPhaseFraction: 0.2 });
    const rsa12 = parseFleet({ software: "node", certificate: "rsa-2048", tls: 1.2 });
    expect(rsa12.handshake.full).toEqual({ cpuSec: { kind: "gamma", mean: 0.000766, cv: 0.5 }, secondPhaseFraction: 0.5 });
    expect(rsa12.handshake.resumed.cpuSec).toEqual({ kind: "gamma", mean: 0.0003, cv: 0.5 });
  });
});

describe("fleet defaults for nginx 1.22", () => {
  test("nginx tickets live 300 s (ssl_session_timeout) and renew on a TLS 1.3 resumption only", () => {
    const t13 = parseFleet({ software: "nginx" }).tickets;
    expect(t13).toEqual({ enabled: true, keyScope: "instance", graceKeys: 0, lifetimeSec: 300, renewOnResume: true, keysSurviveRestart: false });
    expect(parseFleet({ software: "nginx", tls: "1.2" }).tickets.renewOnResume).toBe(false);
  });

  test("a shared:SSL:1m cache holds 2650 entries, evicts FIFO by creation after 300 s, 2 entries per TLS 1.3 full handshake", () => {
    const cache = parseFleet({ software: "nginx", sessionCache: { scope: "instance", size: "1m" } }).sessionCache;
    expect(cache).toEqual({
      scope: "instance",
      capacityEntries: 2650,
      entriesPerFullHandshake: 2,
      eviction: "fifo",
      lifetimeSec: 300,
      lifetimeFrom: "creation",
      lookupSec: 0,
    });
    expect(parseFleet({ software: "nginx", tls: "1.2", sessionCache: { scope: "instance", size: "2m" } }).sessionCache).toMatchObject({
      capacityEntries: 5300,
      entriesPerFullHandshake: 1,
    });
  });

  test("a builtin (per-worker) cache without a size holds 20480 sessions", () => {
    expect(parseFleet({ software: "nginx", sessionCache: { scope: "worker" } }).sessionCache.capacityEntries).toBe(20480);
  });

  test("a shared nginx cache needs a size or capacity", () => {
    const error = scenarioErrorOf(() => parseScenario(rawWith({ fleet: { software: "nginx", sessionCache: { scope: "instance" } } })));
    expect(issueAt(error, "fleet.sessionCache.capacity").message).toContain("required with scope instance and software nginx");
  });

  test("nginx workers share one accept queue", () => {
    expect(parseFleet({ software: "nginx", workers: 4 }).dispatch).toBe("shared");
  });

  test("nginx handshake costs come from the nginx rows of the table", () => {
    const f = parseFleet({ software: "nginx", certificate: "rsa-2048", tls: "1.2" });
    expect(f.handshake.full.cpuSec).toEqual({ kind: "gamma", mean: 0.000531, cv: 0.5 });
    expect(f.handshake.resumed.cpuSec).toEqual({ kind: "gamma", mean: 0.00018, cv: 0.5 });
  });
});

describe("fleet defaults for generic servers and stated values", () => {
  test("generic has no resumption and needs its full handshake cost, reused for the unused resumed cost", () => {
    const f = parseFleet({ software: "generic", handshake: { full: { cpu: { exponential: "1ms" } } } });
    expect(f.sessionCache.scope).toBe("none");
    expect(f.tickets.enabled).toBe(false);
    expect(f.handshake.full.cpuSec).toEqual({ kind: "exponential", mean: 0.001 });
    expect(f.handshake.resumed.cpuSec).toEqual({ kind: "exponential", mean: 0.001 });
    const error = scenarioErrorOf(() => parseScenario({ load: { rate: "1/s" }, fleet: { software: "generic" } }));
    expect(issueAt(error, "fleet.handshake.full.cpu").message).toContain("software generic has no measured default");
  });

  test("generic with tickets on needs its resumed cost too", () => {
    const fleet = { software: "generic", handshake: { full: { cpu: "1ms" } }, tickets: { enabled: true } };
    const error = scenarioErrorOf(() => parseScenario({ load: { rate: "1/s" }, fleet }));
    expect(issueAt(error, "fleet.handshake.resumed.cpu").message).toContain("required");
  });

  test("ticket keys may be per worker, per instance (default) or shared by the fleet", () => {
    expect(parseFleet({ software: "node", workers: 4 }).tickets.keyScope).toBe("instance");
    expect(parseFleet({ software: "node", tickets: { keyScope: "worker" } }).tickets.keyScope).toBe("worker");
    expect(parseFleet({ software: "nginx", tickets: { keyScope: "fleet" } }).tickets.keyScope).toBe("fleet");
  });

  test("a custom certificate takes the stated costs", () => {
    const f = parseFleet({
      software: "node",
      certificate: "custom",
      handshake: { full: { cpu: "2ms", secondPhase: 0.3 }, resumed: { cpu: { gamma: { mean: "1ms", cv: 0.2 } } } },
    });
    expect(f.handshake.full).toEqual({ cpuSec: { kind: "constant", value: 0.002 }, secondPhaseFraction: 0.3 });
    expect(f.handshake.resumed).toEqual({ cpuSec: { kind: "gamma", mean: 0.001, cv: 0.2 }, secondPhaseFraction: 0.2 });
  });

  test("the accept queue is min(listenBacklog, somaxconn)", () => {
    expect(parseFleet({ software: "node", listenBacklog: 8192 }).listenBacklog).toBe(4096);
    expect(parseFleet({ software: "node", listenBacklog: 100 }).listenBacklog).toBe(100);
    expect(parseFleet({ software: "node", somaxconn: 128 }).listenBacklog).toBe(128);
    expect(parseFleet({ software: "node", listenBacklog: 8192, somaxconn: 65535 }).listenBacklog).toBe(8192);
  });

  test("sessionCache.timeout sets the ticket lifetime unless tickets state their own", () => {
    expect(parseFleet({ software: "nginx", sessionCache: { timeout: "10m" } }).tickets.lifetimeSec).toBe(600);
    expect(parseFleet({ software: "nginx", sessionCache: { timeout: "10m" }, tickets: { lifetime: "1h" } }).tickets.lifetimeSec).toBe(3600);
    expect(parseFleet({ software: "node", tickets: { lifetime: "inf" } }).tickets.lifetimeSec).toBe(Infinity);
  });

  test("an external fleet cache needs its lookup latency", () => {
    const f = parseFleet({ software: "node", sessionCache: { scope: "fleet", capacity: 5000, lookup: "0.5ms" } });
    expect(f.sessionCache).toMatchObject({ scope: "fleet", capacityEntries: 5000, lookupSec: 0.0005 });
    const error = scenarioErrorOf(() => parseScenario(rawWith({ fleet: { software: "node", sessionCache: { scope: "fleet", capacity: 5 } } })));
    expect(issueAt(error, "fleet.sessionCache.lookup").message).toContain("required with scope fleet");
  });

  test("a cache size too small for one session is refused", () => {
    const error = scenarioErrorOf(() => parseScenario(rawWith({ fleet: { software: "nginx", sessionCache: { scope: "instance", size: "100" } } })));
    expect(issueAt(error, "fleet.sessionCache.size").message).toContain("holds no session");
  });

  test("admission is off by default and a circuit breaker takes Hystrix's defaults", () => {
    expect(parseFleet({ software: "node" }).admission).toEqual({
      maxHandshakesPerWorker: Infinity,
      maxConnectionsPerInstance: Infinity,
      rejectCpuSec: 0.00005,
      circuitBreaker: null,
    });
    const a = parseFleet({ software: "node", admission: { maxHandshakesPerWorker: 64, circuitBreaker: { latencyThreshold: "500ms" } } }).admission;
    expect(a.maxHandshakesPerWorker).toBe(64);
    expect(a.circuitBreaker).toEqual({
      windowSec: 10,
      latencyThresholdSec: 0.5,
      tripFraction: 0.5,
      queueDepthThreshold: null,
      minObservations: 20,
      openSec: 5,
      halfOpenAdmitEvery: 10,
    });
  });

  test("request work and blocking work are off unless stated", () => {
    const plain = parseFleet({ software: "node" });
    expect([plain.requestCpuSec, plain.blockingWork, plain.restartDowntimeSec, plain.abandonedWork]).toEqual([null, null, 1, "do"]);
    const busy = parseFleet({ software: "node", requestCpu: "600us", blockingWork: { every: "5s", cpu: { uniform: { min: "10ms", max: "50ms" } } } });
    expect(busy.requestCpuSec).toEqual({ kind: "constant", value: 0.0006 });
    expect(busy.blockingWork).toEqual({ everySec: 5, cpuSec: { kind: "uniform", min: 0.01, max: 0.05 } });
  });
});

describe("events", () => {
  test("simple events get a zero stagger by default", () => {
    const s = parseScenario(rawWith({ events: [{ kind: "rotate-ticket-keys", at: "10s" }, { kind: "restart-workers", at: "20s", stagger: "30s" }] }));
    expect(s.events).toEqual([
      { kind: "rotate-ticket-keys", atSec: 10, staggerSec: 0 },
      { kind: "restart-workers", atSec: 20, staggerSec: 30 },
    ]);
  });

  test("a certificate rotation reloads nginx (new workers, new ticket keys) but not Node", () => {
    const event = [{ kind: "rotate-certificate", at: "10s" }];
    expect(parseScenario(rawWith({ events: event }, "nginx")).events[0]).toEqual({
      kind: "rotate-certificate",
      atSec: 10,
      staggerSec: 0,
      flushCache: false,
      rotateTicketKeys: true,
      restartWorkers: true,
    });
    expect(parseScenario(rawWith({ events: event }, "node")).events[0]).toMatchObject({ rotateTicketKeys: true, restartWorkers: false });
    const keyFiles = rawWith({ events: event, fleet: { software: "nginx", tickets: { keysSurviveRestart: true } } });
    expect(parseScenario(keyFiles).events[0]).toMatchObject({ rotateTicketKeys: false, restartWorkers: true });
  });

  test("a stagger that runs past the end of the run is refused", () => {
    const error = scenarioErrorOf(() => parseScenario(rawWith({ run: { duration: "30s" }, events: [{ kind: "flush-cache", at: "20s", stagger: "20s" }] })));
    expect(issueAt(error, "events[0].stagger").message).toBe("expected the event to end by run.duration (30s), but at + stagger is 40s");
  });

  test("only rotate-certificate takes side-effect flags", () => {
    const error = scenarioErrorOf(() => parseScenario(rawWith({ events: [{ kind: "flush-cache", at: "1s", restartWorkers: true }] })));
    expect(issueAt(error, "events[0].restartWorkers").message).toContain('unknown key "restartWorkers"');
  });
});
