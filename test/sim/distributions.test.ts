import { describe, expect, test } from "vitest";
import { distributionMoments, makeSampler, type DistributionSpec } from "../../sim/distributions.js";
import { standardNormalCdf, standardNormalPdf, truncatedNormalMoments } from "../../sim/distributionSpec.js";
import { RandomStreams } from "../../sim/random.js";

const DRAWS = 200_000;

function draw(spec: DistributionSpec, count = DRAWS, seed = 7, name = "test"): Float64Array {
  const sampler = makeSampler(spec, new RandomStreams(seed).stream(name));
  const xs = new Float64Array(count);
  for (let i = 0; i < count; i++) xs[i] = sampler.sample();
  return xs;
}

/** Sample mean, (n-1)-variance and fourth central moment. */
function moments(xs: Float64Array): { mean: number; variance: number; m4: number } {
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / xs.length;
  let m2 = 0;
  let m4 = 0;
  for (const x of xs) {
    const d2 = (x - mean) ** 2;
    m2 += d2;
    m4 += d2 * d2;
  }
  return { mean, variance: m2 / (xs.length - 1), m4: m4 / xs.length };
}

function fraction(xs: Float64Array, pred: (x: number) => boolean): number {
  let hits = 0;
  for (const x of xs) if (pred(x)) hits++;
  return hits / xs.length;
}

/**
 * Each continuous kind, checked two ways on 200k draws from a fixed seed:
 * - the sample mean lies within 4 standard errors, SE = sqrt(reported variance / n);
 * - the sample variance lies within 5 standard errors of the reported variance, with
 *   SE(s²) = sqrt((m4 - s⁴)/n) estimated from the draws' own fourth central moment. Using the
 *   draws' kurtosis keeps the band honest for heavy-tailed kinds (lognormal, H2, gamma with cv 2),
 *   where a fixed relative tolerance would be either too loose for the light ones or too tight here;
 *   5 rather than 4 SE because m4 is itself estimated.
 * For n = 200k these bands are about 1 % of the mean for cv = 1; for the variance, from 1 % (uniform,
 * normal) to 12 % (lognormal cv 1.5, H2 cv 3: a few rare large draws carry much of the variance).
 * With this seed the observed |z| stay below 2.3 for the mean and 1.8 for the variance.
 */
const continuousCases: [string, DistributionSpec][] = [
  ["exponential", { kind: "exponential", mean: 0.01 }],
  ["uniform", { kind: "uniform", min: 2, max: 5 }],
  ["normal, barely truncated (cv 0.2)", { kind: "normal", mean: 1, cv: 0.2 }],
  ["normal truncated at zero (cv 1)", { kind: "normal", mean: 1, cv: 1 }],
  ["normal untruncated (cv 1)", { kind: "normal", mean: 1, cv: 1, truncateAtZero: false }],
  ["lognormal", { kind: "lognormal", mean: 0.005, cv: 1.5 }],
  ["gamma with shape > 1", { kind: "gamma", mean: 2, cv: 0.5 }],
  ["gamma with shape < 1 (boost)", { kind: "gamma", mean: 2, cv: 2 }],
  ["erlang with small k (product of uniforms)", { kind: "erlang", mean: 1, k: 3 }],
  ["erlang with large k (gamma path)", { kind: "erlang", mean: 1, k: 20 }],
  ["hyperexponential", { kind: "hyperexponential", mean: 1, cv: 3 }],
  ["hyperexponential with cv 1", { kind: "hyperexponential", mean: 1, cv: 1 }],
  ["empirical", { kind: "empirical", samples: [1, 2, 2, 7, 10] }],
  ["quantiles", { kind: "quantiles", points: [{ p: 0, value: 0 }, { p: 0.5, value: 10 }, { p: 0.9, value: 20 }, { p: 1, value: 100 }] }],
  ["mixture", { kind: "mixture", components: [{ weight: 7, dist: { kind: "exponential", mean: 0.002 } }, { weight: 3, dist: { kind: "lognormal", mean: 0.01, cv: 0.5 } }] }],
];

