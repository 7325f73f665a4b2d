/**
 * The load-generator process (run by generatorEntry.mjs, started by generator.ts). Waits for
 * {type: "run", config} messages over IPC (advanced serialization: typed arrays cross as
 * buffers); for each, reports {type: "started", t0EpochMs} before t = 0 of the schedule, then
 * {type: "result", result} when the run ends. One run at a time. Exits when its parent goes away.
 */
import { runOpenLoop, type GeneratorRunConfig } from "./openLoopClient.js";

/** Entry point of the generator process. */
export function main(): void {
  process.on("disconnect", () => process.exit(0));
  let busy = false;
  process.on("message", (msg: { type: string; config?: GeneratorRunConfig }) => {
    if (msg.type !== "run" || msg.config === undefined) return;
    if (busy) {
      process.send?.({ type: "error", message: "a run is already in progress" });
      return;
    }
    busy = true;
    let run;
    try {
      run = runOpenLoop(msg.config, (t0EpochMs) => process.send?.({ type: "started", t0EpochMs }));
    } catch (error) {
      busy = false;
      process.send?.({ type: "error", message: (error as Error).message });
      return;
    }
    void run.then((result) => {
      busy = false;
      process.send?.({ type: "result", result });
    });
  });
  process.send?.({ type: "ready" });
}
