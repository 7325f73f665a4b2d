/**
 * Sender stalls (models/load/senderStalls.ts): connections due during a stall go out together at
 * its end, in the order they were due, with their due time; the stall schedule is every/2,
 * every/2 + every, ...; and through a whole scenario, latency counts from the due time.
 */
import { describe, expect, test } from "vitest";
import { Engine } from "../../../sim/engine.js";
import { makeSampler } from "../../../sim/distributions.js";
import { RandomStreams } from "../../../sim/random.js";
import { SenderStalls } from "../../../models/load/senderStalls.js";
import { runReplication } from "../../../models/run.js";
import { mmcScenario, withOverrides } from "../fixtures.js";

describe("SenderStalls", () => {
  test("holds what is due during a stall and sends it at the stall's end, in due order, with its due time", () => {
    const engine = new Engine();
    const sent: [number, number][] = [];
    const streams = new RandomStreams(1, 0);
    const stalls = new SenderStalls(engine, { everySec: 1, lengthSec: makeSampler({ kind: "constant", value: 0.1 }, streams.stream("s"), "len"), send: (due) => sent.push([engine.nowSec, due]) });
    // stalls at [0.5, 0.6) and [1.5, 1.6); connections due at 0.45, 0.5, 0.55, 0.59, 0.6, 1.55
    const at = [0.45, 0.5, 0.55, 0.59, 0.6, 1.55];
    const kind = engine.register({ handle: () => stalls.offer() });
    for (const t of at) engine.scheduleAt(t, kind);
    engine.runUntilEmpty();
    const round = (x: number) => Math.round(x * 1e9) / 1e9;
    expect(sent.map(([now, due]) => [round(now), round(due)])).toEqual([
      [0.45, 0.45],
      [0.6, 0.5],
      [0.6, 0.55],
      [0.6, 0.59],
      [0.6, 0.6],
      [1.6, 1.55],
    ]);
    expect(stalls.held).toBe(5); // 0.5, 0.55, 0.59, 1.55, and the one due at 0.6 exactly, which queues behind them
  });

  test("every must be a positive duration", () => {
    const engine = new Engine();
    const s = makeSampler({ kind: "constant", value: 0.1 }, new RandomStreams(1, 0).stream("s"), "len");
    expect(() => new SenderStalls(engine, { everySec: 0, lengthSec: s, send: () => undefined })).toThrow(/load.senderStalls.every/);
  });

  test("in a run: a 20 ms stall every 200 ms at 50 % load raises p99 latency by about the stall, takes no server CPU, and loses no attempt", () => {
    const base = mmcScenario({ ratePerSec: 1000, serviceSec: 0.0005, workers: 1, durationSec: 20, warmupSec: 1 });
    const plain = runReplication(base, 0);
    const stalled = runReplication(withOverrides(base, { load: { senderStalls: { everySec: 0.2, lengthSec: { kind: "constant", value: 0.02 } } } }), 0);
    // 10 % of connections are held up to 20 ms (5 % more than 10 ms): p99 grows by 10-25 ms.
    const p99 = (r: typeof plain) => r.summary["handshakeLatencyS.p99"]!;
    expect(p99(stalled) - p99(plain)).toBeGreaterThan(0.01);
    expect(p99(stalled) - p99(plain)).toBeLessThan(0.025);
    expect(Math.abs(stalled.summary.workerUtilization! - plain.summary.workerUtilization!)).toBeLessThan(0.02);
    expect(stalled.conservation.attempts).toBe(stalled.conservation.completed + stalled.conservation.inFlight);
  });
});
