/**
 * Pieces every command's report and result.json share: the provenance block and the sections that
 * show the scenario (its file or preset text as written, the overrides, and the canonical form
 * that was actually simulated).
 */
import { readFileSync } from "node:fs";
import { scenarioHash } from "../../models/scenario/hash.js";
import type { Scenario } from "../../models/scenario/types.js";
import { presetText } from "../../models/scenarios/index.js";
import { stableStringify } from "../../sim/experiment/stableJson.js";
import type { ReportSection } from "../../sim/report/reportDoc.js";
import type { ScenarioSource } from "../resolveScenario.js";
import { shellJoin, type ToolVersion } from "./provenance.js";

/** The provenance fields of result.json (keys as written; stableStringify sorts them). */
export interface Provenance {
  shakedown: ToolVersion;
  /** The command line as typed: process.argv, each argument shell-quoted as needed. */
  command: string;
  /** The canonical scenario (units converted, defaults filled in, overrides applied). */
  scenario: Scenario;
  scenarioHash: string;
  seed: number;
  replications: number;
  /** The command that regenerates this result. */
  reproduce: string;
}

/** The provenance of a result from the tool version, argv, the (first) scenario and the reproduce command. */
export function provenanceOf(options: { tool: ToolVersion; argv: readonly string[]; scenario: Scenario; reproduce: string }): Provenance {
  const { scenario } = options;
  return {
    shakedown: options.tool,
    command: shellJoin(options.argv),
    scenario,
    scenarioHash: scenarioHash(scenario),
    seed: scenario.run.seed,
    replications: scenario.run.replications,
    reproduce: options.reproduce,
  };
}

/** The text of a scenario's source: the preset's YAML (with its comments) or the file as read. */
export function sourceText(source: ScenarioSource): string {
  return source.kind === "preset" ? presetText(source.ref) : readFileSync(source.ref, "utf8");
}

/**
 * Report sections showing a scenario: the source text, the overrides applied to it (when any),
 * and the canonical scenario as JSON with its hash.
 */
export function scenarioSections(source: ScenarioSource, overrides: readonly string[], scenario: Scenario, label = "Scenario"): ReportSection[] {
  const language = source.kind === "preset" || /\.ya?ml$/i.test(source.ref) ? "yaml" : "json";
  const origin = source.kind === "preset" ? `preset ${source.ref}` : source.ref;
  const sections: ReportSection[] = [{ kind: "code", title: `${label}: ${origin}`, language, text: sourceText(source) }];
  if (overrides.length > 0) {
    sections.push({ kind: "code", title: `${label}: overrides applied (--set, --seed, --replications, --duration)`, language: "text", text: overrides.join("\n") });
  }
  sections.push({
    kind: "code",
    title: `${label}: canonical form simulated (SHA-256 ${scenarioHash(scenario).slice(0, 12)}…)`,
    language: "json",
    text: stableStringify(scenario),
  });
  return sections;
}
