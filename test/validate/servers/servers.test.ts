/**
 * Real servers and the real generator on 127.0.0.1: start, serve, stop with nothing left, also
 * when the port is taken or the server crashes mid-run. nginx tests are skipped only when nginx is
 * not installed and this is not CI (CI installs it: .ci/run).
 */
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseScenario } from "../../../models/scenario/load.js";
import { windowCostSec } from "../../../validate/measure/windowCost.js";
import { Bench } from "../../../validate/bench.js";
import { explicitSchedule } from "../../../validate/loadgen/schedule.js";
import { DEFAULT_LIMITS } from "../../../validate/measure/point.js";
import { groupMembers, killGroup, waitUntil } from "../../../validate/procs/processGroup.js";
import { nginxBinary, nginxProcesses } from "../../../validate/servers/nginxServer.js";
import type { NodeServer } from "../../../validate/servers/nodeServer.js";
import { ServerStartError } from "../../../validate/servers/realServer.js";
import type { ServerSpec } from "../../../validate/servers/serverSpec.js";

const NODE: ServerSpec = { software: "node", certificate: "ecdsa-p256", tlsVersion: "1.3", workers: 1, listenBacklog: 511, tickets: true, sessionTimeoutSec: null, store: { kind: "none" }, burnUs: 0, ticketKeyFiles: false };
const NGINX: ServerSpec = { ...NODE, software: "nginx", tlsVersion: "1.2", tickets: false, store: { kind: "shared", sizeBytes: 1048576 } };
const haveNginx = nginxBinary() !== null;
const runNginx = haveNginx || process.env.CI !== undefined;
if (!runNginx) console.warn("servers.test.ts: nginx is not installed (apt-get install nginx); its tests are skipped");

/** A scenario for `measure`: population and timing only (the schedule is explicit). */
const scenario = (tls: "1.2" | "1.3", population = 100) => parseScenario({ run: { duration: "3s" }, load: { rate: "1/s" }, clients: { population }, fleet: { software: "node", tls } });

let bench: Bench;
beforeAll(() => {
  bench = new Bench({ limits: { ...DEFAULT_LIMITS, maxForeignCores: 100, maxLatenessP99Sec: 10, maxClientCores: 100 }, raisePriority: false, serverCpu: null, clientCpu: null });
});
afterAll(async () => {
  await bench.close();
  expect(bench.group.pids()).toEqual([]);
});

/** Occupies a port on 127.0.0.1 until closed. */
async function takenPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const s = createServer();
  await new Promise<void>((r) => s.listen({ host: "127.0.0.1", port: 0 }, r));
  const address = s.address();
  return { port: typeof address === "object" && address !== null ? address.port : 0, close: () => new Promise((r) => s.close(() => r())) };
}

