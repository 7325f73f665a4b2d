/**
 * Child processes of the validation harness: each one started in its own session (so its own
 * process group and its own scheduler autogroup), optionally at raised priority and pinned to a
 * CPU, tracked by PID, and killed (its whole process group, by id) on stop, on error, on the
 * parent's exit and on SIGINT/SIGTERM/SIGHUP. Never by name.
 *
 * Priority recipe (measured, tls-ground-truth.md §1): with `sched_autogroup_enabled=1` a plain
 * `nice -19` ranks a task only inside its own session's autogroup, so each benchmark process gets
 * its own session (setsid, via `detached: true`), writes -19 to /proc/self/autogroup, then runs
 * `nice -n -19 taskset -c CPU`. Without root the autogroup and nice steps fail and are skipped
 * (recorded in {@link TrackedProcess.priority}); taskset is skipped on a single-CPU machine.
 */
import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";

/** How a child is started. */
export interface SpawnSpec {
  /** A label for messages ("node server", "load generator", "nginx"). */
  label: string;
  /** Program and arguments. */
  argv: readonly string[];
  /** CPU to pin to (taskset -c), or null for none. Ignored when the machine has a single CPU. */
  cpu: number | null;
  /** Raise priority (own autogroup at nice -19, nice -19). */
  raisePriority: boolean;
  /** Open an IPC channel (stdio "ipc", advanced serialization). */
  ipc?: boolean;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Where stdout and stderr go: "pipe" (kept, last 64 KiB each) or "ignore". Default "pipe". */
  output?: "pipe" | "ignore";
}

/** A started child. */
export interface TrackedProcess {
  readonly label: string;
  /** PID of the program (the shell wrapper execs into it), also its process group and session id. */
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves when the child exits (never rejects). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether the child has exited. */
  hasExited(): boolean;
  /** The last output of the child (stdout then stderr), for error messages. */
  outputTail(): string;
  /** What the priority recipe did: "autogroup-19+nice-19+cpuN", or what was skipped. */
  readonly priority: string;
  /** The CPU the process (and its children) is pinned to, or null when not pinned. */
  readonly cpu: number | null;
}

/** Shell prologue of the priority recipe: own autogroup at -19 (fails quietly without root), then exec. */
const PRIO_SCRIPT = 'echo -19 > /proc/self/autogroup 2>/dev/null; exec "$@"';

/**
 * A set of tracked children that are all killed together. One group per harness run; tests make
 * their own. Installs process-exit and signal hooks while it has live children.
 */
