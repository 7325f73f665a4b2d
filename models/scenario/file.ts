/**
 * Reading scenario files from disk (node:fs). Parsing and validation are in load.ts, which stays
 * browser-safe.
 */
import { readFileSync } from "node:fs";
import { ScenarioError } from "./issues.js";
import { loadScenarioText, scenarioFormatOf } from "./load.js";
import type { Scenario } from "./types.js";

/**
 * Reads, parses and validates a scenario file: YAML for .yaml/.yml, JSON for .json. A scenario
 * without a name takes the file's base name. `overrides` are `path=value` strings applied before
 * validation (see applyOverrides in load.ts).
 * @throws ScenarioError for an unknown extension, an unreadable file, a syntax error (with line and
 *   column), a bad override or an invalid scenario; every message line starts with the file path.
 */
export function loadScenarioFile(path: string, overrides: readonly string[] = []): Scenario {
  const format = scenarioFormatOf(path);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ScenarioError([{ path: "", message: `cannot read the file: ${(error as Error).message}` }], path);
  }
  return loadScenarioText(text, format, { source: path, overrides });
}
