/**
 * Confidence intervals for the mean of independent replications (Student t).
 *
 * The t quantile is computed exactly enough for reporting (|error| < 1e-9) by inverting the t
 * CDF, itself from the regularized incomplete beta function:
 *   P(T <= t) = 1 - I_x(ν/2, 1/2) / 2 for t > 0, with x = ν / (ν + t²)
 * (Abramowitz & Stegun 26.7.1 and 26.5.27), where I_x is evaluated by its continued fraction with
 * the modified Lentz method (Numerical Recipes, 3rd ed., §6.4). ln Γ comes from simple-statistics.
 */
import { gammaln, mean as sampleMean, sampleStandardDeviation } from "simple-statistics";
import { requireParam } from "../errors.js";

/** A point estimate with its confidence interval: mean ± halfWidth at `level`. */
export interface Estimate {
  mean: number;
  /** Half-width of the interval (0 for a single replication: no interval can be given, see `n`). */
  halfWidth: number;
  lower: number;
  upper: number;
  /** Sample standard deviation across replications (0 when n = 1). */
  stdDev: number;
  /** Number of replications. */
  n: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
}

/** Regularized incomplete beta I_x(a, b) for a, b > 0 and x in [0, 1]. */
export function regularizedBeta(x: number, a: number, b: number): number {
  requireParam(x >= 0 && x <= 1, "regularizedBeta.x", "in [0, 1]", x);
  requireParam(a > 0 && b > 0, "regularizedBeta.a/b", "> 0", [a, b]);
  if (x === 0 || x === 1) return x;
  const lnFront = gammaln(a + b) - gammaln(a) - gammaln(b) + a * Math.log(x) + b * Math.log(1 - x);
  const front = Math.exp(lnFront);
  // Use the continued fraction where it converges fast; otherwise the symmetry I_x(a,b) = 1 - I_{1-x}(b,a).
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** CDF of Student's t with ν > 0 degrees of freedom. */
export function studentTCdf(t: number, dof: number): number {
  requireParam(dof > 0, "studentT.dof", "> 0", dof);
  requireParam(!Number.isNaN(t), "studentT.t", "a number", t);
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * regularizedBeta(dof / (dof + t * t), dof / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/**
 * Quantile of Student's t: the t with P(T <= t) = p, for p in (0, 1) and ν > 0.
 * Bisection on the CDF to 1e-12 (this is called a handful of times per report, never per event).
 * @throws RangeError if p is not in (0, 1) or dof <= 0.
 */
export function studentTQuantile(p: number, dof: number): number {
  requireParam(p > 0 && p < 1, "studentT.p", "in (0, 1)", p);
  requireParam(dof > 0, "studentT.dof", "> 0", dof);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, dof);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, dof) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, dof) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Mean and two-sided Student-t confidence interval of independent replication values.
 * With a single value the half-width is 0 and `n` = 1 tells the reader there is no interval.
 * @throws RangeError if values is empty, contains a non-finite number, or level is not in (0, 1).
 */
export function confidenceInterval(values: readonly number[], level = 0.95): Estimate {
  requireParam(values.length > 0, "confidenceInterval.values", "non-empty", values.length);
  requireParam(level > 0 && level < 1, "confidenceInterval.level", "in (0, 1)", level);
  for (let i = 0; i < values.length; i++) {
    requireParam(Number.isFinite(values[i]), `confidenceInterval.values[${i}]`, "finite", values[i]);
  }
  const n = values.length;
  const m = sampleMean(values as number[]);
  if (n === 1) return { mean: m, halfWidth: 0, lower: m, upper: m, stdDev: 0, n, level };
  const sd = sampleStandardDeviation(values as number[]);
  const halfWidth = (studentTQuantile(1 - (1 - level) / 2, n - 1) * sd) / Math.sqrt(n);
  return { mean: m, halfWidth, lower: m - halfWidth, upper: m + halfWidth, stdDev: sd, n, level };
}