export class ProcessGroup {
  private readonly live = new Map<number, TrackedProcess>();
  private hooksInstalled = false;
  private readonly onExit = (): void => this.killAllSync();
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    this.killAllSync();
    this.removeHooks();
    process.kill(process.pid, signal);
  };

  /** PIDs of the children not yet known to have exited. */
  pids(): number[] {
    return [...this.live.keys()];
  }

  /**
   * Starts a child in its own session with the priority recipe.
   * @throws Error if the spawn itself fails (program missing): the error event is awaited briefly.
   */
  spawn(spec: SpawnSpec): TrackedProcess {
    const cpus = availableParallelism();
    const pin = spec.cpu !== null && cpus > 1 ? Math.min(spec.cpu, cpus - 1) : null;
    const inner: string[] = [];
    const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
    if (spec.raisePriority && isRoot) inner.push("nice", "-n", "-19");
    if (pin !== null) inner.push("taskset", "-c", String(pin));
    inner.push(...spec.argv);
    const argv = spec.raisePriority ? ["sh", "-c", PRIO_SCRIPT, "sh", ...inner] : inner;
    const output = spec.output ?? "pipe";
    const stdio: StdioOptions = spec.ipc ? ["ignore", output, output, "ipc"] : ["ignore", output, output];
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      detached: true,
      stdio,
      ...(spec.ipc ? { serialization: "advanced" as const } : {}),
    });
    if (child.pid === undefined) throw new Error(`${spec.label}: could not start ${spec.argv[0]}`);
    const pid = child.pid;
    let tail = "";
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString("utf8")).slice(-65536);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    let done = false;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once("exit", (code, signal) => {
        done = true;
        resolve({ code, signal });
      });
      child.once("error", () => {
        if (child.exitCode === null && child.signalCode === null && !done) {
          done = true;
          resolve({ code: null, signal: null });
        }
      });
    });
    const priority = spec.raisePriority ? `${isRoot ? "autogroup-19+nice-19" : "no-root:default-priority"}${pin === null ? "" : `+cpu${pin}`}` : pin === null ? "default" : `cpu${pin}`;
    const tracked: TrackedProcess = {
      label: spec.label,
      pid,
      child,
      exited,
      hasExited: () => done,
      outputTail: () => tail,
      priority,
      cpu: pin,
    };
    this.live.set(pid, tracked);
    void exited.then(() => {
      // The leader exited; its group may still hold children (cluster workers, nginx workers).
      killGroup(pid, "SIGKILL");
      this.live.delete(pid);
      if (this.live.size === 0) this.removeHooks();
    });
    this.installHooks();
    return tracked;
  }

  /**
   * Stops one child: SIGTERM to its process group, SIGKILL after `graceMs`, and waits for the
   * leader's exit and for the group to be empty.
   */
  async stop(proc: TrackedProcess, graceMs = 2000): Promise<void> {
    if (!proc.hasExited()) {
      killGroup(proc.pid, "SIGTERM");
      const timer = setTimeout(() => killGroup(proc.pid, "SIGKILL"), graceMs);
      await proc.exited;
      clearTimeout(timer);
    }
    killGroup(proc.pid, "SIGKILL");
    await waitUntil(() => groupMembers(proc.pid).length === 0, 3000);
    this.live.delete(proc.pid);
    if (this.live.size === 0) this.removeHooks();
  }

  /** Stops every child (in parallel). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.live.values()].map((p) => this.stop(p)));
  }

  /** SIGKILL to every tracked group, synchronously (for exit and signal hooks). */
  killAllSync(): void {
    for (const pid of this.live.keys()) killGroup(pid, "SIGKILL");
  }

  private installHooks(): void {
    if (this.hooksInstalled) return;
    this.hooksInstalled = true;
    process.on("exit", this.onExit);
    for (const s of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(s, this.onSignal);
  }

  private removeHooks(): void {
    if (!this.hooksInstalled) return;
    this.hooksInstalled = false;
    process.off("exit", this.onExit);
    for (const s of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.off(s, this.onSignal);
  }
}

/** Sends `signal` to process group `pgid` (the leader's PID); a group that is gone is not an error. */
export function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: nothing left in the group.
  }
}

/** Whether a process with this PID exists (and is not a zombie). */
export function isAlive(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== null && stat.state !== "Z" && stat.state !== "X";
}

/** PIDs of the live (non-zombie) processes whose process group is `pgid`, from /proc. */
export function groupMembers(pgid: number): number[] {
  const out: number[] = [];
  if (!existsSync("/proc")) return out;
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat !== null && stat.pgrp === pgid && stat.state !== "Z" && stat.state !== "X") out.push(Number(name));
  }
  return out;
}

/** Fields of /proc/PID/stat the harness uses: state, process group, CPU ticks (utime + stime). */
export interface ProcStat {
  state: string;
  pgrp: number;
  cpuTicks: number;
  /** CPU ticks of its children that exited and were waited for (cutime + cstime). */
  reapedChildTicks: number;
}

/** Parses /proc/PID/stat (the command name may contain spaces and parentheses); null if gone. */
export function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  const close = text.lastIndexOf(")");
  const fields = text.slice(close + 2).split(" ");
  // After the command: state(3) ppid(4) pgrp(5) ... utime(14) stime(15) cutime(16) cstime(17), 1-based in proc(5).
  return { state: fields[0]!, pgrp: Number(fields[2]), cpuTicks: Number(fields[11]) + Number(fields[12]), reapedChildTicks: Number(fields[13]) + Number(fields[14]) };
}

/** Polls `ok` every 20 ms until it holds or `timeoutMs` passes; returns whether it held. */
export async function waitUntil(ok: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!ok()) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}
