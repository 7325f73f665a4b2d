/**
 * Samplers: a {@link DistributionSpec} (plain data) turned, once at wiring time, into a small
 * object whose `sample()` draws from one named random stream without allocating.
 */
import type { RandomStream } from "./random.js";
import {
  balancedH2Phases,
  defaultSpecPath,
  truncatedNormalMoments,
  validateDistributionSpec,
  type DistributionSpec,
} from "./distributionSpec.js";

export type { DistributionSpec } from "./distributionSpec.js";

/** A ready-to-draw distribution. */
export interface Sampler {
  /** One draw, in the unit of the spec (seconds for durations). Does not allocate. */
  sample(): number;
  /** Exact mean of the distribution actually sampled (after any truncation). */
  readonly mean: number;
  /** Exact variance of the distribution actually sampled (Infinity if undefined). */
  readonly variance: number;
}

/**
 * Builds a sampler for `spec` that draws every variate it needs from `stream` (mixture components
 * share the mixture's stream). The spec is validated first, recursively.
 * `path` names the spec in error messages (default: its kind), e.g. "fleet.handshake.full" gives
 * "fleet.handshake.full.mean: must be > 0 (got -1)"; mixture components are named
 * "<path>.components[i].dist".
 * Methods: exponential by inversion, normal by Marsaglia's polar method, gamma by Marsaglia & Tsang
 * (2000), H2 with balanced means (Whitt 1982); sources on each class.
 * @throws RangeError on any invalid spec (see validateDistributionSpec).
 */
export function makeSampler(spec: DistributionSpec, stream: RandomStream, path: string = defaultSpecPath(spec)): Sampler {
  validateDistributionSpec(spec, path);
  return build(spec, stream);
}

/**
 * Mean and variance of a spec without drawing: the very numbers `makeSampler(spec, ...)` reports
 * (they are read off a sampler built on a stream that is never drawn from).
 * @throws RangeError on any invalid spec, as makeSampler.
 */
export function distributionMoments(spec: DistributionSpec, path: string = defaultSpecPath(spec)): { mean: number; variance: number } {
  const sampler = makeSampler(spec, undrawnStream, path);
  return { mean: sampler.mean, variance: sampler.variance };
}

const undrawnStream: RandomStream = {
  name: "distributionMoments (never drawn)",
  next(): number {
    throw new Error("distributionMoments: a sampler drew while being built");
  },
};

function build(spec: DistributionSpec, stream: RandomStream): Sampler {
  switch (spec.kind) {
    case "constant":
      return new ConstantSampler(spec.value);
    case "exponential":
      return new ExponentialSampler(spec.mean, stream);
    case "uniform":
      return new UniformSampler(spec.min, spec.max, stream);
    case "normal":
      return new NormalSampler(spec.mean, spec.cv * spec.mean, spec.truncateAtZero ?? true, stream);
    case "lognormal":
      return new LognormalSampler(spec.mean, spec.cv, stream);
    case "gamma":
      return new GammaSampler(1 / (spec.cv * spec.cv), spec.mean, stream);
    case "erlang":
      return spec.k < ERLANG_PRODUCT_MAX_K ? new ErlangSampler(spec.k, spec.mean, stream) : new GammaSampler(spec.k, spec.mean, stream);
    case "hyperexponential":
      return new HyperexponentialSampler(spec.mean, spec.cv, stream);
    case "empirical":
      return new EmpiricalSampler(spec.samples, stream);
    case "quantiles":
      return new QuantileSampler(spec.points, stream);
    case "mixture":
      return new MixtureSampler(spec.components.map((c) => c.weight), spec.components.map((c) => build(c.dist, stream)), stream);
  }
}

class ConstantSampler implements Sampler {
  readonly variance = 0;
  constructor(readonly mean: number) {}
  sample(): number {
    return this.mean;
  }
}

/** Exponential by inversion: -mean·ln(1-u), u in [0, 1) so the log argument is in (0, 1]. */
class ExponentialSampler implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly stream: RandomStream;
  constructor(mean: number, stream: RandomStream) {
    this.mean = mean;
    this.variance = mean * mean;
    this.stream = stream;
  }
  sample(): number {
    return -this.mean * Math.log(1 - this.stream.next());
  }
}

class UniformSampler implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly min: number;
  private readonly width: number;
  private readonly stream: RandomStream;
  constructor(min: number, max: number, stream: RandomStream) {
    this.min = min;
    this.width = max - min;
    this.mean = (min + max) / 2;
    this.variance = (this.width * this.width) / 12;
    this.stream = stream;
  }
  sample(): number {
    return this.min + this.width * this.stream.next();
  }
}

/**
 * Standard normal variates by Marsaglia's polar method, which yields two per accepted pair; the
 * spare is kept in a field. Source: G. Marsaglia & T. A. Bray (1964), "A convenient method for
 * generating normal variables", SIAM Review 6(3); Knuth, TAOCP vol. 2, §3.4.1, Algorithm P.
 */
