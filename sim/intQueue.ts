/**
 * A FIFO queue of integers in a ring buffer (Int32Array) that doubles when full: O(1) push and
 * shift, no allocation once grown, optional capacity bound. Used for station queues and, in the
 * models, for accept queues and run queues.
 */
import { InvariantError, requireParam } from "./errors.js";

/**
 * FIFO of int32 values.
 * @throws RangeError if capacity is not a positive integer or Infinity.
 */
export class IntQueue {
  /** Largest number of entries the queue accepts (Infinity = unbounded). */
  readonly capacity: number;
  size: number;
  private buf: Int32Array;
  private head: number;

  constructor(capacity = Infinity, initialSize = 16) {
    requireParam(capacity === Infinity || (Number.isInteger(capacity) && capacity >= 0), "queue.capacity", "an integer >= 0 or Infinity", capacity);
    this.capacity = capacity;
    this.size = 0;
    this.head = 0;
    let n = 16;
    while (n < initialSize) n *= 2;
    this.buf = new Int32Array(n);
  }

  /** Appends `value`; returns false (and stores nothing) if the queue is at capacity. */
  push(value: number): boolean {
    if (this.size >= this.capacity) return false;
    if (this.size === this.buf.length) this.grow();
    this.buf[(this.head + this.size) & (this.buf.length - 1)] = value;
    this.size++;
    return true;
  }

  /** Removes and returns the oldest value. @throws InvariantError if empty. */
  shift(): number {
    if (this.size === 0) throw new InvariantError("shift from an empty queue");
    const v = this.buf[this.head];
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.size--;
    return v;
  }

  /** The oldest value without removing it. @throws InvariantError if empty. */
  peek(): number {
    if (this.size === 0) throw new InvariantError("peek into an empty queue");
    return this.buf[this.head];
  }

  /** The i-th oldest value (0 = oldest). @throws InvariantError if i is out of range. */
  at(i: number): number {
    if (!(i >= 0 && i < this.size)) throw new InvariantError(`queue index ${i} out of range [0, ${this.size})`);
    return this.buf[(this.head + i) & (this.buf.length - 1)];
  }

  /** Removes every entry. */
  clear(): void {
    this.size = 0;
    this.head = 0;
  }

  private grow(): void {
    const old = this.buf;
    const next = new Int32Array(old.length * 2);
    for (let i = 0; i < this.size; i++) next[i] = old[(this.head + i) & (old.length - 1)];
    this.buf = next;
    this.head = 0;
  }
}
