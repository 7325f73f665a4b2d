import { describe, expect, test } from "vitest";
import { UsageError } from "../../cli/errors.js";
import { gridPoints, integerRange, MAX_GRID_POINTS, parseVary, splitTopLevel } from "../../cli/grid.js";

describe("--vary lists", () => {
  test("values are split at top-level commas only, so flow maps and lists stay whole", () => {
    expect(splitTopLevel("1, 2,4", "--vary")).toEqual(["1", "2", "4"]);
    expect(splitTopLevel("{a: 1, b: 2},[1, 2],'x,y'", "--vary")).toEqual(["{a: 1, b: 2}", "[1, 2]", "'x,y'"]);
  });

  test("an empty value or unbalanced brackets is a usage error", () => {
    expect(() => splitTopLevel("1,,2", "--vary x")).toThrow(/empty value/);
    expect(() => splitTopLevel("{a: 1", "--vary x")).toThrow(/unbalanced brackets/);
    expect(() => splitTopLevel("a]", "--vary x")).toThrow(UsageError);
    expect(() => splitTopLevel("'a", "--vary x")).toThrow(/unbalanced quotes/);
  });

  test("a range lo..hi expands to every integer, and a plain list keeps values as typed", () => {
    expect(parseVary("fleet.workers=2..5")).toEqual({ path: "fleet.workers", values: ["2", "3", "4", "5"] });
    expect(parseVary("clients.timeout=200ms,2s")).toEqual({ path: "clients.timeout", values: ["200ms", "2s"] });
    expect(integerRange("3", "f")).toBeNull();
  });

  test("a --vary without '=', with a malformed path or with an empty range is a usage error naming it", () => {
    expect(() => parseVary("fleet.workers")).toThrow(/--vary "fleet.workers": expected path=v1,v2/);
    expect(() => parseVary("fleet..workers=1,2")).toThrow(/malformed path/);
    expect(() => parseVary("fleet.workers=5..2")).toThrow(/lo <= hi/);
  });
});

describe("the sweep grid", () => {
  test("is the cartesian product with the first axis varying slowest, each point as overrides", () => {
    const points = gridPoints([
      { path: "a", values: ["1", "2"] },
      { path: "b", values: ["x", "y", "z"] },
    ]);
    expect(points.map((p) => p.overrides.join(" "))).toEqual(["a=1 b=x", "a=1 b=y", "a=1 b=z", "a=2 b=x", "a=2 b=y", "a=2 b=z"]);
    expect(points[4]!.values).toEqual({ a: "2", b: "y" });
  });

  test("needs at least one axis, refuses a path varied twice and a grid that is too large", () => {
    expect(() => gridPoints([])).toThrow(/at least one --vary/);
    expect(() => gridPoints([{ path: "a", values: ["1"] }, { path: "a", values: ["2"] }])).toThrow(/given twice/);
    const many = Array.from({ length: 101 }, (_, i) => String(i));
    expect(() => gridPoints([{ path: "a", values: many }, { path: "b", values: many }])).toThrow(new RegExp(`at most ${MAX_GRID_POINTS}`));
  });
});
