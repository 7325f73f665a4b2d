/**
 * Validity of a measured point when something else takes the server's CPU: the machine-wide share
 * of other processes can stay under its limit while the server's own pinned core is shared (a
 * second raised-priority measurement did exactly that and made a point's median 57x the
 * prediction). Also the measurement lock that keeps two runs from overlapping.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { DEFAULT_LIMITS, invalidReasons, type PointHygiene } from "../../../validate/measure/point.js";
import { Worker } from "node:worker_threads";
import { cpuDelta, helperRunSecOf, helperThreadFiles, machineCpu, runSecOf, type HygieneSnapshot } from "../../../validate/procs/machine.js";
import { acquireMeasurementLock, MeasurementBusyError } from "../../../validate/procs/measurementLock.js";

function snap(wallSec: number, server: number, client: number, perCpuBusy: number[]): HygieneSnapshot {
  const busy = perCpuBusy.reduce((a, b) => a + b, 0);
  return {
    wallSec,
    serverCpuSec: server,
    clientCpuSec: client,
    selfCpuSec: 0,
    machine: { busySec: busy, totalSec: wallSec * perCpuBusy.length, perCpu: perCpuBusy.map((b) => ({ busySec: b, totalSec: wallSec })) },
    counters: { listenOverflows: 0, listenDrops: 0, synRetrans: 0, syncookiesSent: 0 },
  };
}

describe("other CPU on the server's core", () => {
  test("is the pinned core's busy time minus the server's, per second; null when the server is not pinned", () => {
    // 10 s: server used 7 s, all on cpu0, which was busy 9.5 s; client 2 s on cpu1, busy 2 s.
    const d = cpuDelta(snap(0, 0, 0, [0, 0]), snap(10, 7, 2, [9.5, 2]), 0);
    expect(d.serverCoreForeignCores).toBeCloseTo(0.25, 10);
    expect(d.foreignCores).toBeCloseTo(0.25, 10);
    expect(cpuDelta(snap(0, 0, 0, [0, 0]), snap(10, 7, 2, [9.5, 2])).serverCoreForeignCores).toBeNull();
  });

  test("machine-wide share within its limit, server's core shared: the point is invalid and the reason says why", () => {
    const h = { clientCores: 0.3, latenessP99S: 0.001, foreignCores: 0.25, serverCoreForeignCores: 0.25 } as PointHygiene;
    const reasons = invalidReasons(h, DEFAULT_LIMITS);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/0\.25 cores of the server's CPU > 0\.10/);
    expect(invalidReasons({ ...h, serverCoreForeignCores: 0.03 }, DEFAULT_LIMITS)).toEqual([]);
    expect(invalidReasons({ ...h, serverCoreForeignCores: null }, DEFAULT_LIMITS)).toEqual([]);
  });

  test("this machine's /proc/stat has one line per CPU, each no busier than its total", () => {
    const m = machineCpu();
    expect(m.perCpu.length).toBeGreaterThanOrEqual(1);
    for (const c of m.perCpu) expect(c.busySec).toBeLessThanOrEqual(c.totalSec);
    expect(m.perCpu.reduce((a, c) => a + c.busySec, 0)).toBeCloseTo(m.busySec, 0);
  });
});

describe("helper threads' run time", () => {
  test("lists this process's threads but its main one; their run time grows while one of them spins; a gone process has none", async () => {
    const before = helperThreadFiles([process.pid]);
    expect(before.length).toBeGreaterThan(0); // V8 and libuv threads of any Node process
    expect(before.every((f) => f.startsWith(`/proc/${process.pid}/task/`) && !f.endsWith(`/task/${process.pid}/schedstat`))).toBe(true);
    // A worker thread that waits for "go", spins 150 ms, says so and stays until terminated.
    const worker = new Worker("const { parentPort } = require('node:worker_threads'); parentPort.once('message', () => { const t = Date.now() + 150; while (Date.now() < t) {} parentPort.postMessage('done'); });", { eval: true });
    await new Promise((r) => worker.once("online", r));
    const files = helperThreadFiles([process.pid]);
    const h0 = helperRunSecOf(files);
    const m0 = runSecOf([process.pid]);
    worker.postMessage("go");
    await new Promise((r) => worker.once("message", r));
    const h1 = helperRunSecOf(files);
    const m1 = runSecOf([process.pid]);
    await worker.terminate();
    // The spinning worker ran ~0.15 s more on a helper thread; the main thread only waited.
    expect(h1 - h0).toBeGreaterThan(0.1);
    expect(m1 - m0).toBeLessThan(0.05);
    expect(helperThreadFiles([2 ** 22 + 12345])).toEqual([]);
    expect(helperRunSecOf(["/proc/0/task/0/schedstat"])).toBe(0);
  });
});

describe("the measurement lock", () => {
  const dir = mkdtempSync(join(tmpdir(), "shakedown-lock-"));

  test("is taken, refused to another live process with its PID named, and released", () => {
    const path = join(dir, "a.lock");
    writeFileSync(path, `${process.ppid}\n`); // a live process that is not this one
    expect(() => acquireMeasurementLock(path)).toThrow(MeasurementBusyError);
    expect(() => acquireMeasurementLock(path)).toThrow(new RegExp(`pid ${process.ppid}`));
    writeFileSync(path, "");
    const release = acquireMeasurementLock(path); // unreadable owner: taken over
    expect(readFileSync(path, "utf8").trim()).toBe(String(process.pid));
    release();
    release();
    expect(existsSync(path)).toBe(false);
  });

  test("a lock left by a process that died is stale and taken over", () => {
    const path = join(dir, "b.lock");
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    writeFileSync(path, `${dead}\n`);
    const release = acquireMeasurementLock(path);
    expect(readFileSync(path, "utf8").trim()).toBe(String(process.pid));
    release();
  });
});
