/**
 * One measurement at a time per machine: a validation run pins its server and generator to CPU 0
 * and CPU 1 at raised priority, so two runs (or a run and a test that measures) would take each
 * other's CPU and both would report nonsense. The lock is a file holding the owner's PID, created
 * exclusively (O_EXCL); a lock whose owner is gone is stale and taken over.
 */
import { openSync, readFileSync, rmSync, writeSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where the lock lives unless a caller says otherwise (the OS temporary directory, shared by every user of this machine's /tmp). */
export const DEFAULT_LOCK_PATH = join(tmpdir(), "shakedown-validate.lock");

/** Thrown when another live process holds the lock. */
export class MeasurementBusyError extends Error {
  constructor(
    readonly ownerPid: number,
    readonly path: string,
  ) {
    super(`another shakedown measurement (pid ${ownerPid}) is running on this machine; two would take each other's CPU and both results would be wrong. Wait for it to finish, or remove ${path} if that process is not shakedown`);
    this.name = "MeasurementBusyError";
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the lock for this process and returns its release function (idempotent).
 * @throws MeasurementBusyError if a live process holds it; Error from the file system otherwise.
 */
export function acquireMeasurementLock(path: string = DEFAULT_LOCK_PATH): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (Number(readFileSync(path, "utf8").trim()) === process.pid) rmSync(path, { force: true });
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let owner = Number.NaN;
      try {
        owner = Number(readFileSync(path, "utf8").trim());
      } catch {
        // removed in between: try again
      }
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) throw new MeasurementBusyError(owner, path);
      rmSync(path, { force: true }); // stale (its owner died) or unreadable: take it over
    }
  }
  throw new Error(`${path}: could not take the measurement lock (it keeps reappearing)`);
}
