/**
 * A progress bar on stderr for long work, drawn only when stderr is a terminal (cli-progress);
 * otherwise silent, so pipes, files and tests see nothing.
 */
import cliProgress from "cli-progress";

/** A progress indicator: `tick()` once per finished unit, `stop()` at the end (idempotent). */
export interface Progress {
  tick(): void;
  stop(): void;
}

const SILENT: Progress = { tick() {}, stop() {} };

/** A bar labelled `label` over `total` units on stderr, or a silent one if stderr is not a TTY (or total < 2). */
export function createProgress(label: string, total: number): Progress {
  if (!process.stderr.isTTY || total < 2) return SILENT;
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label} [{bar}] {value}/{total} replications · {duration_formatted}`, hideCursor: true, clearOnComplete: true, fps: 10 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  let stopped = false;
  return {
    tick() {
      if (!stopped) bar.increment();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
