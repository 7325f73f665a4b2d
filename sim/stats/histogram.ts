/**
 * A log-linear histogram of non-negative values with a stated relative error (HDR-histogram style).
 *
 * Each power-of-two octave [2^e, 2^(e+1)) is split into 2^subBucketBits equal sub-buckets, so a
 * bucket's width is at most 2^-subBucketBits of its lower edge. A quantile is reported as the
 * midpoint of the bucket holding the requested rank, clamped to the observed [min, max]; it
 * therefore lies within a relative error of 2^-(subBucketBits+1) of the exact nearest-rank sample
 * quantile (0.39 % at the default 7 bits); the first and last ranks return the exact min and max. Exact zeros are counted apart and reported as 0.
 * Values below 2^-40 (about 1e-12) count in the lowest bucket and above 2^40 in the highest; the
 * error bound holds inside that range.
 *
 * The bucket index is read straight from the IEEE-754 bits (exponent and top mantissa bits), so
 * recording costs a few nanoseconds. We measured hdr-histogram-js 3.0.1's `recordValue` at about
 * 7 M values/s on this machine type, against about 150 M/s for this layout: the library alone
 * would have cost more than the whole per-customer budget of the engine (bench/README in docs).
 *
 * Memory: octaves are allocated on first use, 2^subBucketBits doubles each (1 KiB at 7 bits), so
 * it grows with the range of values seen (at most 80 octaves), never with the number recorded.
 */
import { InvariantError, requireParam } from "../errors.js";

const MIN_EXPONENT = -40;
const OCTAVES = 80;

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = littleEndian ? 1 : 0;

/** Summary of a histogram: count, exact mean/min/max, quantiles within the stated relative error. */
export interface HistogramSummary {
  count: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  p999: number | null;
  /** Bound on the relative error of each quantile, 2^-(subBucketBits+1). */
  relativeError: number;
}

/**
 * Streaming histogram. `record(x)` takes a finite x >= 0.
 * @throws RangeError at construction if subBucketBits is not an integer in [1, 12].
 * @throws InvariantError from record if x is negative or NaN (a negative duration is a model bug).
 */
export class Histogram {
  readonly subBucketBits: number;
  /** Number of values recorded. */
  count: number;
  /** Sum of values recorded. */
  sum: number;
  min: number;
  max: number;
  private zeroCount: number;
  private readonly octaves: (Float64Array | null)[];
  private readonly shift: number;
  private readonly offset: number;
  private readonly bucketsPerOctave: number;
  private readonly scratch: Float64Array;
  private readonly scratchBits: Uint32Array;

  constructor(subBucketBits = 7) {
    requireParam(Number.isInteger(subBucketBits) && subBucketBits >= 1 && subBucketBits <= 12, "histogram.subBucketBits", "an integer from 1 to 12", subBucketBits);
    this.subBucketBits = subBucketBits;
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.zeroCount = 0;
    this.octaves = new Array<Float64Array | null>(OCTAVES).fill(null);
    this.shift = 20 - subBucketBits;
    this.offset = (1023 + MIN_EXPONENT) << subBucketBits;
    this.bucketsPerOctave = 1 << subBucketBits;
    this.scratch = new Float64Array(1);
    this.scratchBits = new Uint32Array(this.scratch.buffer);
  }

  /** Relative error bound of quantiles: 2^-(subBucketBits+1). */
  get relativeError(): number {
    return 2 ** -(this.subBucketBits + 1);
  }

  /** Records one value (x >= 0). */
  record(x: number): void {
    if (!(x >= 0)) throw new InvariantError(`histogram value ${x} is negative or NaN`);
    this.count++;
    this.sum += x;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    if (x === 0) {
      this.zeroCount++;
      return;
    }
    this.scratch[0] = x;
    let idx = (this.scratchBits[HI] >>> this.shift) - this.offset;
    if (idx < 0) idx = 0;
    const octave = idx >>> this.subBucketBits;
    if (octave >= OCTAVES) {
      this.bucket(OCTAVES - 1)[this.bucketsPerOctave - 1]++;
      return;
    }
    let counts = this.octaves[octave];
    if (counts === null) counts = this.bucket(octave);
    counts[idx & (this.bucketsPerOctave - 1)]++;
  }

  /** Value at quantile q in [0, 1] (nearest rank), or null if empty. @throws RangeError if q is outside [0, 1]. */
  quantile(q: number): number | null {
    requireParam(q >= 0 && q <= 1, "quantile", "in [0, 1]", q);
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.count));
    if (rank <= this.zeroCount) return 0;
    if (rank === this.count) return this.max;
    if (rank === 1) return this.min;
    let seen = this.zeroCount;
    const per = this.bucketsPerOctave;
    for (let o = 0; o < OCTAVES; o++) {
      const counts = this.octaves[o];
      if (counts === null) continue;
      for (let b = 0; b < per; b++) {
        seen += counts[b];
        if (seen >= rank) {
          const lower = 2 ** (o + MIN_EXPONENT);
          const mid = lower * (1 + (b + 0.5) / per);
          return Math.min(this.max, Math.max(this.min, mid));
        }
      }
    }
    return this.max;
  }

  /** Adds another histogram's counts into this one. @throws RangeError if the precisions differ. */
  merge(other: Histogram): void {
    requireParam(other.subBucketBits === this.subBucketBits, "histogram.merge", `the same subBucketBits (${this.subBucketBits})`, other.subBucketBits);
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    this.zeroCount += other.zeroCount;
    for (let o = 0; o < OCTAVES; o++) {
      const src = other.octaves[o];
      if (src === null) continue;
      const dst = this.bucket(o);
      for (let b = 0; b < src.length; b++) dst[b] += src[b];
    }
  }

  /** Forgets everything recorded (used for warm-up deletion). Keeps allocated octaves. */
  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.zeroCount = 0;
    for (const counts of this.octaves) if (counts !== null) counts.fill(0);
  }

  /** Count, mean, min, max and p50/p90/p99/p999 (null where empty). */
  summary(): HistogramSummary {
    const empty = this.count === 0;
    return {
      count: this.count,
      mean: empty ? null : this.sum / this.count,
      min: empty ? null : this.min,
      max: empty ? null : this.max,
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
      p99: this.quantile(0.99),
      p999: this.quantile(0.999),
      relativeError: this.relativeError,
    };
  }

  private bucket(octave: number): Float64Array {
    let counts = this.octaves[octave];
    if (counts === null) {
      counts = new Float64Array(this.bucketsPerOctave);
      this.octaves[octave] = counts;
    }
    return counts;
  }
}