class StandardNormalSource {
  private readonly stream: RandomStream;
  private hasSpare = false;
  private spare = 0;
  constructor(stream: RandomStream) {
    this.stream = stream;
  }
  next(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u = 0, v = 0, s = 0;
    do {
      u = 2 * this.stream.next() - 1;
      v = 2 * this.stream.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * factor;
    this.hasSpare = true;
    return u * factor;
  }
}

/** Normal(mean, sd); when truncated, draws below 0 are rejected and redrawn (acceptance >= 1/2 as mean > 0). */
class NormalSampler implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly mu: number;
  private readonly sd: number;
  private readonly truncateAtZero: boolean;
  private readonly normal: StandardNormalSource;
  constructor(mean: number, sd: number, truncateAtZero: boolean, stream: RandomStream) {
    this.mu = mean;
    this.sd = sd;
    this.truncateAtZero = truncateAtZero;
    const m = truncateAtZero ? truncatedNormalMoments(mean, sd) : { mean, variance: sd * sd };
    this.mean = m.mean;
    this.variance = m.variance;
    this.normal = new StandardNormalSource(stream);
  }
  sample(): number {
    let x = this.mu + this.sd * this.normal.next();
    if (this.truncateAtZero) while (x < 0) x = this.mu + this.sd * this.normal.next();
    return x;
  }
}

/** exp(mu + sigma·Z) with sigma² = ln(1 + cv²), mu = ln(mean) - sigma²/2 (so E = mean, Var = (cv·mean)²). */
class LognormalSampler implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly mu: number; // ln X ~ N(mu, sigma²)
  private readonly sigma: number;
  private readonly normal: StandardNormalSource;
  constructor(mean: number, cv: number, stream: RandomStream) {
    const sigma2 = Math.log1p(cv * cv);
    this.sigma = Math.sqrt(sigma2);
    this.mu = Math.log(mean) - sigma2 / 2;
    this.mean = Math.exp(this.mu + sigma2 / 2);
    this.variance = Math.expm1(sigma2) * Math.exp(2 * this.mu + sigma2);
    this.normal = new StandardNormalSource(stream);
  }
  sample(): number {
    return Math.exp(this.mu + this.sigma * this.normal.next());
  }
}

/**
 * Gamma(shape, scale = mean/shape) by G. Marsaglia & W. W. Tsang (2000), "A simple method for
 * generating gamma variables", ACM TOMS 26(3):363-372; for shape < 1 the paper's boost:
 * Gamma(shape+1)·U^(1/shape). Mean = mean, variance = shape·scale².
 */
class GammaSampler implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly scale: number;
  private readonly d: number;
  private readonly c: number;
  private readonly boost: boolean;
  private readonly invShape: number;
  private readonly stream: RandomStream;
  private readonly normal: StandardNormalSource;
  constructor(shape: number, mean: number, stream: RandomStream) {
    this.scale = mean / shape;
    this.mean = shape * this.scale;
    this.variance = shape * this.scale * this.scale;
    this.boost = shape < 1;
    this.d = (this.boost ? shape + 1 : shape) - 1 / 3;
    this.c = 1 / Math.sqrt(9 * this.d);
    this.invShape = 1 / shape;
    this.stream = stream;
    this.normal = new StandardNormalSource(stream);
  }
  sample(): number {
    const d = this.d;
    for (;;) {
      let x = 0, v = 0;
      do {
        x = this.normal.next();
        v = 1 + this.c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.stream.next();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
        const g = d * v * this.scale;
        return this.boost ? g * Math.pow(1 - this.stream.next(), this.invShape) : g;
      }
    }
  }
}

/** Below this k, Erlang draws multiply k uniforms (no underflow: each factor >= 2^-53); from it on, gamma. */
const ERLANG_PRODUCT_MAX_K = 8;

/** Erlang(k, mean) as -(mean/k)·ln(Π(1-u_i)): the sum of k exponentials with one logarithm. */
class ErlangSampler implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly k: number;
  private readonly phaseMean: number;
  private readonly stream: RandomStream;
  constructor(k: number, mean: number, stream: RandomStream) {
    this.k = k;
    this.phaseMean = mean / k;
    this.mean = k * this.phaseMean;
    this.variance = k * this.phaseMean * this.phaseMean;
    this.stream = stream;
  }
  sample(): number {
    let product = 1 - this.stream.next();
    for (let i = 1; i < this.k; i++) product *= 1 - this.stream.next();
    return -this.phaseMean * Math.log(product);
  }
}

