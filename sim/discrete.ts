/**
 * Discrete samplers over ranks 0..n-1 (e.g. which member of a population arrives next).
 * O(1) memory and O(1) expected time per draw, whatever n.
 */
import { requireParam } from "./errors.js";
import type { RandomStream } from "./random.js";

/** Draws integer indices in [0, n). `sample()` does not allocate. */
export interface IndexSampler {
  /** An integer in [0, n). */
  sample(): number;
  /** Number of indices. */
  readonly n: number;
}

/** Largest n accepted: the 32-bit signed range, as Apache Commons RNG's int-valued samplers. */
const MAX_N = 2 ** 31 - 1;

/**
 * Uniform index in [0, n): floor(u·n) from one uniform of `stream`.
 * @throws RangeError if n is not an integer in [1, 2^31 - 1].
 */
export function uniformIndex(n: number, stream: RandomStream): IndexSampler {
  requireN(n, "uniformIndex.n");
  return new UniformIndexSampler(n, stream);
}

/**
 * Zipf-distributed index: P(index i) = (i+1)^-alpha / H(n, alpha), i in [0, n), where H is the
 * generalized harmonic number. alpha = 0 is the uniform distribution. Works for any alpha >= 0,
 * including alpha = 1 and alpha near 1 (no 1/(1-alpha) term is ever formed).
 * Method: rejection-inversion, W. Hörmann & G. Derflinger (1996), "Rejection-inversion to generate
 * variates from monotone discrete distributions", ACM TOMACS 6(3):169-184, in the form used by
 * Apache Commons RNG's RejectionInversionZipfSampler: hat integral H(x) = (x^(1-alpha) - 1)/(1-alpha)
 * (log x at alpha = 1), computed with expm1/log1p helpers, over ranks 1..n.
 * @throws RangeError if n is not an integer in [1, 2^31 - 1] or alpha is not a finite number >= 0.
 */
export function zipfIndex(n: number, alpha: number, stream: RandomStream): IndexSampler {
  requireN(n, "zipfIndex.n");
  requireParam(typeof alpha === "number" && Number.isFinite(alpha) && alpha >= 0, "zipfIndex.alpha", "a finite number >= 0", alpha);
  return alpha === 0 ? new UniformIndexSampler(n, stream) : new ZipfIndexSampler(n, alpha, stream);
}

function requireN(n: number, path: string): void {
  requireParam(Number.isInteger(n) && n >= 1 && n <= MAX_N, path, `an integer in [1, ${MAX_N}]`, n);
}

class UniformIndexSampler implements IndexSampler {
  readonly n: number;
  private readonly lastIndex: number;
  private readonly stream: RandomStream;
  constructor(n: number, stream: RandomStream) {
    this.n = n;
    this.lastIndex = n - 1;
    this.stream = stream;
  }
  sample(): number {
    const i = Math.floor(this.stream.next() * this.n);
    return i > this.lastIndex ? this.lastIndex : i;
  }
}

/** Below this |t|, log1p(t)/t and expm1(t)/t use their Taylor series (Apache Commons RNG's threshold). */
const TAYLOR_THRESHOLD = 1e-8;

/**
 * Rejection-inversion over ranks k = 1..n with hat h(x) = x^-alpha. A uniform u on
 * (H(1.5) - 1, H(n + 0.5)] is inverted to x = H^-1(u) and rounded to k; k is accepted when
 * k - x <= s (a cheap shortcut) or u >= H(k + 0.5) - h(k). Rank 1 is always accepted.
 * Expected draws per sample are close to 1 for all alpha.
 */
class ZipfIndexSampler implements IndexSampler {
  readonly n: number;
  private readonly alpha: number;
  /** H(1.5) - 1. */
  private readonly hIntegralX1: number;
  /** H(n + 0.5). */
  private readonly hIntegralN: number;
  /** hIntegralX1 - hIntegralN (negative). */
  private readonly range: number;
  /** 2 - H^-1(H(2.5) - h(2)): the squeeze constant of the shortcut test. */
  private readonly s: number;
  private readonly stream: RandomStream;
  constructor(n: number, alpha: number, stream: RandomStream) {
    this.n = n;
    this.alpha = alpha;
    this.stream = stream;
    this.hIntegralX1 = this.hIntegral(1.5) - 1;
    this.hIntegralN = this.hIntegral(n + 0.5);
    this.range = this.hIntegralX1 - this.hIntegralN;
    this.s = 2 - this.hIntegralInverse(this.hIntegral(2.5) - this.h(2));
  }
  sample(): number {
    for (;;) {
      const u = this.hIntegralN + this.stream.next() * this.range; // in (hIntegralX1, hIntegralN]
      const x = this.hIntegralInverse(u);
      let k = Math.floor(x + 0.5);
      if (k < 1) k = 1;
      else if (k > this.n) k = this.n;
      if (k - x <= this.s || u >= this.hIntegral(k + 0.5) - this.h(k)) return k - 1;
    }
  }
  /** h(x) = x^-alpha. */
  private h(x: number): number {
    return Math.exp(-this.alpha * Math.log(x));
  }
  /** H(x) = (x^(1-alpha) - 1)/(1-alpha), or ln x at alpha = 1; H' = h. */
  private hIntegral(x: number): number {
    const logX = Math.log(x);
    return expm1OverX((1 - this.alpha) * logX) * logX;
  }
  /** H^-1(y) = exp(log1p(y(1-alpha))/(1-alpha)); t = y(1-alpha) clamped to >= -1 against rounding. */
  private hIntegralInverse(y: number): number {
    let t = y * (1 - this.alpha);
    if (t < -1) t = -1;
    return Math.exp(log1pOverX(t) * y);
  }
}

/** log(1 + x)/x for x >= -1, Taylor series near 0 (1 - x/2 + x²/3 - x³/4). */
function log1pOverX(x: number): number {
  if (Math.abs(x) > TAYLOR_THRESHOLD) return Math.log1p(x) / x;
  return 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}

/** (exp(x) - 1)/x, Taylor series near 0 (1 + x/2 + x²/6 + x³/24). */
function expm1OverX(x: number): number {
  if (Math.abs(x) > TAYLOR_THRESHOLD) return Math.expm1(x) / x;
  return 1 + x * 0.5 * (1 + (x / 3) * (1 + 0.25 * x));
}
