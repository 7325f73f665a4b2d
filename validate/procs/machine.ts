/**
 * Measurement hygiene from /proc: CPU seconds of process groups (all their processes and
 * threads), the whole machine's busy CPU, and the kernel's TCP counters. Snapshots are taken
 * before and after a load point; {@link cpuDelta} and {@link counterDelta} give what the point used.
 *
 * Sources: proc(5) — /proc/PID/stat utime+stime in clock ticks (USER_HZ, 100 on Linux), /proc/stat
 * "cpu" line (user nice system idle iowait irq softirq steal ...), /proc/net/netstat TcpExt and
 * /proc/net/snmp Tcp counters (what `nstat` reads). Method: tls-ground-truth.md §1 (runpoint.js).
 */
import { readdirSync, readFileSync } from "node:fs";
import { readStat } from "./processGroup.js";

/** Clock ticks per second of /proc/PID/stat and /proc/stat (USER_HZ; 100 on every Linux architecture in use). */
export const CLOCK_TICKS_PER_SEC = 100;

/**
 * CPU seconds used so far by process group `pgid`: every live member (leader included), plus the
 * children its members reaped (an nginx reload's old workers, a Node cluster worker that exited:
 * their CPU moves to their parent's cutime/cstime when they are waited for, and would otherwise
 * vanish from the count and show up as "other CPU" on the server's core).
 */
export function groupCpuSec(pgid: number): number {
  let ticks = 0;
  for (const { stat } of groupMembers(pgid)) ticks += stat.cpuTicks + stat.reapedChildTicks;
  return ticks / CLOCK_TICKS_PER_SEC;
}

/** The live members of process group `pgid` with their /proc/PID/stat (one scan of /proc). */
function groupMembers(pgid: number): { pid: number; stat: NonNullable<ReturnType<typeof readStat>> }[] {
  const members: { pid: number; stat: NonNullable<ReturnType<typeof readStat>> }[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat !== null && stat.pgrp === pgid) members.push({ pid: Number(name), stat });
  }
  return members;
}

/** CPU seconds used so far by one process (all its threads); 0 if it is gone. */
export function processCpuSec(pid: number): number {
  const stat = readStat(pid);
  return stat === null ? 0 : stat.cpuTicks / CLOCK_TICKS_PER_SEC;
}

/**
 * The machine's CPU time so far, in seconds: busy (everything but idle and iowait, so hypervisor
 * steal, interrupts and softirqs count as busy) and total, for all CPUs and per CPU (`perCpu[i]`
 * is cpu i).
 */
export interface MachineCpu {
  busySec: number;
  totalSec: number;
  perCpu: { busySec: number; totalSec: number }[];
}

/** Busy and total seconds of one /proc/stat "cpu" line. */
function cpuLine(line: string): { busySec: number; totalSec: number } {
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busySec: (total - idle) / CLOCK_TICKS_PER_SEC, totalSec: total / CLOCK_TICKS_PER_SEC };
}

/** Reads the aggregate "cpu" line and the "cpuN" lines of /proc/stat. @throws Error if it has no aggregate line. */
export function machineCpu(): MachineCpu {
  const lines = readFileSync("/proc/stat", "utf8").split("\n");
  const line = lines.find((l) => l.startsWith("cpu "));
  if (line === undefined) throw new Error("/proc/stat has no aggregate cpu line");
  const perCpu: { busySec: number; totalSec: number }[] = [];
  for (const l of lines) {
    const m = /^cpu(\d+) /.exec(l);
    if (m !== null) perCpu[Number(m[1])] = cpuLine(l);
  }
  return { ...cpuLine(line), perCpu };
}

/** The kernel TCP counters a point records (cumulative since boot). */
export interface KernelCounters {
  listenOverflows: number;
  listenDrops: number;
  synRetrans: number;
  syncookiesSent: number;
}

/** The names of {@link KernelCounters} in /proc/net/netstat (TcpExt section). */
const TCP_EXT_FIELDS = { listenOverflows: "ListenOverflows", listenDrops: "ListenDrops", synRetrans: "TCPSynRetrans", syncookiesSent: "SyncookiesSent" } as const;

/** Reads the TcpExt counters of /proc/net/netstat (a header line of names, then a line of values). */
export function kernelCounters(): KernelCounters {
  const lines = readFileSync("/proc/net/netstat", "utf8").split("\n");
  const header = lines.findIndex((l) => l.startsWith("TcpExt:"));
  if (header < 0 || !lines[header + 1]?.startsWith("TcpExt:")) throw new Error("/proc/net/netstat has no TcpExt section");
  const names = lines[header]!.split(/\s+/).slice(1);
  const values = lines[header + 1]!.split(/\s+/).slice(1).map(Number);
  const get = (name: string): number => {
    const i = names.indexOf(name);
    return i < 0 ? 0 : (values[i] ?? 0);
  };
  return {
    listenOverflows: get(TCP_EXT_FIELDS.listenOverflows),
    listenDrops: get(TCP_EXT_FIELDS.listenDrops),
    synRetrans: get(TCP_EXT_FIELDS.synRetrans),
    syncookiesSent: get(TCP_EXT_FIELDS.syncookiesSent),
  };
}

