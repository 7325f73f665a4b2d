import { describe, expect, test } from "vitest";
import { groupMembers, isAlive, ProcessGroup, readStat, waitUntil } from "../../../validate/procs/processGroup.js";
import { counterDelta, cpuDelta, groupCpuSec, kernelCounters, machineCpu, snapshot } from "../../../validate/procs/machine.js";

describe("ProcessGroup", () => {
  test("a child runs in its own process group with its descendants, and stop leaves none of them", async () => {
    const group = new ProcessGroup();
    const proc = group.spawn({ label: "sleeper", argv: ["sh", "-c", "sleep 30 & sleep 30 & wait"], cpu: null, raisePriority: false });
    expect(await waitUntil(() => groupMembers(proc.pid).length >= 3, 5000)).toBe(true);
    expect(readStat(proc.pid)?.pgrp).toBe(proc.pid);
    expect(group.pids()).toEqual([proc.pid]);
    await group.stop(proc);
    expect(groupMembers(proc.pid)).toEqual([]);
    expect(isAlive(proc.pid)).toBe(false);
    expect(group.pids()).toEqual([]);
  });

  test("a group's CPU keeps the CPU of members that exited and were reaped (an nginx reload's old workers)", async () => {
    const group = new ProcessGroup();
    // The inner shell spins for a while and exits; the outer one reaps it, then sleeps.
    const proc = group.spawn({ label: "reaper", argv: ["sh", "-c", "sh -c 'i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done'; echo spun; exec sleep 30"], cpu: null, raisePriority: false });
    expect(await waitUntil(() => proc.outputTail().includes("spun"), 20_000)).toBe(true);
    expect(groupMembers(proc.pid)).toEqual([proc.pid]); // the spinner is gone; the outer shell became sleep
    expect(groupCpuSec(proc.pid)).toBeGreaterThan(0.1);
    await group.stopAll();
  });

  test("when a leader dies on its own, its group is killed with it", async () => {
    const group = new ProcessGroup();
    const proc = group.spawn({ label: "parent", argv: ["sh", "-c", "sleep 30 & sleep 0.3; exit 3"], cpu: null, raisePriority: false });
    expect((await proc.exited).code).toBe(3);
    expect(await waitUntil(() => groupMembers(proc.pid).length === 0, 3000)).toBe(true);
  });

  test("the priority recipe pins to a CPU and reports what it applied", async () => {
    const group = new ProcessGroup();
    const proc = group.spawn({ label: "pinned", argv: ["sleep", "5"], cpu: 0, raisePriority: true });
    expect(proc.priority).toMatch(/cpu0$|^(autogroup|no-root)/);
    await group.stopAll();
    expect(groupMembers(proc.pid)).toEqual([]);
  });
});

describe("machine counters", () => {
  test("machine CPU, kernel counters and snapshots read from /proc and never go backwards", () => {
    const a = machineCpu();
    const k = kernelCounters();
    expect(a.totalSec).toBeGreaterThan(0);
    expect(a.busySec).toBeLessThanOrEqual(a.totalSec);
    expect(k.listenOverflows).toBeGreaterThanOrEqual(0);
    expect(counterDelta(k, k)).toEqual({ listenOverflows: 0, listenDrops: 0, synRetrans: 0, syncookiesSent: 0 });
    const s0 = snapshot(process.pid, process.pid);
    let x = 0;
    for (let i = 0; i < 2e6; i++) x += Math.sqrt(i);
    const d = cpuDelta(s0, snapshot(process.pid, process.pid));
    expect(x).toBeGreaterThan(0);
    expect(d.wallSec).toBeGreaterThan(0);
    expect(d.foreignCores).toBeGreaterThanOrEqual(0);
  });
});
