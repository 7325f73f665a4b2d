/**
 * Distributions as plain data: the spec type that scenario files hold, its validation, and the
 * closed forms (normal CDF, truncated-normal moments, H2 phases) that the samplers in
 * `distributions.ts` are built from. Nothing here draws a random number.
 */
import { requireParam } from "./errors.js";

/**
 * A probability distribution described as plain, JSON-ready data. Every number is in the caller's
 * unit (seconds for durations); `cv` is the coefficient of variation (standard deviation / mean).
 * Rules per kind are checked by {@link validateDistributionSpec}.
 */
export type DistributionSpec =
  /** Always `value` (any finite number). */
  | { kind: "constant"; value: number }
  /** Exponential; mean > 0. */
  | { kind: "exponential"; mean: number }
  /** Continuous uniform on [min, max]; finite, min <= max. */
  | { kind: "uniform"; min: number; max: number }
  /** Normal with sd = cv * mean; mean > 0, cv >= 0. truncateAtZero (default true): draws < 0 are redrawn. */
  | { kind: "normal"; mean: number; cv: number; truncateAtZero?: boolean }
  /** Lognormal with the given mean and cv; mean > 0, cv > 0. */
  | { kind: "lognormal"; mean: number; cv: number }
  /** Gamma with shape 1/cv^2 and scale mean*cv^2; mean > 0, cv > 0. */
  | { kind: "gamma"; mean: number; cv: number }
  /** Erlang: sum of k exponentials, each of mean mean/k; mean > 0, integer k >= 1. */
  | { kind: "erlang"; mean: number; k: number }
  /** Two-phase hyperexponential with balanced means; mean > 0, cv >= 1 (cv = 1 is the exponential). */
  | { kind: "hyperexponential"; mean: number; cv: number }
  /** Uniform resampling of the given values; at least one, all finite. */
  | { kind: "empirical"; samples: number[] }
  /** Piecewise-linear inverse CDF through (p, value); p strictly increasing from 0 to 1, values non-decreasing. */
  | { kind: "quantiles"; points: { p: number; value: number }[] }
  /** Draws from component i with probability weight_i / sum(weights); weights > 0, at least one component. */
  | { kind: "mixture"; components: { weight: number; dist: DistributionSpec }[] };

/** The `kind` values a {@link DistributionSpec} may have, in documentation order. */
export const distributionKinds = [
  "constant", "exponential", "uniform", "normal", "lognormal", "gamma", "erlang",
  "hyperexponential", "empirical", "quantiles", "mixture",
] as const;

/** The path used in error messages when the caller gives none: the spec's kind, or "distribution". */
export function defaultSpecPath(spec: unknown): string {
  const kind = isRecord(spec) ? spec.kind : undefined;
  return typeof kind === "string" && (distributionKinds as readonly string[]).includes(kind) ? kind : "distribution";
}

/**
 * Checks a spec (typically parsed from a scenario file) against the per-kind rules of
 * {@link DistributionSpec}, recursing into mixtures. `path` names the spec in messages; mixture
 * components are named `<path>.components[i].dist`.
 * @throws RangeError `"<path>.<field>: must be <rule> (got <value>)"` for a non-object spec, an
 *   unknown kind (the message lists the allowed kinds), a missing, NaN or infinite number, or a
 *   broken per-kind rule.
 */
