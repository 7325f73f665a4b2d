/**
 * Client-side CPU (models/client/clientLoops.ts): one loop runs its work first come first served,
 * skips the work of attempts that ended, and keeps the loop busy with after-completion work; in a
 * run, the client loop is a queue in tandem with the server (M/M/1 at the client when the server
 * costs next to nothing), the server's second phase waits for the client's Finished, and the
 * scenario file refuses a bad `clients.cpu`.
 */
import { describe, expect, test } from "vitest";
import { makeSampler } from "../../../sim/distributions.js";
import { Engine } from "../../../sim/engine.js";
import { RandomStreams } from "../../../sim/random.js";
import { StatsScope } from "../../../sim/stats/scope.js";
import { ClientLoops, ClientWork, type ClientLoopHost } from "../../../models/client/clientLoops.js";
import { runReplication, runScenario } from "../../../models/run.js";
import { loadScenarioText } from "../../../models/scenario/index.js";
import type { ClientPausesSpec } from "../../../models/scenario/types.js";
import { mmcScenario, withOverrides } from "../fixtures.js";

const constant = (value: number, name = "c") => makeSampler({ kind: "constant", value }, new RandomStreams(1, 0).stream(name), name);

function loopsFor(engine: Engine, host: ClientLoopHost, costs: { send?: number; finish?: number; after?: number; pauseEverySec?: number; pauseSec?: number }, loops = 1) {
  const busy = new StatsScope(engine, { windowSec: 1 }).timeWeighted("busy");
  const cost = (v: number | undefined) => (v === undefined ? null : constant(v));
  const pauses = costs.pauseEverySec === undefined ? null : { everySec: costs.pauseEverySec, lengthSec: constant(costs.pauseSec ?? 0) };
  return new ClientLoops(engine, { loops, sendCpuSec: cost(costs.send), finishCpuSec: cost(costs.finish), afterCpuSec: cost(costs.after), pauses, host, busyLoops: busy });
}