/** after − before, field by field. */
export function counterDelta(before: KernelCounters, after: KernelCounters): KernelCounters {
  return {
    listenOverflows: after.listenOverflows - before.listenOverflows,
    listenDrops: after.listenDrops - before.listenDrops,
    synRetrans: after.synRetrans - before.synRetrans,
    syncookiesSent: after.syncookiesSent - before.syncookiesSent,
  };
}

/** A snapshot of everything a point measures on the machine. */
export interface HygieneSnapshot {
  wallSec: number;
  serverCpuSec: number;
  clientCpuSec: number;
  selfCpuSec: number;
  machine: MachineCpu;
  counters: KernelCounters;
}

/** What a point used, between two snapshots. CPU shares are in cores (1 = one CPU fully busy). */
export interface HygieneDelta {
  wallSec: number;
  serverCpuSec: number;
  clientCpuSec: number;
  /** Busy CPU of everything else: the machine's busy time minus server, client and this harness process, per second (cores). */
  foreignCores: number;
  /**
   * Busy CPU of everything but the server on the CPU the server is pinned to (cores; null when it
   * is not pinned): other processes, the harness, interrupts and hypervisor steal there. The
   * server had that much less CPU than it could use; at high load even 0.1 core is a tenth of
   * its capacity.
   */
  serverCoreForeignCores: number | null;
  serverCores: number;
  clientCores: number;
  counters: KernelCounters;
}

/** Takes a snapshot for server group `serverPgid` and client group `clientPgid`. */
export function snapshot(serverPgid: number, clientPgid: number): HygieneSnapshot {
  const usage = process.cpuUsage();
  return {
    wallSec: performance.now() / 1000,
    serverCpuSec: groupCpuSec(serverPgid),
    clientCpuSec: groupCpuSec(clientPgid),
    selfCpuSec: (usage.user + usage.system) / 1e6,
    machine: machineCpu(),
    counters: kernelCounters(),
  };
}

/**
 * The difference of two snapshots. `serverCpu`: the CPU the server's processes are pinned to
 * (null or absent: not pinned, and {@link HygieneDelta.serverCoreForeignCores} is null).
 */
export function cpuDelta(before: HygieneSnapshot, after: HygieneSnapshot, serverCpu: number | null = null): HygieneDelta {
  const wallSec = Math.max(1e-9, after.wallSec - before.wallSec);
  const serverCpuSec = after.serverCpuSec - before.serverCpuSec;
  const clientCpuSec = after.clientCpuSec - before.clientCpuSec;
  const selfSec = after.selfCpuSec - before.selfCpuSec;
  const busy = after.machine.busySec - before.machine.busySec;
  const foreign = Math.max(0, busy - serverCpuSec - clientCpuSec - selfSec);
  const core0 = serverCpu === null ? undefined : before.machine.perCpu[serverCpu];
  const core1 = serverCpu === null ? undefined : after.machine.perCpu[serverCpu];
  const serverCoreForeignCores = core0 !== undefined && core1 !== undefined ? Math.max(0, core1.busySec - core0.busySec - serverCpuSec) / wallSec : null;
  return {
    wallSec,
    serverCpuSec,
    clientCpuSec,
    foreignCores: foreign / wallSec,
    serverCoreForeignCores,
    serverCores: serverCpuSec / wallSec,
    clientCores: clientCpuSec / wallSec,
    counters: counterDelta(before.counters, after.counters),
  };
}

/** The pids of process group `pgid` now (one scan of /proc; for sampling a group's CPU often, see {@link runSecOf}). */
export function groupPids(pgid: number): number[] {
  return groupMembers(pgid).map((m) => m.pid);
}

/**
 * Seconds the main threads of `pids` have run on a CPU so far, in nanosecond resolution
 * (/proc/PID/schedstat, first field; proc(5)), where utime/stime count 10 ms ticks. A process that
 * is gone counts 0. Main threads only: a Node server's helper threads (GC, libuv pool) are not in it.
 */
export function runSecOf(pids: readonly number[]): number {
  return runNsOf(pids.map((pid) => `/proc/${pid}/schedstat`)) / 1e9;
}

/**
 * The /proc schedstat files of the threads of `pids` other than each one's main thread
 * (/proc/PID/task/TID, TID != PID), as they are now: a Node server's V8 and libuv helper threads
 * (garbage collection, compilation, the thread pool). Read once; sample with {@link helperRunSecOf}.
 */
export function helperThreadFiles(pids: readonly number[]): string[] {
  const files: string[] = [];
  for (const pid of pids) {
    try {
      for (const tid of readdirSync(`/proc/${pid}/task`)) if (Number(tid) !== pid) files.push(`/proc/${pid}/task/${tid}/schedstat`);
    } catch {
      // gone
    }
  }
  return files;
}

/**
 * Seconds the helper threads listed by {@link helperThreadFiles} have run so far
 * (/proc/PID/task/TID/schedstat, first field). A thread that is gone counts 0. On a server pinned
 * to one CPU this is time its main thread could not run (measured: where its handshakes ran slow,
 * its run-queue wait matched it within 1-2 ms in the 2026-11-22 probes, docs/validation).
 */
export function helperRunSecOf(files: readonly string[]): number {
  return runNsOf(files) / 1e9;
}

function runNsOf(files: readonly string[]): number {
  let ns = 0;
  for (const file of files) {
    try {
      ns += Number(readFileSync(file, "utf8").split(" ")[0]);
    } catch {
      // gone
    }
  }
  return ns;
}
