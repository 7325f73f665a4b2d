import { describe, expect, test } from "vitest";
import { distribution } from "../../../models/scenario/distributionSchema.js";
import { toScenarioIssues } from "../../../models/scenario/issues.js";

function parse(input: unknown) {
  const result = distribution.safeParse(input);
  if (result.success) return { spec: result.data, issues: [] };
  return { spec: undefined, issues: toScenarioIssues(result.error.issues, input).map((i) => `${i.path}: ${i.message}`) };
}

describe("distribution: file forms to DistributionSpec in seconds", () => {
  const cases: [string, unknown, unknown][] = [
    ["a duration string is a constant", "600us", { kind: "constant", value: 0.0006 }],
    ["the number 0 is a constant 0", 0, { kind: "constant", value: 0 }],
    ["constant", { constant: "2ms" }, { kind: "constant", value: 0.002 }],
    ["exponential", { exponential: "1ms" }, { kind: "exponential", mean: 0.001 }],
    ["gamma", { gamma: { mean: "0.5ms", cv: 0.5 } }, { kind: "gamma", mean: 0.0005, cv: 0.5 }],
    ["lognormal", { lognormal: { mean: "1s", cv: 2 } }, { kind: "lognormal", mean: 1, cv: 2 }],
    ["normal", { normal: { mean: "1ms", cv: 0 } }, { kind: "normal", mean: 0.001, cv: 0 }],
    ["normal with truncateAtZero", { normal: { mean: "1ms", cv: 1, truncateAtZero: false } }, { kind: "normal", mean: 0.001, cv: 1, truncateAtZero: false }],
    ["hyperexponential", { hyperexponential: { mean: "1ms", cv: 2 } }, { kind: "hyperexponential", mean: 0.001, cv: 2 }],
    ["uniform", { uniform: { min: "0", max: "1ms" } }, { kind: "uniform", min: 0, max: 0.001 }],
    ["erlang", { erlang: { mean: "4ms", k: 4 } }, { kind: "erlang", mean: 0.004, k: 4 }],
    ["empirical", { empirical: ["0.4ms", "0.5ms"] }, { kind: "empirical", samples: [0.0004, 0.0005] }],
    [
      "quantiles",
      { quantiles: [{ p: 0, value: "0.3ms" }, { p: 0.5, value: "0.5ms" }, { p: 1, value: "2ms" }] },
      { kind: "quantiles", points: [{ p: 0, value: 0.0003 }, { p: 0.5, value: 0.0005 }, { p: 1, value: 0.002 }] },
    ],
    [
      "a nested mixture",
      { mixture: [{ weight: 0.7, dist: "1ms" }, { weight: 0.3, dist: { mixture: [{ weight: 1, dist: { exponential: "5ms" } }] } }] },
      {
        kind: "mixture",
        components: [
          { weight: 0.7, dist: { kind: "constant", value: 0.001 } },
          { weight: 0.3, dist: { kind: "mixture", components: [{ weight: 1, dist: { kind: "exponential", mean: 0.005 } }] } },
        ],
      },
    ],
  ];
  for (const [name, input, spec] of cases) {
    test(`${name} converts to its spec`, () => {
      expect(parse(input)).toEqual({ spec, issues: [] });
    });
  }
});

describe("distribution: bad forms name the field and the rule", () => {
  const cases: [string, unknown, string][] = [
    ["a bare number other than 0", 5, ': "5" is not a duration (a number needs a unit)'],
    ["a zero exponential mean", { exponential: "0" }, 'exponential: expected a duration > 0, found "0"'],
    ["a gamma cv of 0", { gamma: { mean: "1ms", cv: 0 } }, "gamma.cv: expected a number > 0, found 0"],
    ["a hyperexponential cv below 1", { hyperexponential: { mean: "1ms", cv: 0.5 } }, "hyperexponential.cv: expected a number >= 1, found 0.5"],
    ["a fractional Erlang k", { erlang: { mean: "1ms", k: 1.5 } }, "erlang.k: expected an integer >= 1, found 1.5"],
    ["a uniform with min above max", { uniform: { min: "2ms", max: "1ms" } }, "uniform.max: expected a duration >= min (0.002 s), found 0.001 s"],
    ["quantiles not starting at p 0", { quantiles: [{ p: 0.1, value: "1ms" }, { p: 1, value: "2ms" }] }, "quantiles[0].p: expected the first point to have p: 0, found 0.1"],
    ["decreasing quantile values", { quantiles: [{ p: 0, value: "2ms" }, { p: 1, value: "1ms" }] }, "quantiles[1].value: expected a value >= the previous point's (0.002 s), found 0.001 s"],
    ["an empty empirical list", { empirical: [] }, "empirical: expected at least one duration"],
    ["a mixture weight of 0", { mixture: [{ weight: 0, dist: "1ms" }] }, "mixture[0].weight: expected a number > 0, found 0"],
    ["a bad nested distribution", { mixture: [{ weight: 1, dist: { gama: { mean: "1ms", cv: 1 } } }] }, 'mixture[0].dist.gama: unknown key "gama" (did you mean "gamma"?)'],
    ["two kinds at once", { exponential: "1ms", constant: "1ms" }, ": expected exactly one of the keys constant, exponential, gamma, lognormal, normal, hyperexponential, uniform, erlang, empirical, quantiles, mixture, found constant and exponential"],
    ["a list", ["1ms"], 'expected a distribution: a duration such as "600us", or an object with one key'],
  ];
  for (const [name, input, message] of cases) {
    test(`${name} is refused`, () => {
      const { spec, issues } = parse(input);
      expect(spec).toBeUndefined();
      expect(issues.join("\n")).toContain(message);
    });
  }
});