describe("ClientLoops", () => {
  test("one loop runs its work one at a time, first come first served; after-work keeps it busy without a callback", () => {
    const engine = new Engine();
    const done: [number, number, number][] = [];
    const host: ClientLoopHost = { isCurrent: () => true, clientWorkDone: (work, c) => done.push([Math.round(engine.nowSec * 1e6), work, c]) };
    const loops = loopsFor(engine, host, { send: 0.001, finish: 0.002, after: 0.004 });
    loops.submit(0, ClientWork.Send, 7, 0); // 0-1 ms
    loops.submit(0, ClientWork.After, -1, 0); // 1-5 ms, no callback
    loops.submit(0, ClientWork.Finish, 3, 0); // 5-7 ms
    loops.submit(0, ClientWork.Send, 9, 0); // 7-8 ms
    expect(loops.queued(0)).toBe(3);
    engine.runUntilEmpty();
    expect(done).toEqual([[1000, ClientWork.Send, 7], [7000, ClientWork.Finish, 3], [8000, ClientWork.Send, 9]]);
    expect(loops.busySec).toBeCloseTo(0.008, 12);
  });

  test("work of an attempt that ended is skipped when it comes up: no CPU, no callback", () => {
    const engine = new Engine();
    const done: number[] = [];
    const host: ClientLoopHost = { isCurrent: (_w, c, stamp) => !(c === 2 && stamp === 5), clientWorkDone: (_w, c) => done.push(c) };
    const loops = loopsFor(engine, host, { send: 0.001 });
    for (const c of [1, 2, 3]) loops.submit(0, ClientWork.Send, c, 5);
    engine.runUntilEmpty();
    expect(done).toEqual([1, 3]);
    expect(engine.nowSec).toBeCloseTo(0.002, 12);
  });

  test("work of zero cost waits its turn, then completes at once; work with no cost given skips the loop; loops are independent; clients map to loop id mod loops", () => {
    const engine = new Engine();
    const done: string[] = [];
    const host: ClientLoopHost = { isCurrent: () => true, clientWorkDone: (work, c) => done.push(`${c}:${work}@${Math.round(engine.nowSec * 1e6)}`) };
    const loops = loopsFor(engine, host, { send: 0.001, finish: 0 }, 2);
    expect([0, 1, 2, 5].map((id) => loops.loopOf(id))).toEqual([0, 1, 0, 1]);
    loops.submit(0, ClientWork.Send, 1, 0);
    loops.submit(0, ClientWork.Finish, 2, 0); // zero cost, but behind the send
    loops.submit(1, ClientWork.Send, 3, 0); // another loop: in parallel
    engine.runUntilEmpty();
    expect(done).toEqual([`1:${ClientWork.Send}@1000`, `2:${ClientWork.Finish}@1000`, `3:${ClientWork.Send}@1000`]);

    const free: string[] = [];
    const engine2 = new Engine();
    const loops2 = loopsFor(engine2, { isCurrent: () => true, clientWorkDone: (work, c) => free.push(`${c}:${work}@${Math.round(engine2.nowSec * 1e6)}`) }, { send: 0.001 });
    loops2.submit(0, ClientWork.Send, 1, 0);
    loops2.submit(0, ClientWork.Finish, 2, 0); // no finish cost given: done now, not after the send
    engine2.runUntilEmpty();
    expect(free).toEqual([`2:${ClientWork.Finish}@0`, `1:${ClientWork.Send}@1000`]);
  });

  test("pauses: each loop's first at every x (loop + 1) / (loops + 1), then every `every`; a pause holds up the work queued behind it", () => {
    const engine = new Engine();
    const done: string[] = [];
    const host: ClientLoopHost = { isCurrent: () => true, clientWorkDone: (work, c) => done.push(`${c}:${work}@${Math.round(engine.nowSec * 1e6)}`) };
    // 2 loops, a 2 ms pause every 30 ms: loop 0 pauses at 10, 40, ... ms; loop 1 at 20, 50, ... ms.
    const loops = loopsFor(engine, host, { send: 0.001, pauseEverySec: 0.03, pauseSec: 0.002 }, 2);
    loops.start();
    const kind = engine.register({ handle: (_k, c) => loops.submit(c % 2, ClientWork.Send, c, 0) });
    engine.scheduleAt(0.0105, kind, 0); // loop 0, during its pause (10-12 ms): sent 12-13
    engine.scheduleAt(0.0105, kind, 1); // loop 1, not pausing: 10.5-11.5
    engine.scheduleAt(0.0201, kind, 3); // loop 1, during its pause (20-22): 22-23
    engine.scheduleAt(0.025, kind, 4); // loop 0, no pause: 25-26
    engine.run(0.035);
    expect(done).toEqual([`1:${ClientWork.Send}@11500`, `0:${ClientWork.Send}@13000`, `3:${ClientWork.Send}@23000`, `4:${ClientWork.Send}@26000`]);
    expect(loops.busySec).toBeCloseTo(4 * 0.001 + 2 * 0.002, 12);
    expect(() => loopsFor(new Engine(), host, { pauseEverySec: 0, pauseSec: 0.001 })).toThrow(/clients.cpu.pauses.every/);
  });

  test("replayed pauses: every loop pauses at each given time for its length; one due while the loop is busy waits its turn", () => {
    const engine = new Engine();
    const done: string[] = [];
    const host: ClientLoopHost = { isCurrent: () => true, clientWorkDone: (work, c) => done.push(`${c}:${work}@${Math.round(engine.nowSec * 1e6)}`) };
    const busy = new StatsScope(engine, { windowSec: 1 }).timeWeighted("busy");
    const replay = [{ atSec: 0.01, lengthSec: 0.002 }, { atSec: 0.03, lengthSec: 0.005 }];
    const loops = new ClientLoops(engine, { loops: 2, sendCpuSec: constant(0.001), finishCpuSec: null, afterCpuSec: null, pauses: { replay }, host, busyLoops: busy });
    loops.start();
    const kind = engine.register({ handle: (_k, c) => loops.submit(c % 2, ClientWork.Send, c, 0) });
    engine.scheduleAt(0.0105, kind, 0); // loop 0 paused 10-12 ms: sent 12-13
    engine.scheduleAt(0.0115, kind, 1); // loop 1 paused too (every loop): 12-13
    engine.scheduleAt(0.0295, kind, 2); // loop 0 busy 29.5-30.5: its pause runs 30.5-35.5
    engine.scheduleAt(0.031, kind, 4); // behind that pause: 35.5-36.5
    engine.scheduleAt(0.031, kind, 3); // loop 1 paused 30-35: 35-36
    engine.scheduleAt(0.05, kind, 5); // no pause left: 50-51
    engine.runUntilEmpty();
    expect(done).toEqual([`0:${ClientWork.Send}@13000`, `1:${ClientWork.Send}@13000`, `2:${ClientWork.Send}@30500`, `3:${ClientWork.Send}@36000`, `4:${ClientWork.Send}@36500`, `5:${ClientWork.Send}@51000`]);
    expect(loops.busySec).toBeCloseTo(6 * 0.001 + 2 * (0.002 + 0.005), 12);
    const bad = (p: { atSec: number; lengthSec: number }) => () => new ClientLoops(new Engine(), { loops: 1, sendCpuSec: null, finishCpuSec: null, afterCpuSec: null, pauses: { replay: [replay[0]!, p] }, host, busyLoops: busy });
    expect(bad({ atSec: -1, lengthSec: 0.001 })).toThrow(/clients\.cpu\.pauses\.replay\[1\]\.at/);
    expect(bad({ atSec: 1, lengthSec: 0 })).toThrow(/clients\.cpu\.pauses\.replay\[1\]\.length/);
    expect(bad({ atSec: Number.NaN, lengthSec: 0.001 })).toThrow(/replay\[1\]\.at/);
  });

  test("loops must be a positive integer", () => {
    const host: ClientLoopHost = { isCurrent: () => true, clientWorkDone: () => undefined };
    expect(() => loopsFor(new Engine(), host, {}, 0)).toThrow(/clients.cpu.loops/);
    expect(() => loopsFor(new Engine(), host, {}, 1.5)).toThrow(/clients.cpu.loops/);
  });
});

