/**
 * Replications on worker threads (piscina), merged deterministically.
 *
 * Each request is (canonical scenario, replication index); a replication is a pure function of the
 * two, so the thread that runs it and the order requests finish in cannot change a result. Results are
 * returned in request order, never in completion order: the same requests give byte-identical output
 * with 1 or N workers. With one worker (or one request) the requests run in this thread, one after the
 * other, yielding to the event loop between them so a progress bar can redraw.
 *
 * Worker threads do not inherit the tsx loader: each thread starts from workerEntry.mjs, which
 * registers tsx before importing worker.ts.
 */
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { ReplicationResult } from "../models/run.js";
import { runReplicationRequest, type ReplicationRequest } from "./worker.js";

/** Default number of worker threads: every core (`os.availableParallelism()`). */
export function defaultWorkers(): number {
  return availableParallelism();
}

/** Options of {@link ReplicationPool}. */
export interface ReplicationPoolOptions {
  /** Threads to use, >= 1; 1 runs in this thread. */
  workers: number;
}

/**
 * A pool of worker threads that run replications. Create one per command, call {@link run} as often
 * as needed (plan runs one batch per knob value), then {@link close}. Threads start on first use.
 */
export class ReplicationPool {
  readonly workers: number;
  private piscina: Piscina<ReplicationRequest, ReplicationResult> | null;

  /** @throws RangeError if workers is not an integer >= 1. */
  constructor(options: ReplicationPoolOptions) {
    if (!Number.isInteger(options.workers) || options.workers < 1) {
      throw new RangeError(`workers: must be an integer >= 1 (got ${String(options.workers)})`);
    }
    this.workers = options.workers;
    this.piscina = null;
  }

  /**
   * Runs every request and returns the results in request order. `onDone` is called once per finished
   * request (for a progress bar), in completion order.
   * @throws the first error a replication throws (e.g. an InvariantError), after the others settle.
   */
  async run(requests: readonly ReplicationRequest[], onDone?: () => void): Promise<ReplicationResult[]> {
    if (this.workers === 1 || requests.length <= 1) return runHere(requests, onDone);
    const pool = this.threads();
    const results: ReplicationResult[] = new Array(requests.length);
    const settled = await Promise.allSettled(
      requests.map(async (request, index) => {
        results[index] = await pool.run(request);
        onDone?.();
      }),
    );
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failed !== undefined) throw failed.reason;
    return results;
  }

  /** Stops the threads (if any were started). */
  async close(): Promise<void> {
    const pool = this.piscina;
    this.piscina = null;
    if (pool !== null) await pool.destroy();
  }

  private threads(): Piscina<ReplicationRequest, ReplicationResult> {
    if (this.piscina === null) {
      this.piscina = new Piscina<ReplicationRequest, ReplicationResult>({
        filename: fileURLToPath(new URL("./workerEntry.mjs", import.meta.url)),
        minThreads: this.workers,
        maxThreads: this.workers,
        idleTimeout: 60_000,
      });
    }
    return this.piscina;
  }
}

async function runHere(requests: readonly ReplicationRequest[], onDone?: () => void): Promise<ReplicationResult[]> {
  const results: ReplicationResult[] = [];
  for (const request of requests) {
    results.push(runReplicationRequest(request));
    onDone?.();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return results;
}
