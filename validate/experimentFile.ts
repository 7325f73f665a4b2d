/**
 * Experiment scenario files (validate/experiments/*.yaml): loading one, deriving a point's scenario
 * with `--set`-style overrides, and the server it runs on. The raw value is kept beside the
 * canonical scenario because the server needs what the canonical form drops (fleet.software,
 * the cache size in bytes).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { applyOverrides, parseScenario, readScenarioText, scenarioFormatOf } from "../models/scenario/load.js";
import { ScenarioError } from "../models/scenario/issues.js";
import type { Scenario } from "../models/scenario/types.js";
import type { CertificateKeyType } from "./servers/certs.js";
import { rawFleetFields, serverSpecFromScenario, type ServerSpec } from "./servers/serverSpec.js";

/** A loaded experiment file. */
export interface ExperimentFile {
  /** File name within the experiments directory, e.g. "load-sweep.node.yaml". */
  name: string;
  path: string;
  raw: unknown;
}

/** A point's scenario: canonical form, the raw value it came from, and its overrides. */
export interface PointScenario {
  scenario: Scenario;
  raw: unknown;
  overrides: string[];
}

/**
 * Reads and validates an experiment file (without overrides).
 * @throws ScenarioError (file path in the message) if it cannot be read, does not parse, or is not a valid scenario.
 */
export function loadExperimentFile(dir: string, name: string): ExperimentFile {
  const path = join(dir, name);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ScenarioError([{ path: "", message: `cannot read the file: ${(error as Error).message}` }], path);
  }
  const raw = readScenarioText(text, scenarioFormatOf(path), path);
  parseScenario(raw, path);
  return { name, path, raw };
}

/**
 * The scenario of a point: the file with `overrides` applied, validated.
 * @throws ScenarioError naming the file and the field for a bad override or an invalid result.
 */
export function pointScenario(file: ExperimentFile, overrides: readonly string[]): PointScenario {
  let raw: unknown;
  try {
    raw = applyOverrides(file.raw, overrides);
  } catch (error) {
    if (error instanceof ScenarioError) throw new ScenarioError(error.issues, file.path);
    throw error;
  }
  return { scenario: parseScenario(raw, file.path), raw, overrides: [...overrides] };
}

/**
 * The real server a point runs on.
 * @throws UnsupportedScenarioError naming the field if the harness cannot run it.
 */
export function serverOf(point: PointScenario, certificate?: CertificateKeyType): ServerSpec {
  return serverSpecFromScenario(point.scenario, { ...rawFleetFields(point.raw), ...(certificate !== undefined ? { certificate } : {}) });
}

/** A duration for an override value: "1.234ms" style, in microseconds for precision. */
export function durationText(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) throw new RangeError(`duration: must be finite >= 0 (got ${sec})`);
  return `${Math.round(sec * 1e6)}us`;
}

/** A rate for an override value ("412.5/s"). */
export function rateText(perSec: number): string {
  if (!Number.isFinite(perSec) || perSec < 0) throw new RangeError(`rate: must be finite >= 0 (got ${perSec})`);
  return `${Number(perSec.toFixed(3))}/s`;
}