export function validateDistributionSpec(spec: unknown, path: string = defaultSpecPath(spec)): asserts spec is DistributionSpec {
  requireParam(isRecord(spec), path, "a distribution object with a kind", spec);
  const s = spec as Record<string, unknown>;
  const kinds = distributionKinds as readonly string[];
  requireParam(typeof s.kind === "string" && kinds.includes(s.kind), `${path}.kind`, `one of ${kinds.join(", ")}`, s.kind);
  switch (s.kind as DistributionSpec["kind"]) {
    case "constant":
      finite(s, "value", path);
      return;
    case "exponential":
      positive(s, "mean", path);
      return;
    case "uniform": {
      const min = finite(s, "min", path);
      const max = finite(s, "max", path);
      requireParam(min <= max, `${path}.max`, `>= min (${min})`, max);
      return;
    }
    case "normal": {
      positive(s, "mean", path);
      const cv = finite(s, "cv", path);
      requireParam(cv >= 0, `${path}.cv`, ">= 0", cv);
      const t = s.truncateAtZero;
      requireParam(t === undefined || typeof t === "boolean", `${path}.truncateAtZero`, "true, false or absent", t);
      return;
    }
    case "lognormal":
    case "gamma":
      positive(s, "mean", path);
      positive(s, "cv", path);
      return;
    case "erlang": {
      positive(s, "mean", path);
      const k = finite(s, "k", path);
      requireParam(Number.isSafeInteger(k) && k >= 1, `${path}.k`, "an integer >= 1", k);
      return;
    }
    case "hyperexponential": {
      positive(s, "mean", path);
      const cv = finite(s, "cv", path);
      requireParam(cv >= 1, `${path}.cv`, ">= 1 (a hyperexponential is at least as variable as an exponential)", cv);
      return;
    }
    case "empirical": {
      const samples = s.samples;
      requireParam(Array.isArray(samples) && samples.length >= 1, `${path}.samples`, "a non-empty array of numbers", samples);
      const arr = samples as unknown[];
      for (let i = 0; i < arr.length; i++) {
        const x = arr[i];
        requireParam(typeof x === "number" && Number.isFinite(x), `${path}.samples[${i}]`, "a finite number", x);
      }
      return;
    }
    case "quantiles":
      validateQuantilePoints(s.points, `${path}.points`);
      return;
    case "mixture": {
      const comps = s.components;
      requireParam(Array.isArray(comps) && comps.length >= 1, `${path}.components`, "a non-empty array of { weight, dist }", comps);
      const arr = comps as unknown[];
      for (let i = 0; i < arr.length; i++) {
        const cPath = `${path}.components[${i}]`;
        const c = arr[i];
        requireParam(isRecord(c), cPath, "an object { weight, dist }", c);
        positive(c as Record<string, unknown>, "weight", cPath);
        validateDistributionSpec((c as Record<string, unknown>).dist, `${cPath}.dist`);
      }
      return;
    }
  }
}

