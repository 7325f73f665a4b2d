/**
 * Preset scenarios, one per seed article plus a queueing-theory baseline. Each YAML file opens with
 * a comment block: which article claim it encodes and what the measurements (tls-ground-truth.md)
 * say about it. Reads the files with node:fs, next to this module.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadScenarioFile } from "../scenario/file.js";
import { ScenarioError } from "../scenario/issues.js";
import { readScenarioText } from "../scenario/load.js";
import type { Scenario } from "../scenario/types.js";

/** Names of the presets, in the order `shakedown scenarios` lists them. */
export const presetNames = [
  "mmc-baseline",
  "node-session-wall",
  "lb-handshake-storm",
  "nginx-cpu-saturation",
  "node-cluster-sessions",
] as const;

/** A preset's name. */
export type PresetName = (typeof presetNames)[number];

/** Is `name` a preset's name? */
export function isPresetName(name: string): name is PresetName {
  return (presetNames as readonly string[]).includes(name);
}

/**
 * Absolute path of a preset's YAML file.
 * @throws ScenarioError naming the presets if `name` is not one.
 */
export function presetPath(name: string): string {
  if (!isPresetName(name)) {
    throw new ScenarioError([{ path: "", message: `unknown preset ${JSON.stringify(name)}; presets: ${presetNames.join(", ")}` }]);
  }
  return fileURLToPath(new URL(`./${name}.yaml`, import.meta.url));
}

/**
 * A preset, parsed and validated, with `path=value` overrides applied first (as `--set` does).
 * @throws ScenarioError for an unknown name, a bad override, or (a bug) an invalid preset file.
 */
export function loadPreset(name: string, overrides: readonly string[] = []): Scenario {
  return loadScenarioFile(presetPath(name), overrides);
}

/** The YAML text of a preset, comments included. */
export function presetText(name: string): string {
  return readFileSync(presetPath(name), "utf8");
}

/** Name and one-line description of every preset (the `description` field of each file), in {@link presetNames} order. */
export function presetSummaries(): { name: PresetName; description: string }[] {
  return presetNames.map((name) => {
    const raw = readScenarioText(presetText(name), "yaml", presetPath(name)) as { description?: unknown };
    return { name, description: typeof raw.description === "string" ? raw.description : "" };
  });
}
