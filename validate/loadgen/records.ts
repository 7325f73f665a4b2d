/**
 * Per-attempt records of a load-generator run, in growable typed arrays (structured-clone friendly,
 * so they cross the IPC channel as buffers), and a small binary min-heap of (time, id) used by the
 * generator for retries and deadlines.
 *
 * Times are seconds from the run's t = 0 (the schedule's origin). NaN means "did not happen".
 */

/** How an attempt ended. */
export const Outcome = {
  /** Still running (never left in a finished run's records). */
  Pending: 0,
  /** Handshake completed. */
  Completed: 1,
  /** The client's per-attempt timeout fired first (the socket was destroyed). */
  Timeout: 2,
  /** The connection failed: reset, refused, or closed before the handshake completed. */
  Reset: 3,
  /** Still in flight when the run's drain time ran out (cut off; counted in neither). */
  Cut: 4,
} as const;

/** What a connection (a scheduled arrival and its retries) came to. */
export const ConnectionFate = { Pending: 0, Completed: 1, Failed: 2, Cut: 3 } as const;

/** The records of one run: one entry per attempt in launch order, and one fate per scheduled connection. */
export interface AttemptRecords {
  /** Attempts recorded (the arrays may be longer). */
  count: number;
  /** Index of the connection in the schedule. */
  connection: Int32Array;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attemptNo: Uint8Array;
  /** When the attempt was due: the schedule time, or for a retry the failure time plus the backoff delay. */
  scheduledSec: Float64Array;
  /** When tls.connect was called (start lateness = startSec − scheduledSec). */
  startSec: Float64Array;
  /** TCP connection established. */
  connectSec: Float64Array;
  /** Handshake completed, or the attempt failed. */
  doneSec: Float64Array;
  outcome: Uint8Array;
  /** 1 if the handshake resumed a session (isSessionReused). */
  resumed: Uint8Array;
  /** Per scheduled connection: a {@link ConnectionFate}. */
  fate: Uint8Array;
}

/** Growable storage for {@link AttemptRecords}. */
export class RecordBuffer {
  count = 0;
  connection: Int32Array;
  attemptNo: Uint8Array;
  scheduledSec: Float64Array;
  startSec: Float64Array;
  connectSec: Float64Array;
  doneSec: Float64Array;
  outcome: Uint8Array;
  resumed: Uint8Array;

  constructor(initialCapacity: number) {
    const n = Math.max(16, initialCapacity);
    this.connection = new Int32Array(n);
    this.attemptNo = new Uint8Array(n);
    this.scheduledSec = new Float64Array(n);
    this.startSec = new Float64Array(n);
    this.connectSec = new Float64Array(n);
    this.doneSec = new Float64Array(n);
    this.outcome = new Uint8Array(n);
    this.resumed = new Uint8Array(n);
  }

  /** A new record (pending, times NaN except as set by the caller); returns its index. */
  alloc(): number {
    if (this.count === this.connection.length) this.grow();
    const a = this.count++;
    this.connectSec[a] = Number.NaN;
    this.doneSec[a] = Number.NaN;
    this.outcome[a] = Outcome.Pending;
    this.resumed[a] = 0;
    return a;
  }

  /** The records trimmed to `count`, with the connections' fates. */
  finish(fate: Uint8Array): AttemptRecords {
    const n = this.count;
    return {
      count: n,
      connection: this.connection.slice(0, n),
      attemptNo: this.attemptNo.slice(0, n),
      scheduledSec: this.scheduledSec.slice(0, n),
      startSec: this.startSec.slice(0, n),
      connectSec: this.connectSec.slice(0, n),
      doneSec: this.doneSec.slice(0, n),
      outcome: this.outcome.slice(0, n),
      resumed: this.resumed.slice(0, n),
      fate,
    };
  }

  private grow(): void {
    const n = this.connection.length * 2;
    const g = <T extends Int32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.connection = g(this.connection, (k) => new Int32Array(k));
    this.attemptNo = g(this.attemptNo, (k) => new Uint8Array(k));
    this.scheduledSec = g(this.scheduledSec, (k) => new Float64Array(k));
    this.startSec = g(this.startSec, (k) => new Float64Array(k));
    this.connectSec = g(this.connectSec, (k) => new Float64Array(k));
    this.doneSec = g(this.doneSec, (k) => new Float64Array(k));
    this.outcome = g(this.outcome, (k) => new Uint8Array(k));
    this.resumed = g(this.resumed, (k) => new Uint8Array(k));
  }
}

/** A binary min-heap of (timeSec, id), ties broken by insertion order. */
export class TimeHeap {
  private times: number[] = [];
  private ids: number[] = [];
  private seqs: number[] = [];
  private seq = 0;

  get size(): number {
    return this.times.length;
  }
  /** Earliest time, Infinity when empty. */
  peekTimeSec(): number {
    return this.times.length > 0 ? this.times[0]! : Infinity;
  }
  push(timeSec: number, id: number): void {
    if (Number.isNaN(timeSec)) throw new RangeError("TimeHeap.push: NaN time");
    this.times.push(timeSec);
    this.ids.push(id);
    this.seqs.push(this.seq++);
    let i = this.times.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  /** Removes the earliest entry and returns its id. @throws RangeError when empty. */
  pop(): number {
    if (this.times.length === 0) throw new RangeError("TimeHeap.pop: empty");
    const top = this.ids[0]!;
    const last = this.times.length - 1;
    this.swap(0, last);
    this.times.pop();
    this.ids.pop();
    this.seqs.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.times.length && this.less(l, m)) m = l;
      if (r < this.times.length && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }
  private less(a: number, b: number): boolean {
    return this.times[a]! < this.times[b]! || (this.times[a] === this.times[b] && this.seqs[a]! < this.seqs[b]!);
  }
  private swap(a: number, b: number): void {
    [this.times[a], this.times[b]] = [this.times[b]!, this.times[a]!];
    [this.ids[a], this.ids[b]] = [this.ids[b]!, this.ids[a]!];
    [this.seqs[a], this.seqs[b]] = [this.seqs[b]!, this.seqs[a]!];
  }
}
