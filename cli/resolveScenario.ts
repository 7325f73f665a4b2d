/**
 * From the command line to a canonical scenario: a preset name or a file path, the `--set`
 * overrides, and the sugar flags `--seed`, `--replications` and `--duration` (which become
 * `--set run.seed=…` etc., applied after the `--set` flags so the flag wins).
 *
 * Every scenario of a command (sweep points, plan knob values, compare variants) is loaded from
 * its source again with more overrides, so it goes through the same validation as the original.
 */
import { existsSync } from "node:fs";
import { parseDurationSec, UnitError } from "../models/scenario/units.js";
import { loadScenarioFile } from "../models/scenario/file.js";
import type { Scenario } from "../models/scenario/types.js";
import { isPresetName, loadPreset, presetNames } from "../models/scenarios/index.js";
import { UsageError } from "./errors.js";

/** Where a scenario comes from: a preset (by name) or a file (the path as typed). */
export interface ScenarioSource {
  kind: "preset" | "file";
  /** The preset name or the file path exactly as given on the command line. */
  ref: string;
}

/** The scenario flags every command shares, as commander parsed them. */
export interface ScenarioFlags {
  set: string[];
  seed?: number;
  replications?: number;
  duration?: string;
}

/**
 * A preset if `ref` names one, else a file if it exists.
 * @throws UsageError naming `ref` and listing the presets when it is neither.
 */
export function resolveSource(ref: string): ScenarioSource {
  if (isPresetName(ref)) return { kind: "preset", ref };
  if (existsSync(ref)) return { kind: "file", ref };
  throw new UsageError(`no preset or scenario file named ${JSON.stringify(ref)}; presets: ${presetNames.join(", ")} (see shakedown scenarios)`);
}

/**
 * The overrides the flags stand for, in order: each `--set`, then run.duration, run.seed and
 * run.replications from the sugar flags when given.
 */
export function flagOverrides(flags: ScenarioFlags): string[] {
  const out = [...flags.set];
  if (flags.duration !== undefined) out.push(`run.duration=${flags.duration}`);
  if (flags.seed !== undefined) out.push(`run.seed=${flags.seed}`);
  if (flags.replications !== undefined) out.push(`run.replications=${flags.replications}`);
  return out;
}

/**
 * Loads, overrides and validates the scenario of `source`.
 * @throws ScenarioError (exit 2) for a bad override path or value, a syntax error or an invalid scenario.
 */
export function loadScenario(source: ScenarioSource, overrides: readonly string[]): Scenario {
  return source.kind === "preset" ? loadPreset(source.ref, overrides) : loadScenarioFile(source.ref, overrides);
}

/** Commander parser of `--seed`: an integer >= 0. @throws UsageError otherwise. */
export function parseSeedFlag(text: string): number {
  return parseIntegerFlag(text, { flag: "--seed", min: 0 });
}

/** Commander parser of `--replications`: an integer >= 1. @throws UsageError otherwise. */
export function parseReplicationsFlag(text: string): number {
  return parseIntegerFlag(text, { flag: "--replications", min: 1 });
}

/** Commander parser of `--workers`: an integer >= 1. @throws UsageError otherwise. */
export function parseWorkersFlag(text: string): number {
  return parseIntegerFlag(text, { flag: "--workers", min: 1 });
}

/**
 * Commander parser of `--duration`: a positive duration with a unit ("60s", "2m", "500ms"), kept
 * as typed (it becomes `run.duration=<text>`).
 * @throws UsageError naming --duration otherwise.
 */
export function parseDurationFlag(text: string): string {
  let sec: number;
  try {
    sec = parseDurationSec(text, "--duration");
  } catch (error) {
    if (error instanceof UnitError) throw new UsageError(`--duration: expected a duration with a unit such as 60s, 2m or 500ms, found ${JSON.stringify(text)}`);
    throw error;
  }
  if (!(sec > 0) || !Number.isFinite(sec)) throw new UsageError(`--duration: expected a positive, finite duration, found ${JSON.stringify(text)}`);
  return text;
}

/** Commander collector of a repeatable flag: appends each value. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * An integer flag value within [min, max].
 * @throws UsageError naming the flag, the value found and what is allowed.
 */
export function parseIntegerFlag(text: string, options: { flag: string; min: number; max?: number }): number {
  const value = /^[+]?\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(value) || value < options.min || value > max) {
    const range = options.max === undefined ? `>= ${options.min}` : `in ${options.min}..${options.max}`;
    throw new UsageError(`${options.flag}: expected an integer ${range}, found ${JSON.stringify(text)}`);
  }
  return value;
}