describe("the Node server", () => {
  test("serves TLS 1.3 handshakes that resume with its tickets, then stops with none of its processes left", async () => {
    const server = await bench.startServer(NODE);
    const pid = server.process.pid;
    const point = await bench.measure(server, scenario("1.3", 5), { schedule: explicitSchedule([0, 1, 2, 3, 4, 0, 1, 2, 3, 4], 50) });
    expect(point.summary.goodputPerS).toBeGreaterThan(0);
    expect(point.records.outcome.every((o) => o === 1)).toBe(true);
    expect([...point.records.resumed]).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    await server.stop();
    expect(groupMembers(pid)).toEqual([]);
  });

  test("traces each connection's phases only while asked: accept, first flight, second phase and close in order, with the CPU between", async () => {
    const server = await bench.startServer({ ...NODE, certificate: "rsa-2048" });
    if (!("phaseTrace" in server)) throw new Error("the Node server has no phase trace");
    const node = server as NodeServer;
    await bench.measure(server, scenario("1.3", 100), { schedule: explicitSchedule([0, 1, 2], 20) }); // not recorded
    expect(await node.phaseTrace(true)).toEqual([]);
    await bench.measure(server, scenario("1.3", 100), { schedule: explicitSchedule([3, 4, 5, 6, 7], 20) });
    const rows = await node.phaseTrace(false);
    expect(rows).toHaveLength(5);
    for (const r of rows) {
      expect(r.acceptedMs).toBeLessThan(r.firstFlightEndMs);
      expect(r.firstFlightEndMs).toBeLessThan(r.secondPhaseMs);
      expect(r.secondPhaseMs).toBeLessThan(r.closedMs);
      // An RSA-2048 signature is in the first phase: well over 0.1 ms of CPU on any machine.
      expect(r.firstFlightEndCpuMs - r.acceptedCpuMs).toBeGreaterThan(0.1);
    }
    await bench.measure(server, scenario("1.3", 100), { schedule: explicitSchedule([8, 9], 20) });
    expect(await node.phaseTrace(false)).toEqual([]);
    await server.stop();
  });

  test("reads the server's CPU at the times asked during a run: marks in order, CPU rising, a window's CPU per handshake near the whole run's", async () => {
    const server = await bench.startServer({ ...NODE, certificate: "rsa-2048" });
    const ids = Array.from({ length: 120 }, (_, i) => i);
    const point = await bench.measure(server, scenario("1.3", 200), { schedule: explicitSchedule(ids, 60), cpuMarksSec: [0.5, 1.5] });
    await server.stop();
    expect(point.serverCpuMarks.map((m) => Math.round(m.atSec * 10) / 10)).toEqual([0.5, 1.5]);
    expect(point.serverCpuMarks[1]!.serverCpuSec).toBeGreaterThan(point.serverCpuMarks[0]!.serverCpuSec);
    const windowCost = windowCostSec(point, 0.5, 1.5)!;
    const whole = point.hygiene.serverCpuPerHandshakeSec!;
    // 60 handshakes in the window, CPU in 10 ms ticks: within a third of the whole run's.
    expect(windowCost).toBeGreaterThan(whole / 1.5);
    expect(windowCost).toBeLessThan(whole * 1.5);
  });

  test("a run that asks for no CPU marks has none, and no run-time samples unless asked", async () => {
    const server = await bench.startServer(NODE);
    const point = await bench.measure(server, scenario("1.3"), { schedule: explicitSchedule([0], 10) });
    await server.stop();
    expect(point.serverCpuMarks).toEqual([]);
    expect(point.serverRunSamples).toEqual([]);
  });

  test("samples the server's run time every 10 ms when asked: in time order, never falling, and rising by about the CPU the run used", async () => {
    const server = await bench.startServer({ ...NODE, certificate: "rsa-2048" });
    const ids = Array.from({ length: 120 }, (_, i) => i);
    const point = await bench.measure(server, scenario("1.3", 200), { schedule: explicitSchedule(ids, 60), sampleServerRunTime: true });
    await server.stop();
    const s = point.serverRunSamples;
    // 2 s of arrivals and the drain, one sample per 10 ms (timers may run late on a busy harness).
    expect(s.length).toBeGreaterThan(100);
    for (let i = 1; i < s.length; i++) {
      expect(s[i]!.atSec).toBeGreaterThan(s[i - 1]!.atSec);
      expect(s[i]!.runSec).toBeGreaterThanOrEqual(s[i - 1]!.runSec);
    }
    // Main thread only (schedstat) against the whole process (utime + stime ticks): within a third.
    const ran = s.at(-1)!.runSec - s[0]!.runSec;
    const cpu = point.hygiene.serverCores * point.hygiene.activeSec;
    expect(ran).toBeGreaterThan(cpu / 1.5);
    expect(ran).toBeLessThan(cpu * 1.5);
  });

  test("a cluster of 2 workers serves and stops with all its workers", async () => {
    const server = await bench.startServer({ ...NODE, workers: 2 });
    const pid = server.process.pid;
    expect(groupMembers(pid).length).toBeGreaterThanOrEqual(3);
    const point = await bench.measure(server, scenario("1.3"), { schedule: explicitSchedule([0, 1, 2, 3], 50) });
    expect(point.records.outcome.every((o) => o === 1)).toBe(true);
    await server.rotateTicketKeys();
    await server.stop();
    expect(groupMembers(pid)).toEqual([]);
  });

  test("a taken port is a ServerStartError and leaves no process behind", async () => {
    const taken = await takenPort();
    const before = bench.group.pids().length;
    await expect(bench.startServer(NODE, { port: taken.port })).rejects.toThrow(ServerStartError);
    await expect(bench.startServer(NODE, { port: taken.port })).rejects.toThrow(/EADDRINUSE/);
    expect(bench.group.pids().length).toBe(before);
    await taken.close();
  });

  test("a server that crashes mid-run makes the point invalid, its attempts fail or are cut, and nothing is left running", async () => {
    const server = await bench.startServer(NODE);
    const pid = server.process.pid;
    const ids = Array.from({ length: 100 }, (_, i) => i);
    const run = bench.measure(server, scenario("1.3", 100), { schedule: explicitSchedule(ids, 100) });
    await new Promise((r) => setTimeout(r, 600));
    killGroup(pid, "SIGKILL");
    const point = await run;
    expect(point.valid).toBe(false);
    expect(point.reasons.join(" ")).toMatch(/server exited/);
    const completed = point.records.outcome.filter((o) => o === 1).length;
    expect(completed).toBeGreaterThan(0);
    expect(completed).toBeLessThan(100);
    expect(point.summary.resets).toBeGreaterThan(0);
    expect(await waitUntil(() => groupMembers(pid).length === 0, 3000)).toBe(true);
    await server.stop();
  });
});

