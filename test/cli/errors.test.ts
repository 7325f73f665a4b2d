import { describe, expect, test } from "vitest";
import { errorText, EXIT, exitCodeOf, UsageError } from "../../cli/errors.js";
import { ScenarioError } from "../../models/scenario/issues.js";
import { InvariantError } from "../../sim/errors.js";

describe("exit codes and error text", () => {
  test("usage and scenario errors exit 2; anything else is an internal failure, exit 1", () => {
    expect(exitCodeOf(new UsageError("x"))).toBe(EXIT.usage);
    expect(exitCodeOf(new ScenarioError([{ path: "fleet.workers", message: "bad" }]))).toBe(2);
    expect(exitCodeOf(new InvariantError("broken"))).toBe(1);
    expect(exitCodeOf("a string")).toBe(1);
  });

  test("a scenario error lists each issue with its path, without a stack", () => {
    const text = errorText(new ScenarioError([{ path: "fleet.workers", message: "expected an integer >= 1, found 0" }], "a.yaml"), { debug: false });
    expect(text).toBe("shakedown: invalid scenario:\n  a.yaml: fleet.workers: expected an integer >= 1, found 0");
  });

  test("an internal error prints one line with a hint, and its stack only with --debug", () => {
    const error = new Error("boom\nsecond line");
    expect(errorText(error, { debug: false })).toBe("shakedown: internal error: Error: boom (rerun with --debug for the stack trace)");
    expect(errorText(error, { debug: true })).toContain("at ");
  });
});
