import { describe, expect, test } from "vitest";
import { uniformIndex, zipfIndex, type IndexSampler } from "../../sim/discrete.js";
import { RandomStreams } from "../../sim/random.js";

const DRAWS = 200_000;

/**
 * Chi-square critical values at significance 0.001 (upper 0.1 % point), from the chi-square
 * distribution table (checked numerically with the regularized incomplete gamma function).
 * With a fixed seed the tests are deterministic; 0.001 keeps a correct sampler far from the
 * threshold while a wrong exponent (see the power check) lands orders of magnitude above it.
 */
const CHI2_CRIT_0_001: Record<number, number> = { 6: 22.458, 9: 27.877, 20: 45.315 };

function stream(name = "rank", seed = 11) {
  return new RandomStreams(seed).stream(name);
}

function counts(sampler: IndexSampler, draws = DRAWS): Float64Array {
  const c = new Float64Array(sampler.n);
  for (let i = 0; i < draws; i++) c[sampler.sample()]++;
  return c;
}

/** P(index i) = (i+1)^-alpha / Σ_j (j+1)^-alpha, summed exactly. */
function zipfPmf(n: number, alpha: number): Float64Array {
  const pmf = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) total += (pmf[i] = (i + 1) ** -alpha);
  for (let i = 0; i < n; i++) pmf[i] /= total;
  return pmf;
}

/** Chi-square over the first `cells` indices individually plus one cell lumping the rest (if any). */
function chiSquare(observed: Float64Array, pmf: Float64Array, cells: number, draws = DRAWS): number {
  let chi2 = 0;
  let restObserved = draws;
  let restP = 1;
  for (let i = 0; i < cells; i++) {
    const expected = pmf[i] * draws;
    chi2 += (observed[i] - expected) ** 2 / expected;
    restObserved -= observed[i];
    restP -= pmf[i];
  }
  if (cells < pmf.length) chi2 += (restObserved - restP * draws) ** 2 / (restP * draws);
  return chi2;
}

describe("uniformIndex", () => {
  test("frequencies over n = 7 pass a chi-square test against 1/7 each (df 6)", () => {
    const c = counts(uniformIndex(7, stream()));
    expect(chiSquare(c, new Float64Array(7).fill(1 / 7), 7)).toBeLessThan(CHI2_CRIT_0_001[6]);
  });

  test("n = 1 always gives index 0", () => {
    const s = uniformIndex(1, stream());
    for (let i = 0; i < 1000; i++) expect(s.sample()).toBe(0);
  });
});