/** Balanced-means H2 (Whitt 1982, see balancedH2Phases): phase 1 with probability p1, else phase 2. */
class HyperexponentialSampler implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly p1: number;
  private readonly mean1: number;
  private readonly mean2: number;
  private readonly stream: RandomStream;
  constructor(mean: number, cv: number, stream: RandomStream) {
    const h = balancedH2Phases(mean, cv);
    this.p1 = h.p1;
    this.mean1 = h.mean1;
    this.mean2 = h.mean2;
    const p2 = 1 - h.p1;
    this.mean = h.p1 * h.mean1 + p2 * h.mean2;
    const secondMoment = 2 * (h.p1 * h.mean1 * h.mean1 + p2 * h.mean2 * h.mean2);
    this.variance = secondMoment - this.mean * this.mean;
    this.stream = stream;
  }
  sample(): number {
    const phaseMean = this.stream.next() < this.p1 ? this.mean1 : this.mean2;
    return -phaseMean * Math.log(1 - this.stream.next());
  }
}

/** Uniform resampling of the given values; moments are those of that discrete distribution. */
class EmpiricalSampler implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly values: Float64Array;
  private readonly lastIndex: number;
  private readonly stream: RandomStream;
  constructor(samples: readonly number[], stream: RandomStream) {
    this.values = Float64Array.from(samples);
    const n = this.values.length;
    this.lastIndex = n - 1;
    let sum = 0, sq = 0;
    for (let i = 0; i < n; i++) sum += this.values[i];
    this.mean = sum / n;
    for (let i = 0; i < n; i++) sq += (this.values[i] - this.mean) ** 2;
    this.variance = sq / n;
    this.stream = stream;
  }
  sample(): number {
    const i = Math.floor(this.stream.next() * this.values.length);
    return this.values[i > this.lastIndex ? this.lastIndex : i];
  }
}

/**
 * Piecewise-linear inverse CDF: u in [0, 1) falls in segment [p_i, p_(i+1)) (binary search) and maps
 * linearly onto [value_i, value_(i+1)]. Each segment is a uniform of mass Δp, which gives the moments.
 */
class QuantileSampler implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly ps: Float64Array;
  private readonly values: Float64Array;
  private readonly slopes: Float64Array;
  private readonly stream: RandomStream;
  constructor(points: readonly { p: number; value: number }[], stream: RandomStream) {
    const n = points.length;
    this.ps = new Float64Array(n);
    this.values = new Float64Array(n);
    this.slopes = new Float64Array(n - 1);
    for (let i = 0; i < n; i++) {
      this.ps[i] = points[i].p;
      this.values[i] = points[i].value;
    }
    let mean = 0;
    for (let i = 0; i < n - 1; i++) {
      const dp = this.ps[i + 1] - this.ps[i];
      this.slopes[i] = (this.values[i + 1] - this.values[i]) / dp;
      mean += (dp * (this.values[i] + this.values[i + 1])) / 2;
    }
    let variance = 0;
    for (let i = 0; i < n - 1; i++) {
      const a = this.values[i] - mean;
      const b = this.values[i + 1] - mean;
      variance += ((this.ps[i + 1] - this.ps[i]) * (a * a + a * b + b * b)) / 3;
    }
    this.mean = mean;
    this.variance = variance;
    this.stream = stream;
  }
  sample(): number {
    const u = this.stream.next();
    const ps = this.ps;
    let lo = 0;
    let hi = ps.length - 1; // invariant: ps[lo] <= u < ps[hi]
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (ps[mid] <= u) lo = mid;
      else hi = mid;
    }
    return this.values[lo] + this.slopes[lo] * (u - ps[lo]);
  }
}

/**
 * Picks component i with probability weight_i / Σweights (one uniform, linear scan of the cumulative
 * weights), then draws from it. Mean = Σ w_i·m_i; variance by the law of total variance:
 * Σ w_i·(v_i + (m_i - mean)²).
 */
class MixtureSampler implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly cumulative: Float64Array;
  private readonly components: readonly Sampler[];
  private readonly lastIndex: number;
  private readonly stream: RandomStream;
  constructor(weights: readonly number[], components: readonly Sampler[], stream: RandomStream) {
    const n = weights.length;
    let total = 0, acc = 0, mean = 0;
    for (let i = 0; i < n; i++) total += weights[i];
    this.cumulative = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      acc += weights[i];
      this.cumulative[i] = acc / total;
      mean += (weights[i] / total) * components[i].mean;
    }
    let variance = 0;
    for (let i = 0; i < n; i++) {
      const dm = components[i].mean - mean;
      variance += (weights[i] / total) * (components[i].variance + dm * dm);
    }
    this.mean = mean;
    this.variance = variance;
    this.components = components;
    this.lastIndex = n - 1;
    this.stream = stream;
  }
  sample(): number {
    const u = this.stream.next();
    const cumulative = this.cumulative;
    let i = 0;
    while (i < this.lastIndex && u >= cumulative[i]) i++;
    return this.components[i].sample();
  }
}
