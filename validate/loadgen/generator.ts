/**
 * The load generator as the harness sees it: one long-lived child process (generatorMain.ts),
 * pinned and at raised priority, that runs one schedule at a time.
 */
import { fileURLToPath } from "node:url";
import type { ProcessGroup, TrackedProcess } from "../procs/processGroup.js";
import { awaitMessage } from "../servers/realServer.js";
import type { GeneratorRunConfig, GeneratorRunResult } from "./openLoopClient.js";

const ENTRY = fileURLToPath(new URL("./generatorEntry.mjs", import.meta.url));
const REPO = fileURLToPath(new URL("../../", import.meta.url));

/** A running load generator. */
export interface LoadGenerator {
  readonly process: TrackedProcess;
  /**
   * Runs one schedule; `onStarted` gets t = 0 of the schedule (epoch ms) before the first arrival.
   * @throws Error if the generator refuses the config, dies, or does not finish within `timeoutMs`
   *   (default: the schedule's length + drain + 30 s).
   */
  run(config: GeneratorRunConfig, options?: { onStarted?: (t0EpochMs: number) => void; timeoutMs?: number }): Promise<GeneratorRunResult>;
  stop(): Promise<void>;
}

/**
 * Starts the generator process on `cpu` and waits until it is ready.
 * @throws Error if it does not start within 20 s (the process is stopped first).
 */
export async function startGenerator(group: ProcessGroup, options: { cpu: number | null; raisePriority: boolean }): Promise<LoadGenerator> {
  const proc = group.spawn({ label: "load generator", argv: [process.execPath, ENTRY], cpu: options.cpu, raisePriority: options.raisePriority, ipc: true, cwd: REPO });
  try {
    await awaitMessage(proc.child, "ready", 20_000, "load generator");
  } catch (error) {
    await group.stop(proc);
    throw error;
  }
  return {
    process: proc,
    async run(config, runOptions = {}) {
      if (proc.hasExited()) throw new Error("load generator: not running");
      const times = config.schedule.timesSec;
      const spanMs = ((times.length > 0 ? times[times.length - 1]! : 0) + config.drainSec + (config.startDelaySec ?? 0.2)) * 1000;
      const result = awaitMessage<{ type: "result"; result: GeneratorRunResult }>(proc.child, "result", runOptions.timeoutMs ?? spanMs + 30_000, "load generator");
      const onStarted = (msg: { type?: string; t0EpochMs?: number }) => {
        if (msg?.type === "started" && msg.t0EpochMs !== undefined) {
          proc.child.off("message", onStarted);
          runOptions.onStarted?.(msg.t0EpochMs);
        }
      };
      proc.child.on("message", onStarted);
      proc.child.send({ type: "run", config });
      try {
        return (await result).result;
      } finally {
        proc.child.off("message", onStarted);
      }
    },
    stop: () => group.stop(proc),
  };
}