describe("sample moments match the reported ones", () => {
  test.each(continuousCases)("%s: sample mean within 4 SE and sample variance within 5 SE of the reported values", (_label, spec) => {
    const sampler = makeSampler(spec, new RandomStreams(1).stream("x"));
    const m = moments(draw(spec));
    expect(Math.abs(m.mean - sampler.mean)).toBeLessThanOrEqual(4 * Math.sqrt(sampler.variance / DRAWS));
    const varianceSe = Math.sqrt((m.m4 - m.variance ** 2) / DRAWS);
    expect(Math.abs(m.variance - sampler.variance)).toBeLessThanOrEqual(5 * varianceSe);
  });

  test("a constant always draws its value and reports variance 0", () => {
    const xs = draw({ kind: "constant", value: -2.5 }, 1000);
    expect(xs.every((x) => x === -2.5)).toBe(true);
    expect(distributionMoments({ kind: "constant", value: -2.5 })).toEqual({ mean: -2.5, variance: 0 });
  });
});

describe("reported moments equal the closed forms", () => {
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

  test("exponential: mean m, variance m²", () => {
    expect(distributionMoments({ kind: "exponential", mean: 0.25 })).toEqual({ mean: 0.25, variance: 0.0625 });
  });

  test("uniform: mean (a+b)/2, variance (b-a)²/12", () => {
    expect(distributionMoments({ kind: "uniform", min: 2, max: 5 })).toEqual({ mean: 3.5, variance: 9 / 12 });
  });

  test("lognormal: mean exp(mu + sigma²/2), variance (exp(sigma²)-1)·exp(2mu + sigma²), i.e. the spec's mean and (cv·mean)²", () => {
    const mean = 0.005;
    const cv = 1.5;
    const sigma2 = Math.log(1 + cv * cv);
    const mu = Math.log(mean) - sigma2 / 2;
    const m = distributionMoments({ kind: "lognormal", mean, cv });
    expect(rel(m.mean, Math.exp(mu + sigma2 / 2))).toBeLessThan(1e-12);
    expect(rel(m.variance, (Math.exp(sigma2) - 1) * Math.exp(2 * mu + sigma2))).toBeLessThan(1e-12);
    expect(rel(m.mean, mean)).toBeLessThan(1e-12);
    expect(rel(m.variance, (cv * mean) ** 2)).toBeLessThan(1e-12);
  });

  test("gamma: shape k = 1/cv², scale θ = mean/k, mean kθ, variance kθ²", () => {
    const k = 1 / 0.25;
    const theta = 2 / k;
    const m = distributionMoments({ kind: "gamma", mean: 2, cv: 0.5 });
    expect(rel(m.mean, k * theta)).toBeLessThan(1e-12);
    expect(rel(m.variance, k * theta * theta)).toBeLessThan(1e-12);
  });

  test("erlang: mean m, variance m²/k, for both sampling paths", () => {
    for (const k of [1, 3, 20]) {
      const m = distributionMoments({ kind: "erlang", mean: 2, k });
      expect(rel(m.mean, 2)).toBeLessThan(1e-12);
      expect(rel(m.variance, 4 / k)).toBeLessThan(1e-12);
    }
  });

  test("hyperexponential: balanced-means H2 has p1/rate1 = p2/rate2, mean m and variance (cv·m)²", () => {
    const mean = 1.5;
    const cv = 3;
    const p1 = (1 + Math.sqrt((cv * cv - 1) / (cv * cv + 1))) / 2;
    const rate1 = (2 * p1) / mean;
    const rate2 = (2 * (1 - p1)) / mean;
    expect(rel(p1 / rate1, (1 - p1) / rate2)).toBeLessThan(1e-12);
    const closedMean = p1 / rate1 + (1 - p1) / rate2;
    const closedVariance = (2 * p1) / rate1 ** 2 + (2 * (1 - p1)) / rate2 ** 2 - closedMean ** 2;
    const m = distributionMoments({ kind: "hyperexponential", mean, cv });
    expect(rel(m.mean, closedMean)).toBeLessThan(1e-12);
    expect(rel(m.variance, closedVariance)).toBeLessThan(1e-12);
    expect(rel(m.variance, (cv * mean) ** 2)).toBeLessThan(1e-12);
  });

  test("hyperexponential with cv 1 reports the exponential's moments", () => {
    const m = distributionMoments({ kind: "hyperexponential", mean: 2, cv: 1 });
    expect(rel(m.mean, 2)).toBeLessThan(1e-12);
    expect(rel(m.variance, 4)).toBeLessThan(1e-12);
  });

  test("untruncated normal: mean m, variance (cv·m)²", () => {
    expect(distributionMoments({ kind: "normal", mean: 2, cv: 0.5, truncateAtZero: false })).toEqual({ mean: 2, variance: 1 });
  });

  test("empirical: mean and population variance of the samples", () => {
    const m = distributionMoments({ kind: "empirical", samples: [1, 2, 2, 7, 10] });
    expect(m.mean).toBeCloseTo(4.4, 12);
    expect(m.variance).toBeCloseTo((3.4 ** 2 + 2.4 ** 2 * 2 + 2.6 ** 2 + 5.6 ** 2) / 5, 12);
  });

  test("quantiles: moments of the piecewise-uniform distribution, worked by hand for two segments", () => {
    // 50 % uniform on [0, 2] and 50 % uniform on [2, 6]: mean 0.5·1 + 0.5·4 = 2.5,
    // E[X²] = 0.5·4/3 + 0.5·(4 + 12 + 36)/3 = 28/3, variance 28/3 - 6.25.
    const m = distributionMoments({ kind: "quantiles", points: [{ p: 0, value: 0 }, { p: 0.5, value: 2 }, { p: 1, value: 6 }] });
    expect(m.mean).toBeCloseTo(2.5, 12);
    expect(m.variance).toBeCloseTo(28 / 3 - 6.25, 12);
  });

  test("distributionMoments reports the same numbers as the sampler", () => {
    for (const [, spec] of continuousCases) {
      const sampler = makeSampler(spec, new RandomStreams(3).stream("x"));
      expect(distributionMoments(spec)).toEqual({ mean: sampler.mean, variance: sampler.variance });
    }
  });
});