function validateQuantilePoints(points: unknown, path: string): void {
  requireParam(Array.isArray(points) && points.length >= 2, path, "an array of at least 2 { p, value } points", points);
  const arr = points as unknown[];
  let prevP = Number.NaN;
  let prevValue = Number.NaN;
  for (let i = 0; i < arr.length; i++) {
    const pt = arr[i];
    requireParam(isRecord(pt), `${path}[${i}]`, "an object { p, value }", pt);
    const p = finite(pt as Record<string, unknown>, "p", `${path}[${i}]`);
    const value = finite(pt as Record<string, unknown>, "value", `${path}[${i}]`);
    if (i === 0) {
      requireParam(p === 0, `${path}[0].p`, "exactly 0", p);
    } else {
      requireParam(p > prevP, `${path}[${i}].p`, `> the previous point's p (${prevP})`, p);
      requireParam(value >= prevValue, `${path}[${i}].value`, `>= the previous point's value (${prevValue})`, value);
    }
    if (i === arr.length - 1) requireParam(p === 1, `${path}[${i}].p`, "exactly 1 (the last point)", p);
    prevP = p;
    prevValue = value;
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function finite(obj: Record<string, unknown>, key: string, path: string): number {
  const x = obj[key];
  requireParam(typeof x === "number" && Number.isFinite(x), `${path}.${key}`, "a finite number", x);
  return x as number;
}

function positive(obj: Record<string, unknown>, key: string, path: string): number {
  const x = finite(obj, key, path);
  requireParam(x > 0, `${path}.${key}`, "> 0", x);
  return x;
}

// ---------------------------------------------------------------------------------------------
// Closed forms used by the samplers (evaluated once, at wiring time).

const SQRT_PI = Math.sqrt(Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Standard normal CDF Φ(x), absolute error about 1e-16 and relative error below 1e-13 in both tails.
 * Source: Abramowitz & Stegun (1964), Handbook of Mathematical Functions: erf by the
 * positive-term series 7.1.6 for |x|/√2 < 2, erfc by the continued fraction 7.1.14 (100 terms,
 * evaluated backwards) beyond. Not for hot paths (up to ~100 iterations).
 * @throws RangeError if x is NaN.
 */
export function standardNormalCdf(x: number): number {
  requireParam(!Number.isNaN(x), "standardNormalCdf.x", "a number", x);
  const z = Math.abs(x) / Math.SQRT2;
  const upperTail = 0.5 * erfcNonNegative(z); // P(X > |x|)
  return x >= 0 ? 1 - upperTail : upperTail;
}

/** Standard normal density φ(x) = exp(-x²/2)/√(2π). */
export function standardNormalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** erfc(z) for z >= 0 (Abramowitz & Stegun 7.1.6 and 7.1.14). */
function erfcNonNegative(z: number): number {
  if (z === Infinity) return 0;
  const z2 = z * z;
  if (z < 2) {
    let term = z;
    let sum = z;
    for (let n = 0; n < 200; n++) {
      term *= (2 * z2) / (2 * n + 3);
      sum += term;
      if (term <= sum * 1e-17) break;
    }
    return 1 - (2 / SQRT_PI) * Math.exp(-z2) * sum;
  }
  let f = z;
  for (let n = 100; n >= 1; n--) f = z + n / 2 / f;
  return Math.exp(-z2) / SQRT_PI / f;
}

/**
 * Mean and variance of a normal(mean, sd) truncated to [0, ∞) (draws below 0 rejected).
 * With α = -mean/sd, Z = 1 - Φ(α), λ = φ(α)/Z: mean' = mean + sd·λ, variance' = sd²·(1 + αλ - λ²).
 * Source: Johnson, Kotz & Balakrishnan (1994), Continuous Univariate Distributions vol. 1,
 * 2nd ed., ch. 13 (truncated normal); Barr & Sherrill (1999), "Mean and variance of truncated
 * normal distributions", The American Statistician 53(4).
 * Requires mean > 0 and sd >= 0 (sd = 0 gives the constant mean).
 */
export function truncatedNormalMoments(mean: number, sd: number): { mean: number; variance: number } {
  if (sd === 0) return { mean, variance: 0 };
  const alpha = -mean / sd;
  const keptFraction = 1 - standardNormalCdf(alpha);
  const lambda = standardNormalPdf(alpha) / keptFraction;
  return { mean: mean + sd * lambda, variance: sd * sd * (1 + alpha * lambda - lambda * lambda) };
}

/**
 * Parameters of the two-phase hyperexponential with balanced means (p1/rate1 = p2/rate2) that has
 * the given mean and cv >= 1: p1 = (1 + sqrt((cv²-1)/(cv²+1)))/2, rate1 = 2·p1/mean,
 * rate2 = 2·(1-p1)/mean. Its variance is (cv·mean)².
 * Source: W. Whitt (1982), "Approximating a point process by a renewal process, I: two basic
 * methods", Operations Research 30(1):125-147 (balanced-means H2 fit).
 */
export function balancedH2Phases(mean: number, cv: number): { p1: number; mean1: number; mean2: number } {
  const cv2 = cv * cv;
  const p1 = (1 + Math.sqrt((cv2 - 1) / (cv2 + 1))) / 2;
  return { p1, mean1: mean / (2 * p1), mean2: mean / (2 * (1 - p1)) };
}
