/**
 * The load generator against real sockets on 127.0.0.1: it starts every connection at its
 * scheduled time (the records hold the schedule exactly), and its timeouts and retries follow the
 * simulator's retry policy (same class, same stream), never waiting for earlier connections.
 */
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { RetryPolicy } from "../../../models/client/retryPolicy.js";
import { RandomStreams } from "../../../sim/random.js";
import { startGenerator, type LoadGenerator } from "../../../validate/loadgen/generator.js";
import type { GeneratorRunConfig } from "../../../validate/loadgen/openLoopClient.js";
import { ConnectionFate, Outcome } from "../../../validate/loadgen/records.js";
import { explicitSchedule } from "../../../validate/loadgen/schedule.js";
import { ProcessGroup } from "../../../validate/procs/processGroup.js";
import { generateCertificate } from "../../../validate/servers/certs.js";
import { startNodeServer, type NodeServer } from "../../../validate/servers/nodeServer.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const group = new ProcessGroup();
const dir = mkdtempSync(join(tmpdir(), "shakedown-gen-test-"));
let generator: LoadGenerator;
let server: NodeServer;
let silent: Server;
let silentPort = 0;
const held: Socket[] = [];

beforeAll(async () => {
  generator = await startGenerator(group, { cpu: null, raisePriority: false });
  server = await startNodeServer(group, {
    spec: { software: "node", certificate: "ecdsa-p256", tlsVersion: "1.3", workers: 1, listenBacklog: 511, tickets: true, sessionTimeoutSec: null, store: { kind: "none" }, burnUs: 0, ticketKeyFiles: false },
    certificate: generateCertificate(dir, "ecdsa-p256"),
    cpu: null,
    raisePriority: false,
  });
  // Accepts TCP connections and never answers a ClientHello: every handshake times out.
  silent = createServer((s) => {
    held.push(s);
    s.on("error", () => undefined);
  });
  await new Promise<void>((r) => silent.listen({ host: "127.0.0.1", port: 0 }, r));
  const address = silent.address();
  silentPort = typeof address === "object" && address !== null ? address.port : 0;
});

afterAll(async () => {
  for (const s of held) s.destroy();
  await new Promise<void>((r) => silent.close(() => r()));
  await group.stopAll();
  rmSync(dir, { recursive: true, force: true });
  expect(group.pids()).toEqual([]);
});

const base = (over: Partial<GeneratorRunConfig>): GeneratorRunConfig => ({
  port: 0,
  tlsVersion: "1.3",
  schedule: explicitSchedule([0], 1),
  population: 10,
  timeoutSec: null,
  retry: { backoff: { kind: "none" }, jitter: "none", maxAttempts: 1, budget: null },
  seed: 5,
  replication: 0,
  drainSec: 2,
  ...over,
});

describe("the load generator", () => {
  test("starts each connection at its scheduled time: the records hold the schedule exactly, with the lateness measured", async () => {
    const schedule = explicitSchedule(Array.from({ length: 60 }, (_, i) => i % 10), 200, 0.05);
    const { records } = await generator.run(base({ port: server.port, schedule }));
    expect(records.count).toBe(60);
    expect([...records.scheduledSec]).toEqual([...schedule.timesSec]);
    expect([...records.connection]).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(records.outcome.every((o) => o === Outcome.Completed)).toBe(true);
    for (let a = 0; a < 60; a++) {
      expect(records.startSec[a]! - records.scheduledSec[a]!).toBeGreaterThanOrEqual(-0.0005 - 1e-9);
      expect(records.doneSec[a]!).toBeGreaterThan(records.startSec[a]!);
      expect(records.connectSec[a]!).toBeLessThanOrEqual(records.doneSec[a]!);
    }
    // Clients 0-9 come back from connection 10 on and offer their tickets.
    expect([...records.resumed].slice(10).every((r) => r === 1)).toBe(true);
    expect([...records.resumed].slice(0, 10).every((r) => r === 0)).toBe(true);
  });

  test("a handshake that never completes times out per attempt and is retried at once, up to maxAttempts, then the connection fails", async () => {
    const schedule = explicitSchedule([0, 1], 20);
    const { records } = await generator.run(base({ port: silentPort, schedule, timeoutSec: 0.1, retry: { backoff: { kind: "immediate" }, jitter: "none", maxAttempts: 3, budget: null } }));
    expect(records.count).toBe(6);
    expect(records.outcome.every((o) => o === Outcome.Timeout)).toBe(true);
    expect([...records.fate]).toEqual([ConnectionFate.Failed, ConnectionFate.Failed]);
    for (const c of [0, 1]) {
      const mine = [...Array(records.count).keys()].filter((a) => records.connection[a] === c);
      expect(mine.map((a) => records.attemptNo[a])).toEqual([1, 2, 3]);
      // Retry k is due when attempt k-1's deadline passes: scheduled + 0.1 s, plus a zero delay.
      expect(records.scheduledSec[mine[1]!]).toBe(records.scheduledSec[mine[0]!]! + 0.1);
      expect(records.scheduledSec[mine[2]!]).toBe(records.scheduledSec[mine[1]!]! + 0.1);
      expect(records.doneSec[mine[0]!]).toBe(records.scheduledSec[mine[0]!]! + 0.1);
    }
  });

  test("exponential backoff with full jitter delays each retry by the simulator policy's draws on stream retry", async () => {
    const retry = { backoff: { kind: "exponential" as const, baseSec: 0.05, multiplier: 2, capSec: 1 }, jitter: "full" as const, maxAttempts: 4, budget: null };
    const { records } = await generator.run(base({ port: silentPort, schedule: explicitSchedule([3], 1), timeoutSec: 0.08, retry, seed: 9, replication: 2 }));
    const policy = new RetryPolicy(retry, new RandomStreams(9, 2).stream("retry"));
    expect(records.count).toBe(4);
    let previous = 0;
    for (let k = 1; k < 4; k++) {
      const delay = policy.nextDelaySec(k, previous);
      previous = delay;
      expect(records.scheduledSec[k]).toBe(records.scheduledSec[k - 1]! + 0.08 + delay);
    }
    expect(records.fate[0]).toBe(ConnectionFate.Failed);
  });

  test("attempts still in flight when the drain time runs out are cut, not counted as done", async () => {
    const { records } = await generator.run(base({ port: silentPort, schedule: explicitSchedule([0, 1, 2], 100), drainSec: 0.2 }));
    expect([...records.outcome]).toEqual([Outcome.Cut, Outcome.Cut, Outcome.Cut]);
    expect([...records.fate]).toEqual([ConnectionFate.Cut, ConnectionFate.Cut, ConnectionFate.Cut]);
  });

  test("a config with a client outside the population is refused and the generator stays usable", async () => {
    await expect(generator.run(base({ port: server.port, schedule: explicitSchedule([10], 1), population: 10 }))).rejects.toThrow(/clientIds/);
    const { records } = await generator.run(base({ port: server.port }));
    expect(records.outcome[0]).toBe(Outcome.Completed);
  });
});
