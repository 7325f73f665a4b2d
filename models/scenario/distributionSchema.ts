/**
 * Distributions in scenario files and their conversion to {@link DistributionSpec} (kind-tagged,
 * numbers in seconds). Every distribution in a scenario describes a time (CPU cost, hold or think
 * time), so every value is a duration with a unit:
 *
 *   "600us"                                   constant
 *   {constant: "600us"}                       constant
 *   {exponential: "1ms"}                      exponential with that mean
 *   {gamma: {mean: "0.5ms", cv: 0.5}}         also lognormal, normal (+ truncateAtZero), hyperexponential (cv >= 1)
 *   {uniform: {min: "0.2ms", max: "0.8ms"}}
 *   {erlang: {mean: "1ms", k: 4}}
 *   {empirical: ["0.4ms", "0.5ms"]}           resampled uniformly
 *   {quantiles: [{p: 0, value: "0.3ms"}, ..., {p: 1, value: "2ms"}]}
 *   {mixture: [{weight: 0.7, dist: <dist>}, {weight: 0.3, dist: <dist>}]}
 *
 * The per-kind rules are those of sim/distributionSpec.ts, checked here with file paths
 * (`fleet.handshake.full.cpu.gamma.cv`), then once more by validateDistributionSpec as a backstop.
 * Browser-safe: no node: imports.
 */
import { z } from "zod";
import { validateDistributionSpec, type DistributionSpec } from "../../sim/distributionSpec.js";
import { durationSec, exactlyOneOf, integer, number, strict } from "./fields.js";

/** A duration as written in a file: a string with a unit, or the number 0. */
export type DurationInput = string | number;

/** A distribution as written in a scenario file (see the file header). */
export type DistributionInput =
  | DurationInput
  | {
      constant?: DurationInput;
      exponential?: DurationInput;
      gamma?: { mean: DurationInput; cv: number };
      lognormal?: { mean: DurationInput; cv: number };
      normal?: { mean: DurationInput; cv: number; truncateAtZero?: boolean };
      hyperexponential?: { mean: DurationInput; cv: number };
      uniform?: { min: DurationInput; max: DurationInput };
      erlang?: { mean: DurationInput; k: number };
      empirical?: DurationInput[];
      quantiles?: { p: number; value: DurationInput }[];
      mixture?: { weight: number; dist: DistributionInput }[];
    };

const mean = () => durationSec({ description: "Mean, a duration > 0.", positive: true });
const time = (description: string) => durationSec({ description });

const meanCv = (cvDescription: string, cvMin: number, cvMinExclusive: boolean) =>
  strict({ mean: mean(), cv: number({ description: cvDescription, min: cvMin, minExclusive: cvMinExclusive }) });

const mixtureComponent = strict({
  weight: number({ description: "Relative weight, > 0 (weights need not sum to 1).", min: 0, minExclusive: true }),
  get dist(): z.ZodType<DistributionSpec, DistributionInput> {
    return distribution;
  },
});

