/**
 * The page side of the simulator worker: posts {@link SimRequest}s, resolves them with the
 * outputs, and keeps sliders responsive by letting the latest request win: asking for a new view
 * while one is still simulating terminates that worker (its promise rejects with
 * {@link SupersededError}) and starts a fresh one. Finished runs are cached by preset text and
 * overrides, so going back to a slider position answers at once.
 * Browser-safe; the worker is injected (tests pass a fake).
 */
import { runOverrides } from "./command.js";
import type { SimReply, SimRequest, SimRun, SimRunOutput } from "./simJob.js";

/** The part of a Web Worker the client uses. */
export interface WorkerLike {
  onmessage: ((event: { data: SimReply }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
  postMessage(request: SimRequest): void;
  terminate(): void;
}

/** Rejection of a request that a newer request replaced before it finished. */
export class SupersededError extends Error {
  constructor() {
    super("superseded by a newer request");
    this.name = "SupersededError";
  }
}

/** Options of {@link SimClient}. */
export interface SimClientOptions {
  /** Creates a worker running simWorker.ts (see {@link createSimWorker}). */
  createWorker: () => WorkerLike;
  /** Finished runs kept for instant answers (default 48; 0 disables the cache). */
  cacheRuns?: number;
}

interface Pending {
  id: number;
  runs: readonly SimRun[];
  keys: string[];
  missing: number[];
  onProgress?: (done: number, total: number) => void;
  resolve: (outputs: SimRunOutput[]) => void;
  reject: (error: Error) => void;
}

/**
 * Runs simulations in a worker, latest request wins (see the file header).
 * @throws RangeError at construction if cacheRuns is not an integer >= 0.
 */
export class SimClient {
  private readonly createWorker: () => WorkerLike;
  private readonly cacheRuns: number;
  private readonly cache: Map<string, SimRunOutput>;
  private worker: WorkerLike | null;
  private pending: Pending | null;
  private nextId: number;
  private closed: boolean;

  constructor(options: SimClientOptions) {
    const cacheRuns = options.cacheRuns ?? 48;
    if (!Number.isSafeInteger(cacheRuns) || cacheRuns < 0) throw new RangeError(`cacheRuns: must be an integer >= 0 (got ${cacheRuns})`);
    this.createWorker = options.createWorker;
    this.cacheRuns = cacheRuns;
    this.cache = new Map();
    this.worker = null;
    this.pending = null;
    this.nextId = 1;
    this.closed = false;
  }

  /** Is a request being simulated now? */
  get busy(): boolean {
    return this.pending !== null;
  }

  /**
   * Simulates the runs (in order) and resolves with one output per run. A request still running
   * is superseded: its worker is terminated and its promise rejects with {@link SupersededError}.
   * `onProgress(done, total)` counts replications of the runs not already cached.
   * Rejects with Error(message) when the worker reports an error (e.g. an invalid override) or fails to load.
   * @throws RangeError (synchronously) for a bad run spec; Error if the client is closed.
   */
  run(runs: readonly SimRun[], options: { onProgress?: (done: number, total: number) => void } = {}): Promise<SimRunOutput[]> {
    if (this.closed) throw new Error("SimClient is closed");
    const keys = runs.map((r) => runKey(r));
    this.supersede();
    const missing = keys.flatMap((key, i) => (this.cache.has(key) ? [] : [i]));
    if (missing.length === 0) return Promise.resolve(runs.map((run, i) => ({ ...this.touch(keys[i]!), spec: run.spec })));
    return new Promise<SimRunOutput[]>((resolve, reject) => {
      const id = this.nextId++;
      this.pending = { id, runs, keys, missing, onProgress: options.onProgress, resolve, reject };
      const worker = this.ensureWorker();
      worker.postMessage({ id, runs: missing.map((i) => runs[i]!) });
    });
  }

  /** Terminates the worker and rejects a pending request; later calls to run() throw. */
  close(): void {
    this.supersede();
    this.worker?.terminate();
    this.worker = null;
    this.closed = true;
  }

  private supersede(): void {
    if (this.pending === null) return;
    const pending = this.pending;
    this.pending = null;
    this.worker?.terminate();
    this.worker = null;
    pending.reject(new SupersededError());
  }

  private ensureWorker(): WorkerLike {
    if (this.worker !== null) return this.worker;
    const worker = this.createWorker();
    worker.onmessage = (event) => this.receive(worker, event.data);
    worker.onerror = (event) => this.fail(worker, new Error(`simulator worker failed: ${event.message ?? "could not load the worker module"}`));
    this.worker = worker;
    return worker;
  }

  private receive(worker: WorkerLike, reply: SimReply): void {
    const pending = this.pending;
    if (worker !== this.worker || pending === null || reply.id !== pending.id) return;
    if (reply.kind === "progress") {
      pending.onProgress?.(reply.done, reply.total);
      return;
    }
    this.pending = null;
    if (reply.kind === "error") {
      pending.reject(new Error(reply.message));
      return;
    }
    const fresh = new Map<number, SimRunOutput>();
    reply.outputs.forEach((output, j) => fresh.set(pending.missing[j]!, output));
    const outputs = pending.runs.map((run, i) => ({ ...(fresh.get(i) ?? this.touch(pending.keys[i]!)), spec: run.spec }));
    fresh.forEach((output, i) => this.store(pending.keys[i]!, output));
    pending.resolve(outputs);
  }

  private fail(worker: WorkerLike, error: Error): void {
    if (worker !== this.worker) return;
    worker.terminate();
    this.worker = null;
    const pending = this.pending;
    this.pending = null;
    pending?.reject(error);
  }

  private store(key: string, output: SimRunOutput): void {
    if (this.cacheRuns === 0) return;
    this.cache.delete(key);
    this.cache.set(key, output);
    while (this.cache.size > this.cacheRuns) this.cache.delete(this.cache.keys().next().value as string);
  }

  /** The cached output of `key`, marked as most recently used (moved to the end of the map). */
  private touch(key: string): SimRunOutput {
    const output = this.cache.get(key)!;
    this.cache.delete(key);
    this.cache.set(key, output);
    return output;
  }
}

/** Cache key of a run: its preset, YAML text and the exact override list. */
function runKey(run: SimRun): string {
  return JSON.stringify([run.spec.preset, runOverrides(run.spec), run.text]);
}

/**
 * A module Web Worker running simWorker.ts. Observable Framework rewrites the
 * `import.meta.resolve` literal to the built module's hashed path and bundles the module graph.
 */
export function createSimWorker(): WorkerLike {
  return new Worker(import.meta.resolve("./simWorker.js"), { type: "module" }) as unknown as WorkerLike;
}