describe.runIf(runNginx)("nginx", () => {
  test("serves with a shared cache that resumes TLS 1.2 sessions, reloads for a rotation, then stops with its workers gone", async () => {
    const server = await bench.startServer({ ...NGINX, workers: 2 });
    const pid = server.process.pid;
    expect(nginxProcesses(pid).length).toBe(3);
    const point = await bench.measure(server, scenario("1.2", 4), { schedule: explicitSchedule([0, 1, 2, 3, 0, 1, 2, 3], 40) });
    expect([...point.records.resumed]).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    await server.rotateTicketKeys();
    await server.stop();
    expect(groupMembers(pid)).toEqual([]);
  });

  test("nginx does not outlive a harness killed without cleaning up: its watchdog kills its process group", async () => {
    const script = [
      `import { ProcessGroup } from ${JSON.stringify(new URL("../../../validate/procs/processGroup.ts", import.meta.url).pathname)};`,
      `import { startNginx } from ${JSON.stringify(new URL("../../../validate/servers/nginxServer.ts", import.meta.url).pathname)};`,
      `import { generateCertificate } from ${JSON.stringify(new URL("../../../validate/servers/certs.ts", import.meta.url).pathname)};`,
      "import { mkdtempSync } from 'node:fs'; import { tmpdir } from 'node:os'; import { join } from 'node:path';",
      "const dir = mkdtempSync(join(tmpdir(), 'shakedown-orphan-'));",
      `const s = await startNginx(new ProcessGroup(), { spec: ${JSON.stringify(NGINX)}, certificate: generateCertificate(dir, 'ecdsa-p256'), dir: join(dir, 'n'), cpu: null, raisePriority: false });`,
      "console.log('PGID', s.process.pid); setInterval(() => {}, 1000);",
    ].join("\n");
    const { spawn } = await import("node:child_process");
    const harness = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: new URL("../../../", import.meta.url).pathname, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    harness.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    expect(await waitUntil(() => /PGID (\d+)/.test(out), 20_000)).toBe(true);
    const pgid = Number(/PGID (\d+)/.exec(out)![1]);
    expect(nginxProcesses(pgid).length).toBe(2);
    harness.kill("SIGKILL");
    expect(await waitUntil(() => groupMembers(pgid).length === 0, 5000)).toBe(true);
  });

  test("a taken port is a ServerStartError naming the bind failure, and leaves no process", async () => {
    const taken = await takenPort();
    const before = bench.group.pids().length;
    await expect(bench.startServer(NGINX, { port: taken.port })).rejects.toThrow(/Address already in use|exited/);
    expect(bench.group.pids().length).toBe(before);
    await taken.close();
  });
});