describe("client CPU in a run", () => {
  test("an M/M/1 client loop in front of a near-free server: mean latency 1/(mu - lambda) within the 95 % CI, utilization lambda/mu", () => {
    // lambda = 600/s, client send work exponential with mean 1 ms (mu = 1000/s), server 1 us: the latency is
    // the M/M/1 sojourn at the client, 1/(mu - lambda) = 2.5 ms (Kleinrock 1975, §3.2), plus the server's 1 us.
    const base = mmcScenario({ ratePerSec: 600, serviceSec: 1e-6, workers: 1, durationSec: 40, warmupSec: 5, replications: 20 });
    const s = withOverrides(base, {
      fleet: { handshake: { full: { cpuSec: { kind: "constant", value: 1e-6 } } } },
      clients: { cpu: { loops: 1, sendCpuSec: { kind: "exponential", mean: 0.001 }, finishCpuSec: null, afterCpuSec: null, pauses: null } },
    });
    const r = runScenario(s);
    const mean = r.metrics["handshakeLatencyS.mean"]!;
    const expected = 1 / (1000 - 600) + 1e-6;
    expect(mean.lower).toBeLessThanOrEqual(expected);
    expect(mean.upper).toBeGreaterThanOrEqual(expected);
    expect(mean.upper - mean.lower).toBeLessThan(0.1 * expected); // a CI this narrow can miss a real bias
    expect(r.metrics["clientLoopUtilization"]!.mean).toBeCloseTo(0.6, 1);
  });

  test("send and finish work are in the latency, after-work only through the queue it makes", () => {
    const base = mmcScenario({ ratePerSec: 50, serviceSec: 0.001, workers: 1, durationSec: 30, warmupSec: 1 });
    const fixed = withOverrides(base, { fleet: { handshake: { full: { cpuSec: { kind: "constant", value: 0.001 } } } }, load: { arrivals: "uniform" } });
    const p50 = (cpu: { send?: number; finish?: number; after?: number }) => {
      const c = (v: number | undefined) => (v === undefined ? null : { kind: "constant" as const, value: v });
      return runReplication(withOverrides(fixed, { clients: { cpu: { loops: 1, sendCpuSec: c(cpu.send), finishCpuSec: c(cpu.finish), afterCpuSec: c(cpu.after), pauses: null } } }), 0).summary["handshakeLatencyS.p50"]!;
    };
    // Uniform arrivals 20 ms apart: nothing queues, so the latency is the sum of what is in the path.
    expect(p50({})).toBeCloseTo(0.001, 5);
    expect(p50({ send: 0.002, finish: 0.003 })).toBeCloseTo(0.006, 5);
    expect(p50({ send: 0.001, after: 0.015 })).toBeCloseTo(0.002, 5);
    // 1 + 25 ms of work per connection every 20 ms: the loop saturates, sends wait longer and longer.
    expect(p50({ send: 0.001, after: 0.025 })).toBeGreaterThan(0.05);
  });

  test("TLS 1.3: the server's second phase waits for the client's Finished, which leaves when the client's finish work ends", () => {
    // Connections at 0 and 3 ms; server phase 1 = 2 ms, phase 2 = 2 ms; the client's finish work 1.5 ms.
    // Server waits for the client: conn 1 p1 0-2, finish 2-3.5 (latency 3.5), its p2 enqueued at 3.5; conn 2's
    // p1 starts at 3 on the idle worker (3-5), finish 5-6.5: latency 3.5 for both.
    // Were the second phase sent a round trip after the first regardless, conn 1's p2 (2-4) would hold conn 2's
    // p1 to 4-6, latency 4.5. Without client CPU: 2 and 3 ms.
    const base = mmcScenario({ ratePerSec: 1, serviceSec: 0.001, workers: 1, durationSec: 10, warmupSec: 0 });
    const s = (finish: number | null) =>
      withOverrides(base, {
        load: { arrivals: "uniform", ratePerSec: 1000 / 3, phases: [{ atSec: 0.005, ratePerSec: 0 }] },
        fleet: { handshake: { full: { cpuSec: { kind: "constant", value: 0.004 }, secondPhaseFraction: 0.5 } } },
        clients: { cpu: finish === null ? null : { loops: 1, sendCpuSec: null, finishCpuSec: { kind: "constant", value: finish }, afterCpuSec: null, pauses: null } },
      });
    const without = runReplication(s(null), 0).summary;
    expect(without["handshakeLatencyS.p50"]).toBeCloseTo(0.002, 5);
    expect(without["handshakeLatencyS.p90"]).toBeCloseTo(0.003, 5);
    const withCpu = runReplication(s(0.0015), 0).summary;
    expect(withCpu["handshakeLatencyS.p50"]).toBeCloseTo(0.0035, 5);
    expect(withCpu["handshakeLatencyS.p90"]).toBeCloseTo(0.0035, 5);
  });

  test("a pause replayed at a time is the periodic pause that falls then: the same run, byte for byte; without it the run differs", () => {
    // One loop, every 2 s: the periodic pauses fall at 1 s, 3 s, ...; a 2.5 s run has only the first.
    const base = mmcScenario({ ratePerSec: 150, serviceSec: 0.002, workers: 1, durationSec: 2.5, warmupSec: 0.2, replications: 2 });
    const cpu = (pauses: ClientPausesSpec | null) => withOverrides(base, { clients: { cpu: { loops: 1, sendCpuSec: { kind: "exponential", mean: 0.0003 }, finishCpuSec: { kind: "constant", value: 0.0005 }, afterCpuSec: null, pauses } } });
    const periodic = runScenario(cpu({ everySec: 2, lengthSec: { kind: "constant", value: 0.06 } }));
    const replayed = runScenario(cpu({ replay: [{ atSec: 1, lengthSec: 0.06 }] }));
    expect(JSON.stringify(replayed.metrics)).toBe(JSON.stringify(periodic.metrics));
    // The ~9 arrivals due during the 60 ms pause wait up to 60 ms; without it the tail is the M/M/1's (p999 ~ 20 ms).
    expect(runScenario(cpu(null)).metrics["handshakeLatencyS.p999"]!.mean).toBeLessThan(0.05);
    expect(replayed.metrics["handshakeLatencyS.p999"]!.mean).toBeGreaterThan(0.05);
  });

  test("the scenario file: clients.cpu with units and defaults; bad loops or costs are refused with the field's path", () => {
    const ok = loadScenarioText("fleet: {software: node}\nload: {rate: 100/s}\nclients:\n  cpu: {send: 300us, finish: {gamma: {mean: 400us, cv: 0.5}}}\n", "yaml", { source: "t.yaml" });
    expect(ok.clients.cpu).toEqual({ loops: 1, sendCpuSec: { kind: "constant", value: 0.0003 }, finishCpuSec: { kind: "gamma", mean: 0.0004, cv: 0.5 }, afterCpuSec: null, pauses: null });
    const paused = loadScenarioText("fleet: {software: node}\nload: {rate: 100/s}\nclients:\n  cpu: {pauses: {every: 100ms, length: {empirical: [2ms, 8ms]}}}\n", "yaml", { source: "t.yaml" });
    expect(paused.clients.cpu?.pauses).toEqual({ everySec: 0.1, lengthSec: { kind: "empirical", samples: [0.002, 0.008] } });
    expect(() => loadScenarioText("fleet: {software: node}\nload: {rate: 100/s}\nclients: {cpu: {pauses: {every: 0s, length: 1ms}}}\n", "yaml", { source: "t.yaml" })).toThrow(/clients\.cpu\.pauses\.every/);
    const replayed = loadScenarioText("fleet: {software: node}\nload: {rate: 100/s}\nclients:\n  cpu: {pauses: {replay: [{at: 1.5s, length: 22ms}, {at: 3s, length: 400us}]}}\n", "yaml", { source: "t.yaml" });
    expect(replayed.clients.cpu?.pauses).toEqual({ replay: [{ atSec: 1.5, lengthSec: 0.022 }, { atSec: 3, lengthSec: 0.0004 }] });
    const pausesText = (p: string) => () => loadScenarioText(`fleet: {software: node}\nload: {rate: 100/s}\nclients: {cpu: {pauses: ${p}}}\n`, "yaml", { source: "t.yaml" });
    expect(pausesText("{every: 1s, length: 2ms, replay: [{at: 1s, length: 2ms}]}")).toThrow(/clients\.cpu\.pauses: expected either every and length \(periodic pauses\) or replay \(pauses at given times\), found every and length and replay/);
    expect(pausesText("{every: 1s}")).toThrow(/clients\.cpu\.pauses: expected either every and length .*, found every$/m);
    expect(pausesText("{replay: []}")().clients.cpu?.pauses).toEqual({ replay: [] });
    expect(pausesText("{replay: [{at: 1s, length: 0s}]}")).toThrow(/clients\.cpu\.pauses\.replay\[0\]\.length/);
    expect(pausesText("{replay: [{at: 1s}]}")).toThrow(/clients\.cpu\.pauses\.replay\[0\]\.length/);
    expect(pausesText("{sometimes: 1s}")).toThrow(/allowed keys: every, length, replay/);
    expect(loadScenarioText("fleet: {software: node}\nload: {rate: 100/s}\n", "yaml", { source: "t.yaml" }).clients.cpu).toBeNull();
    expect(() => loadScenarioText("fleet: {software: node}\nload: {rate: 100/s}\nclients: {cpu: {loops: 0}}\n", "yaml", { source: "t.yaml" })).toThrow(/clients\.cpu\.loops/);
    expect(() => loadScenarioText("fleet: {software: node}\nload: {rate: 100/s}\nclients: {cpu: {send: 3}}\n", "yaml", { source: "t.yaml" })).toThrow(/clients\.cpu\.send/);
    expect(() => loadScenarioText("fleet: {software: node}\nload: {rate: 100/s}\nclients: {cpu: {sned: 3ms}}\n", "yaml", { source: "t.yaml" })).toThrow(/send/);
  });
});