describe("truncated normal", () => {
  test("standardNormalCdf matches reference values in the centre and both tails", () => {
    expect(standardNormalCdf(0)).toBe(0.5);
    expect(standardNormalCdf(1)).toBeCloseTo(0.8413447460685429, 15);
    expect(standardNormalCdf(-1.96)).toBeCloseTo(0.024997895148220435, 15);
    expect(standardNormalCdf(3)).toBeCloseTo(0.9986501019683699, 15);
    expect(Math.abs(standardNormalCdf(-5) / 2.866515718791939e-7 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(standardNormalCdf(-10) / 7.619853024160527e-24 - 1)).toBeLessThan(1e-12);
  });

  test("reported truncated mean and variance agree with numerical integration of the density over [0, ∞)", () => {
    for (const [mean, cv] of [[1, 1], [1, 0.5], [3, 2], [1, 10]] as const) {
      const sd = cv * mean;
      // Simpson's rule on [0, mean + 40 sd] with 200k intervals; the density beyond is < 1e-300.
      const hi = mean + 40 * sd;
      const steps = 200_000;
      const h = hi / steps;
      let mass = 0;
      let first = 0;
      let second = 0;
      for (let i = 0; i <= steps; i++) {
        const x = i * h;
        const w = (i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2) * (h / 3);
        const f = standardNormalPdf((x - mean) / sd) / sd;
        mass += w * f;
        first += w * x * f;
        second += w * x * x * f;
      }
      const numericMean = first / mass;
      const numericVariance = second / mass - numericMean ** 2;
      const m = distributionMoments({ kind: "normal", mean, cv });
      expect(Math.abs(m.mean / numericMean - 1)).toBeLessThan(1e-9);
      expect(Math.abs(m.variance / numericVariance - 1)).toBeLessThan(1e-8);
    }
  });

  test("no draw is negative and, at cv 1, the reported and sample means sit above the untruncated mean", () => {
    const xs = draw({ kind: "normal", mean: 1, cv: 1 });
    expect(xs.every((x) => x >= 0)).toBe(true);
    const m = distributionMoments({ kind: "normal", mean: 1, cv: 1 });
    // mean + sd·φ(1)/Φ(1) = 1 + 0.24197/0.84134 = 1.28760
    expect(m.mean).toBeCloseTo(1.2876, 4);
    expect(moments(xs).mean).toBeGreaterThan(1.25);
  });

  test("with truncateAtZero false, about Φ(-1) ≈ 15.9 % of draws at cv 1 are negative", () => {
    const neg = fraction(draw({ kind: "normal", mean: 1, cv: 1, truncateAtZero: false }), (x) => x < 0);
    const p = standardNormalCdf(-1);
    expect(Math.abs(neg - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / DRAWS));
  });

  test("cv 0 gives the constant mean", () => {
    expect(draw({ kind: "normal", mean: 0.3, cv: 0 }, 100).every((x) => x === 0.3)).toBe(true);
    expect(truncatedNormalMoments(0.3, 0)).toEqual({ mean: 0.3, variance: 0 });
  });
});

describe("quantiles", () => {
  const points = [{ p: 0, value: 0 }, { p: 0.5, value: 10 }, { p: 0.9, value: 20 }, { p: 1, value: 100 }];
  const xs = draw({ kind: "quantiles", points });

  test("the empirical CDF at each given value is the given p, within 4 binomial standard errors", () => {
    for (const { p, value } of points) {
      const se = Math.sqrt((p * (1 - p)) / DRAWS);
      expect(Math.abs(fraction(xs, (x) => x <= value) - p)).toBeLessThanOrEqual(4 * se + 1e-12);
    }
  });

  test("the median of the draws is close to the p = 0.5 point", () => {
    const sorted = Float64Array.from(xs).sort();
    // SE of the sample median = sqrt(0.25/n)/density; the density just above 10 is 0.4/10 = 0.04 per unit.
    const se = Math.sqrt(0.25 / DRAWS) / 0.04;
    expect(Math.abs(sorted[DRAWS / 2] - 10)).toBeLessThan(4 * se);
  });

  test("draws stay inside [first value, last value]", () => {
    expect(xs.every((x) => x >= 0 && x <= 100)).toBe(true);
  });

  test("a flat segment is an atom holding its probability mass", () => {
    const atom = draw({ kind: "quantiles", points: [{ p: 0, value: 1 }, { p: 0.3, value: 1 }, { p: 1, value: 2 }] });
    expect(Math.abs(fraction(atom, (x) => x === 1) - 0.3)).toBeLessThan(4 * Math.sqrt((0.3 * 0.7) / DRAWS));
  });
});

describe("mixture", () => {
  const spec: DistributionSpec = {
    kind: "mixture",
    components: [{ weight: 0.7, dist: { kind: "constant", value: 1 } }, { weight: 0.3, dist: { kind: "constant", value: 10 } }],
  };

  test("the fraction of draws from each component matches the weights (70 % / 30 %)", () => {
    const xs = draw(spec);
    expect(xs.every((x) => x === 1 || x === 10)).toBe(true);
    expect(Math.abs(fraction(xs, (x) => x === 1) - 0.7)).toBeLessThan(4 * Math.sqrt((0.7 * 0.3) / DRAWS));
  });

  test("mean is the weighted mean and variance follows the law of total variance", () => {
    const m = distributionMoments(spec);
    expect(m.mean).toBeCloseTo(0.7 * 1 + 0.3 * 10, 12);
    expect(m.variance).toBeCloseTo(0.7 * (1 - 3.7) ** 2 + 0.3 * (10 - 3.7) ** 2, 12);
  });

  test("unnormalised weights are normalised and component variances enter the total", () => {
    const m = distributionMoments({
      kind: "mixture",
      components: [{ weight: 1, dist: { kind: "exponential", mean: 1 } }, { weight: 3, dist: { kind: "uniform", min: 2, max: 4 } }],
    });
    const mean = 0.25 * 1 + 0.75 * 3;
    expect(m.mean).toBeCloseTo(mean, 12);
    expect(m.variance).toBeCloseTo(0.25 * (1 + (1 - mean) ** 2) + 0.75 * (4 / 12 + (3 - mean) ** 2), 12);
  });
});

describe("determinism", () => {
  test.each(continuousCases)("%s: two samplers on streams with the same (seed, name) give identical sequences", (_label, spec) => {
    expect(draw(spec, 2000, 42, "service")).toEqual(draw(spec, 2000, 42, "service"));
  });

  test("a different stream name gives a different sequence", () => {
    const spec: DistributionSpec = { kind: "exponential", mean: 1 };
    expect(draw(spec, 100, 42, "a")).not.toEqual(draw(spec, 100, 42, "b"));
  });
});

describe("bad input throws a RangeError naming the path and the offending value", () => {
  const cases: [string, unknown, string][] = [
    ["negative exponential mean", { kind: "exponential", mean: -1 }, "fleet.handshake.full.mean: must be > 0 (got -1)"],
    ["NaN mean", { kind: "exponential", mean: Number.NaN }, "fleet.handshake.full.mean: must be a finite number (got NaN)"],
    ["infinite mean", { kind: "exponential", mean: Infinity }, "fleet.handshake.full.mean: must be a finite number (got Infinity)"],
    ["missing mean", { kind: "exponential" }, "fleet.handshake.full.mean: must be a finite number (got undefined)"],
    ["mean given as a string", { kind: "exponential", mean: "1" }, 'fleet.handshake.full.mean: must be a finite number (got "1")'],
    ["NaN constant", { kind: "constant", value: Number.NaN }, "fleet.handshake.full.value: must be a finite number (got NaN)"],
    ["uniform min above max", { kind: "uniform", min: 3, max: 2 }, "fleet.handshake.full.max: must be >= min (3) (got 2)"],
    ["uniform with infinite min", { kind: "uniform", min: -Infinity, max: 2 }, "fleet.handshake.full.min: must be a finite number (got -Infinity)"],
    ["normal with mean 0", { kind: "normal", mean: 0, cv: 1 }, "fleet.handshake.full.mean: must be > 0 (got 0)"],
    ["normal with negative cv", { kind: "normal", mean: 1, cv: -0.1 }, "fleet.handshake.full.cv: must be >= 0 (got -0.1)"],
    ["normal with a non-boolean truncateAtZero", { kind: "normal", mean: 1, cv: 1, truncateAtZero: "yes" }, 'fleet.handshake.full.truncateAtZero: must be true, false or absent (got "yes")'],
    ["lognormal with cv 0", { kind: "lognormal", mean: 1, cv: 0 }, "fleet.handshake.full.cv: must be > 0 (got 0)"],
    ["lognormal with negative mean", { kind: "lognormal", mean: -2, cv: 1 }, "fleet.handshake.full.mean: must be > 0 (got -2)"],
    ["gamma with negative cv", { kind: "gamma", mean: 1, cv: -1 }, "fleet.handshake.full.cv: must be > 0 (got -1)"],
    ["gamma with NaN mean", { kind: "gamma", mean: Number.NaN, cv: 1 }, "fleet.handshake.full.mean: must be a finite number (got NaN)"],
    ["erlang with fractional k", { kind: "erlang", mean: 1, k: 2.5 }, "fleet.handshake.full.k: must be an integer >= 1 (got 2.5)"],
    ["erlang with k 0", { kind: "erlang", mean: 1, k: 0 }, "fleet.handshake.full.k: must be an integer >= 1 (got 0)"],
    ["hyperexponential with cv below 1", { kind: "hyperexponential", mean: 1, cv: 0.5 }, "fleet.handshake.full.cv: must be >= 1"],
    ["empirical without samples", { kind: "empirical", samples: [] }, "fleet.handshake.full.samples: must be a non-empty array of numbers (got [])"],
    ["empirical with a NaN sample", { kind: "empirical", samples: [1, Number.NaN] }, "fleet.handshake.full.samples[1]: must be a finite number (got NaN)"],
    ["quantiles starting above 0", { kind: "quantiles", points: [{ p: 0.1, value: 1 }, { p: 1, value: 2 }] }, "fleet.handshake.full.points[0].p: must be exactly 0 (got 0.1)"],
    ["quantiles ending below 1", { kind: "quantiles", points: [{ p: 0, value: 1 }, { p: 0.9, value: 2 }] }, "fleet.handshake.full.points[1].p: must be exactly 1 (the last point) (got 0.9)"],
    ["quantiles with a repeated p", { kind: "quantiles", points: [{ p: 0, value: 1 }, { p: 0.5, value: 2 }, { p: 0.5, value: 3 }, { p: 1, value: 4 }] }, "fleet.handshake.full.points[2].p: must be > the previous point's p (0.5) (got 0.5)"],
    ["quantiles with a decreasing value", { kind: "quantiles", points: [{ p: 0, value: 1 }, { p: 0.5, value: 3 }, { p: 1, value: 2 }] }, "fleet.handshake.full.points[2].value: must be >= the previous point's value (3) (got 2)"],
    ["quantiles with one point", { kind: "quantiles", points: [{ p: 0, value: 1 }] }, "fleet.handshake.full.points: must be an array of at least 2"],
    ["quantiles with a NaN value", { kind: "quantiles", points: [{ p: 0, value: Number.NaN }, { p: 1, value: 2 }] }, "fleet.handshake.full.points[0].value: must be a finite number (got NaN)"],
    ["mixture without components", { kind: "mixture", components: [] }, "fleet.handshake.full.components: must be a non-empty array"],
    ["mixture with weight 0", { kind: "mixture", components: [{ weight: 0, dist: { kind: "constant", value: 1 } }] }, "fleet.handshake.full.components[0].weight: must be > 0 (got 0)"],
    ["mixture with a bad component", { kind: "mixture", components: [{ weight: 1, dist: { kind: "constant", value: 1 } }, { weight: 1, dist: { kind: "exponential", mean: -1 } }] }, "fleet.handshake.full.components[1].dist.mean: must be > 0 (got -1)"],
    ["unknown kind", { kind: "weibull", shape: 2 }, 'fleet.handshake.full.kind: must be one of constant, exponential, uniform, normal, lognormal, gamma, erlang, hyperexponential, empirical, quantiles, mixture (got "weibull")'],
    ["null spec", null, "fleet.handshake.full: must be a distribution object with a kind (got null)"],
  ];

  test.each(cases)("%s", (_label, spec, message) => {
    const stream = new RandomStreams(1).stream("bad");
    const call = () => makeSampler(spec as DistributionSpec, stream, "fleet.handshake.full");
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
    expect(() => distributionMoments(spec as DistributionSpec, "fleet.handshake.full")).toThrow(message);
  });

  test("without a path, messages are named after the kind", () => {
    const stream = new RandomStreams(1).stream("bad");
    expect(() => makeSampler({ kind: "exponential", mean: -1 }, stream)).toThrow("exponential.mean: must be > 0 (got -1)");
    expect(() =>
      makeSampler({ kind: "mixture", components: [{ weight: 1, dist: { kind: "gamma", mean: 1, cv: 0 } }] }, stream),
    ).toThrow("mixture.components[0].dist.cv: must be > 0 (got 0)");
  });
});
