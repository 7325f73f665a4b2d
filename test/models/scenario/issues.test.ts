import { describe, expect, test } from "vitest";
import { z } from "zod";
import {
  formatFound,
  formatIssue,
  formatPath,
  parsePath,
  ScenarioError,
  suggestKey,
  toScenarioIssues,
  valueAt,
} from "../../../models/scenario/issues.js";

describe("paths", () => {
  test("formatPath writes dotted keys and [i] indices, and parsePath reads them back", () => {
    const segments = ["load", "phases", 2, "at"];
    expect(formatPath(segments)).toBe("load.phases[2].at");
    expect(parsePath("load.phases[2].at")).toEqual(segments);
    expect(parsePath("$schema")).toEqual(["$schema"]);
    expect(parsePath("a[0][1]")).toEqual(["a", 0, 1]);
    expect(formatPath([])).toBe("");
  });

  test("parsePath refuses malformed paths", () => {
    for (const bad of ["", "a..b", ".a", "a.", "[0]", "a b", "a.[0]"]) expect(() => parsePath(bad), bad).toThrow(/malformed path/);
  });

  test("valueAt walks objects and lists and gives undefined past a missing step", () => {
    const root = { a: { b: [10, { c: 3 }] } };
    expect(valueAt(root, ["a", "b", 1, "c"])).toBe(3);
    expect(valueAt(root, ["a", "x", "y"])).toBeUndefined();
    expect(valueAt(root, [])).toBe(root);
  });
});

describe("messages", () => {
  test("suggestKey finds a near miss, case-insensitively, and nothing for a far one", () => {
    expect(suggestKey("workes", ["software", "workers"])).toBe("workers");
    expect(suggestKey("Workers", ["workers"])).toBe("workers");
    expect(suggestKey("listenbacklog", ["listenBacklog", "somaxconn"])).toBe("listenBacklog");
    expect(suggestKey("zzz", ["workers", "software"])).toBeUndefined();
  });

  test("formatFound quotes strings and shows NaN, Infinity and short JSON", () => {
    expect([formatFound("a"), formatFound(Number.NaN), formatFound(Infinity), formatFound(null), formatFound({ a: 1 })]).toEqual([
      '"a"',
      "NaN",
      "Infinity",
      "null",
      '{"a":1}',
    ]);
    expect(formatFound({ long: "x".repeat(200) })).toHaveLength(80);
  });

  test("formatIssue puts source, line and column before the path", () => {
    const issue = { path: "fleet.workers", message: "expected an integer >= 1, found 0" };
    expect(formatIssue(issue)).toBe("fleet.workers: expected an integer >= 1, found 0");
    expect(formatIssue(issue, "f.yaml")).toBe("f.yaml: fleet.workers: expected an integer >= 1, found 0");
    expect(formatIssue({ ...issue, line: 3, column: 5 }, "f.yaml")).toBe("f.yaml:3:5: fleet.workers: expected an integer >= 1, found 0");
    expect(formatIssue({ path: "", message: "YAML syntax error: x" })).toBe("YAML syntax error: x");
  });

  test("ScenarioError has one message line per issue and keeps the issues", () => {
    const issues = [
      { path: "a", message: "m1" },
      { path: "b[0]", message: "m2" },
    ];
    const error = new ScenarioError(issues, "s.json");
    expect(error.message).toBe("s.json: a: m1\ns.json: b[0]: m2");
    expect(error.issues).toBe(issues);
    expect(error.name).toBe("ScenarioError");
  });
});

describe("toScenarioIssues", () => {
  test("a union reports the branch whose shape matched, with the full path", () => {
    const schema = z.object({ v: z.union([z.literal("none"), z.strictObject({ n: z.number({ error: "expected a number" }) })], { error: "expected none or {n}" }) });
    const input = { v: { n: "x" } };
    const r = schema.safeParse(input);
    expect(toScenarioIssues(r.error!.issues, input)).toEqual([{ path: "v.n", message: 'expected a number, found "x"', found: "x" }]);
  });

  test("a union that no branch matches reports its own message and the value found", () => {
    const schema = z.object({ v: z.union([z.literal("none"), z.strictObject({ n: z.number() })], { error: "expected none or {n}" }) });
    const input = { v: "some" };
    const r = schema.safeParse(input);
    expect(toScenarioIssues(r.error!.issues, input)).toEqual([{ path: "v", message: 'expected none or {n}, found "some"', found: "some" }]);
  });

  test("a missing value is reported as required", () => {
    const schema = z.object({ v: z.number({ error: "expected a number" }) });
    const r = schema.safeParse({});
    expect(toScenarioIssues(r.error!.issues, {})).toEqual([{ path: "v", message: "required; expected a number" }]);
  });
});