const distributionObject = exactlyOneOf(
  {
    constant: time("Always this duration.").optional(),
    exponential: mean().meta({ description: "Exponential with this mean (a duration > 0)." }).optional(),
    gamma: meanCv("Coefficient of variation (sd/mean), > 0.", 0, true).optional(),
    lognormal: meanCv("Coefficient of variation (sd/mean), > 0.", 0, true).optional(),
    normal: strict({
      mean: mean(),
      cv: number({ description: "Coefficient of variation (sd/mean), >= 0.", min: 0 }),
      truncateAtZero: z.boolean({ error: "expected true or false" }).optional(),
    }).optional(),
    hyperexponential: meanCv("Coefficient of variation, >= 1 (two balanced exponential phases).", 1, false).optional(),
    uniform: strict({ min: time("Smallest value."), max: time("Largest value, >= min.") }).optional(),
    erlang: strict({ mean: mean(), k: integer({ min: 1, description: "Number of exponential phases, >= 1." }) }).optional(),
    empirical: z
      .array(time("One observed value."), { error: "expected a list of durations" })
      .min(1, { error: "expected at least one duration" })
      .optional(),
    quantiles: z
      .array(strict({ p: number({ description: "Cumulative probability.", min: 0, max: 1 }), value: time("Quantile value.") }), {
        error: "expected a list of {p, value} points",
      })
      .min(2, { error: "expected at least 2 points, from p: 0 to p: 1" })
      .optional(),
    mixture: z
      .array(mixtureComponent, { error: "expected a list of {weight, dist}" })
      .min(1, { error: "expected at least one component" })
      .optional(),
  },
  "A distribution: one key naming its kind.",
).transform((value, ctx): DistributionSpec => {
  const issue = (path: (string | number)[], message: string): DistributionSpec => {
    ctx.issues.push({ code: "custom", message, path, input: value });
    return z.NEVER;
  };
  if (value.constant !== undefined) return { kind: "constant", value: value.constant };
  if (value.exponential !== undefined) return { kind: "exponential", mean: value.exponential };
  if (value.gamma !== undefined) return { kind: "gamma", mean: value.gamma.mean, cv: value.gamma.cv };
  if (value.lognormal !== undefined) return { kind: "lognormal", mean: value.lognormal.mean, cv: value.lognormal.cv };
  if (value.normal !== undefined) {
    const n = value.normal;
    return n.truncateAtZero === undefined
      ? { kind: "normal", mean: n.mean, cv: n.cv }
      : { kind: "normal", mean: n.mean, cv: n.cv, truncateAtZero: n.truncateAtZero };
  }
  if (value.hyperexponential !== undefined) {
    return { kind: "hyperexponential", mean: value.hyperexponential.mean, cv: value.hyperexponential.cv };
  }
  if (value.uniform !== undefined) {
    const { min, max } = value.uniform;
    if (max < min) return issue(["uniform", "max"], `expected a duration >= min (${min} s), found ${max} s`);
    return { kind: "uniform", min, max };
  }
  if (value.erlang !== undefined) return { kind: "erlang", mean: value.erlang.mean, k: value.erlang.k };
  if (value.empirical !== undefined) return { kind: "empirical", samples: value.empirical };
  if (value.quantiles !== undefined) {
    const points = value.quantiles;
    for (let i = 0; i < points.length; i++) {
      const { p, value: v } = points[i]!;
      if (i === 0 && p !== 0) return issue(["quantiles", 0, "p"], `expected the first point to have p: 0, found ${p}`);
      if (i === points.length - 1 && p !== 1) return issue(["quantiles", i, "p"], `expected the last point to have p: 1, found ${p}`);
      if (i > 0 && p <= points[i - 1]!.p) return issue(["quantiles", i, "p"], `expected p > the previous point's (${points[i - 1]!.p}), found ${p}`);
      if (i > 0 && v < points[i - 1]!.value) {
        return issue(["quantiles", i, "value"], `expected a value >= the previous point's (${points[i - 1]!.value} s), found ${v} s`);
      }
    }
    return { kind: "quantiles", points: points.map((pt) => ({ p: pt.p, value: pt.value })) };
  }
  if (value.mixture !== undefined) {
    return { kind: "mixture", components: value.mixture.map((c) => ({ weight: c.weight, dist: c.dist })) };
  }
  return issue([], "expected a distribution"); // unreachable: exactlyOneOf guarantees one key
});

const constantDistribution = durationSec({ description: "A constant duration." }).transform(
  (sec): DistributionSpec => ({ kind: "constant", value: sec }),
);

/**
 * Schema of a distribution in a scenario file (input {@link DistributionInput}), producing a
 * validated {@link DistributionSpec} in seconds. Registered as `distribution` in the JSON Schema.
 * Issues name the file path of the offending field, e.g. `<path>.gamma.cv: expected a number > 0`.
 */
export const distribution: z.ZodType<DistributionSpec, DistributionInput> = z
  .union([constantDistribution, distributionObject], {
    error:
      'expected a distribution: a duration such as "600us", or an object with one key: constant, exponential, gamma, lognormal, normal, hyperexponential, uniform, erlang, empirical, quantiles or mixture',
  })
  .meta({
    id: "distribution",
    description:
      'A distribution of durations: a constant ("600us") or one of {exponential: "1ms"}, {gamma: {mean, cv}}, {lognormal: {mean, cv}}, {normal: {mean, cv}}, {hyperexponential: {mean, cv}}, {uniform: {min, max}}, {erlang: {mean, k}}, {empirical: [...]}, {quantiles: [{p, value}, ...]}, {mixture: [{weight, dist}, ...]}.',
  })
  .transform((spec, ctx): DistributionSpec => {
    try {
      validateDistributionSpec(spec, "distribution");
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      ctx.issues.push({ code: "custom", message: `invalid distribution: ${error.message}`, input: spec });
      return z.NEVER;
    }
    return spec;
  });

/** A distribution field with its own description (shown by editors). */
export function distributionField(description: string): z.ZodType<DistributionSpec, DistributionInput> {
  return distribution.meta({ description });
}
