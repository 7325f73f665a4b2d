/** Shared helpers of the scenario tests (not a test file itself). */
import { expect } from "vitest";
import { ScenarioError, type ScenarioIssue } from "../../../models/scenario/issues.js";
import { parseScenario } from "../../../models/scenario/load.js";
import type { Scenario } from "../../../models/scenario/types.js";

/** The smallest valid scenario file: a rate and a fleet's software; everything else defaults. */
export function minimalRaw(software: "node" | "nginx" | "generic" = "node"): Record<string, any> {
  const raw: Record<string, any> = { load: { rate: "100/s" }, fleet: { software } };
  if (software === "generic") raw.fleet.handshake = { full: { cpu: { exponential: "1ms" } } };
  return raw;
}

/** minimalRaw with `patch` applied to its sections (shallow per section). */
export function rawWith(patch: Record<string, any>, software: "node" | "nginx" | "generic" = "node"): Record<string, any> {
  const raw = minimalRaw(software);
  for (const [key, value] of Object.entries(patch)) {
    raw[key] = typeof value === "object" && value !== null && !Array.isArray(value) && typeof raw[key] === "object" ? { ...raw[key], ...value } : value;
  }
  return raw;
}

/** Parses a fleet section on top of the minimal scenario. */
export function parseFleet(fleet: Record<string, unknown>): Scenario["fleet"] {
  return parseScenario({ load: { rate: "100/s" }, fleet }).fleet;
}

/** The ScenarioError `fn` throws (fails the test if it throws nothing or something else). */
export function scenarioErrorOf(fn: () => unknown): ScenarioError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return error as ScenarioError;
  }
  throw new Error("expected a ScenarioError, but nothing was thrown");
}

/** The issue at exactly `path` (fails the test if there is none). */
export function issueAt(error: ScenarioError, path: string): ScenarioIssue {
  const issue = error.issues.find((i) => i.path === path);
  if (issue === undefined) throw new Error(`no issue at ${path}; issues:\n${error.message}`);
  return issue;
}