describe("zipfIndex", () => {
  test("n = 10, alpha = 1.2: frequencies of all ranks pass a chi-square test against the exact pmf (df 9)", () => {
    const c = counts(zipfIndex(10, 1.2, stream()));
    expect(chiSquare(c, zipfPmf(10, 1.2), 10)).toBeLessThan(CHI2_CRIT_0_001[9]);
  });

  test("the chi-square check has power: the same draws are rejected against the alpha = 1.1 pmf", () => {
    const c = counts(zipfIndex(10, 1.2, stream()));
    expect(chiSquare(c, zipfPmf(10, 1.1), 10)).toBeGreaterThan(10 * CHI2_CRIT_0_001[9]);
  });

  test("n = 1000, alpha = 1: the top 20 ranks and the lumped rest pass a chi-square test against the exact pmf (df 20)", () => {
    const c = counts(zipfIndex(1000, 1, stream()));
    expect(chiSquare(c, zipfPmf(1000, 1), 20)).toBeLessThan(CHI2_CRIT_0_001[20]);
  });

  test.each([1 - 1e-9, 1 + 1e-9, 1 - 1e-6, 1 + 1e-6])(
    "alpha = %s (near 1) samples the alpha = 1 distribution of n = 1000 (df 20)",
    (alpha) => {
      const c = counts(zipfIndex(1000, alpha, stream()));
      expect(chiSquare(c, zipfPmf(1000, 1), 20)).toBeLessThan(CHI2_CRIT_0_001[20]);
    },
  );

  test("alpha = 0 is uniform over n = 10 (df 9)", () => {
    const c = counts(zipfIndex(10, 0, stream()));
    expect(chiSquare(c, new Float64Array(10).fill(0.1), 10)).toBeLessThan(CHI2_CRIT_0_001[9]);
  });

  test("a small alpha (0.3) over n = 10 matches its pmf (df 9)", () => {
    const c = counts(zipfIndex(10, 0.3, stream()));
    expect(chiSquare(c, zipfPmf(10, 0.3), 10)).toBeLessThan(CHI2_CRIT_0_001[9]);
  });

  test.each([
    [1, 1.2],
    [10, 1.2],
    [1000, 1],
    [1000, 0.5],
    [1000, 50],
    [10_000_000, 1],
    [10_000_000, 2.5],
  ])("all draws for n = %s, alpha = %s are integers in [0, n)", (n, alpha) => {
    const s = zipfIndex(n, alpha, stream());
    expect(s.n).toBe(n);
    for (let i = 0; i < 50_000; i++) {
      const k = s.sample();
      if (!(Number.isInteger(k) && k >= 0 && k < n)) throw new Error(`draw ${i} out of range: ${k}`);
    }
  });

  test("n = 1e7, alpha = 1: the frequency of rank 0 is 1/H(n) within 4 binomial standard errors", () => {
    const n = 10_000_000;
    let harmonic = 0;
    for (let i = n; i >= 1; i--) harmonic += 1 / i;
    const p0 = 1 / harmonic; // about 0.0599
    const s = zipfIndex(n, 1, stream());
    let zeros = 0;
    for (let i = 0; i < DRAWS; i++) if (s.sample() === 0) zeros++;
    expect(Math.abs(zeros / DRAWS - p0)).toBeLessThan(4 * Math.sqrt((p0 * (1 - p0)) / DRAWS));
  });

  test("a very large alpha (50) puts every draw on rank 0", () => {
    const c = counts(zipfIndex(1000, 50, stream()), 10_000);
    expect(c[0]).toBe(10_000);
  });

  test("two samplers on streams with the same (seed, name) give identical sequences", () => {
    const a = zipfIndex(1000, 1.1, stream("clients", 5));
    const b = zipfIndex(1000, 1.1, stream("clients", 5));
    for (let i = 0; i < 5000; i++) expect(a.sample()).toBe(b.sample());
  });
});

describe("bad input throws a RangeError naming the parameter and the value", () => {
  test.each([
    ["uniformIndex with n = 0", () => uniformIndex(0, stream()), "uniformIndex.n: must be an integer in [1, 2147483647] (got 0)"],
    ["uniformIndex with fractional n", () => uniformIndex(2.5, stream()), "uniformIndex.n: must be an integer in [1, 2147483647] (got 2.5)"],
    ["zipfIndex with NaN n", () => zipfIndex(Number.NaN, 1, stream()), "zipfIndex.n: must be an integer in [1, 2147483647] (got NaN)"],
    ["zipfIndex with n = 2^31", () => zipfIndex(2 ** 31, 1, stream()), "zipfIndex.n: must be an integer in [1, 2147483647] (got 2147483648)"],
    ["zipfIndex with negative alpha", () => zipfIndex(10, -1, stream()), "zipfIndex.alpha: must be a finite number >= 0 (got -1)"],
    ["zipfIndex with NaN alpha", () => zipfIndex(10, Number.NaN, stream()), "zipfIndex.alpha: must be a finite number >= 0 (got NaN)"],
    ["zipfIndex with infinite alpha", () => zipfIndex(10, Infinity, stream()), "zipfIndex.alpha: must be a finite number >= 0 (got Infinity)"],
  ] as const)("%s is rejected", (_label, call, message) => {
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
  });
});
