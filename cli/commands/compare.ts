/**
 * `shakedown compare <a> [b]`: two scenarios (two files or presets, or one with `--set-a` /
 * `--set-b` variants) run with common random numbers — the same seed, the same replication
 * indices, hence the same named random streams — and their paired differences: for each metric,
 * the per-replication differences B − A and their confidence interval. Overlay charts over time.
 */
import { Command } from "commander";
import { combineReplications, type ScenarioResult } from "../../models/run.js";
import { scenarioHash } from "../../models/scenario/hash.js";
import type { Scenario } from "../../models/scenario/types.js";
import { confidenceInterval, type Estimate } from "../../sim/experiment/confidence.js";
import { stableStringify } from "../../sim/experiment/stableJson.js";
import { formatNumber } from "../../sim/report/format.js";
import type { ReportCell, TableSection } from "../../sim/report/reportDoc.js";
import { UsageError } from "../errors.js";
import { METRIC_NAMES, METRICS, type MetricName } from "../metrics.js";
import { overlayCharts } from "../output/experimentCharts.js";
import { generatedBy, reproduceCommand, setWords, toolVersion } from "../output/provenance.js";
import { provenanceOf, scenarioSections } from "../output/reportParts.js";
import { ciText, levelText } from "../output/summary.js";
import { textTable } from "../output/textTable.js";
import { prepareOutDir, writeOutputs } from "../output/write.js";
import { timeSeriesCsv } from "../output/csv.js";
import { defaultWorkers, ReplicationPool } from "../pool.js";
import { collect, flagOverrides, loadScenario, resolveSource } from "../resolveScenario.js";
import { verdicts, type SloVerdict } from "../slo.js";
import { addExperimentOptions, collectSlos, runBatch, scenarioFlagWords, type ExperimentFlags } from "./common.js";
import { shownMetrics } from "./sweep.js";

/** Flags of `compare`. */
export interface CompareFlags extends ExperimentFlags {
  setA: string[];
  setB: string[];
  metric: string[];
}

/** One side of a comparison in `compare --json`. */
export interface CompareSide {
  label: string;
  scenario: string;
  scenarioHash: string;
  metrics: Record<string, Estimate>;
  slos: SloVerdict[];
}

/** What `compare --json` prints: both sides and, per metric, the paired difference B − A with its CI. */
export interface CompareOutput {
  seed: number;
  replications: number;
  confidenceLevel: number;
  a: CompareSide;
  b: CompareSide;
  differences: Record<string, Estimate>;
}

/** The `compare` subcommand. */
export function compareCommand(argv: readonly string[]): Command {
  const command = new Command("compare")
    .summary("compare two scenarios (or two variants of one) with common random numbers")
    .description(
      "Run scenario A and scenario B with the same seed and replication indices (common random numbers: every named random stream draws the same numbers in both, so differences come from the configuration, not from noise; B takes A's seed and replications). For each metric: A, B, and the paired difference B − A with its confidence interval over replications. B defaults to A: give --set-b (and/or --set-a) to compare variants of one scenario.",
    )
    .argument("<a>", "scenario A: a preset name or a file")
    .argument("[b]", "scenario B: a preset name or a file (default: the same as A)")
    .option("--set-a <path=value>", "an override for A only (repeatable)", collect, [])
    .option("--set-b <path=value>", "an override for B only (repeatable)", collect, [])
    .option("--set <path=value>", "an override for both A and B (repeatable)", collect, [])
    .option("--metric <name>", "a metric for the table (repeatable; default: every metric)", collect, [])
    .option("--slo <slo>", 'an SLO to check on both, e.g. "p99<100ms" (repeatable)', collect, []);
  addExperimentOptions(command, { setFlag: false }).addHelpText(
    "after",
    "\nExamples:\n  shakedown compare lb-handshake-storm --set-b clients.offerTicket=true --set-b clients.offerSessionId=true\n  shakedown compare a.yaml b.yaml --replications 20 --out out/ab",
  );
  return command.action(async (refA: string, refB: string | undefined, flags: CompareFlags) => {
    await compareAction(refA, refB, flags, argv);
  });
}

/**
 * Paired differences B − A of every metric: per replication index r where both have a value,
 * d_r = B_r − A_r, and the Student-t CI of the mean of d (n = number of such pairs).
 */
export function pairedDifferences(a: ScenarioResult, b: ScenarioResult, level: number): Record<string, Estimate> {
  const out: Record<string, Estimate> = {};
  const n = Math.min(a.perReplication.length, b.perReplication.length);
  for (const metric of METRIC_NAMES) {
    const diffs: number[] = [];
    for (let r = 0; r < n; r++) {
      const va = a.perReplication[r]!.summary[metric];
      const vb = b.perReplication[r]!.summary[metric];
      if (va !== null && vb !== null) diffs.push(vb - va);
    }
    if (diffs.length > 0) out[metric] = confidenceInterval(diffs, level);
  }
  return out;
}

function sideLabel(which: "A" | "B", ref: string, sets: readonly string[]): string {
  return `${which}: ${sets.length > 0 ? sets.join(" ") : ref}`;
}

async function compareAction(refA: string, refB: string | undefined, flags: CompareFlags, argv: readonly string[]): Promise<void> {
  const sourceA = resolveSource(refA);
  if (flags.out !== undefined) prepareOutDir(flags.out);
  const sourceB = resolveSource(refB ?? refA);
  if (refB === undefined && flags.setA.length === 0 && flags.setB.length === 0) {
    throw new UsageError("compare needs two scenarios, or one with --set-a/--set-b overrides that make B differ from A");
  }
  const sugar = flagOverrides({ ...flags, set: [] });
  const overridesA = [...flags.set, ...flags.setA, ...sugar];
  const scenarioA = loadScenario(sourceA, overridesA);
  // Common random numbers: B runs with A's seed and replication count.
  const overridesB = [...flags.set, ...flags.setB, ...sugar, `run.seed=${scenarioA.run.seed}`, `run.replications=${scenarioA.run.replications}`];
  const scenarioB = loadScenario(sourceB, overridesB);
  if (scenarioHash(scenarioA) === scenarioHash(scenarioB)) throw new UsageError("A and B are the same scenario after overrides: nothing to compare");
  const slos = collectSlos(scenarioA, flags.slo);
  const metrics = flags.metric.length > 0 ? shownMetrics(flags.metric, slos) : METRIC_NAMES;
  const pool = new ReplicationPool({ workers: flags.workers ?? defaultWorkers() });
  let groups;
  try {
    groups = await runBatch(pool, [scenarioA, scenarioB], "compare");
  } finally {
    await pool.close();
  }
  const resultA = combineReplications(scenarioA, groups[0]!);
  const resultB = combineReplications(scenarioB, groups[1]!);
  const level = scenarioA.run.confidenceLevel;
  const side = (label: string, scenario: Scenario, result: ScenarioResult): CompareSide => ({
    label,
    scenario: scenario.name,
    scenarioHash: scenarioHash(scenario),
    metrics: result.metrics,
    slos: verdicts(slos, result.metrics),
  });
  const labelA = sideLabel("A", refA, flags.setA);
  const labelB = sideLabel("B", refB ?? refA, flags.setB);
  const output: CompareOutput = {
    seed: scenarioA.run.seed,
    replications: scenarioA.run.replications,
    confidenceLevel: level,
    a: side(labelA, scenarioA, resultA),
    b: side(labelB, scenarioB, resultB),
    differences: pairedDifferences(resultA, resultB, level),
  };
  const table = compareTable(output, metrics);
  if (flags.json) process.stdout.write(`${stableStringify(output)}\n`);
  else process.stdout.write(`${labelA}\n${labelB}\n\n${textTable(table)}`);
  if (flags.out === undefined) return;
  const reproduce = reproduceCommand([
    "compare", sourceA.ref, ...(refB !== undefined ? [sourceB.ref] : []), "--seed", String(output.seed), "--replications", String(output.replications),
    ...scenarioFlagWords({ ...flags, set: flags.set }), ...setWords("--set-a", flags.setA), ...setWords("--set-b", flags.setB), ...setWords("--metric", flags.metric), ...setWords("--slo", flags.slo),
  ]);
  const tool = toolVersion();
  const charts = overlayCharts({ a: { label: labelA, scenario: scenarioA, result: resultA }, b: { label: labelB, scenario: scenarioB, result: resultB } });
  const written = await writeOutputs(flags.out, {
    files: [
      { name: "result.json", text: `${stableStringify({ ...provenanceOf({ tool, argv, scenario: scenarioA, reproduce }), scenarioB, result: output })}\n` },
      { name: "timeseries-a.csv", text: timeSeriesCsv(resultA.series) },
      { name: "timeseries-b.csv", text: timeSeriesCsv(resultB.series) },
    ],
    charts,
    report: (chartSections) => ({
      title: `Comparison: ${labelA} vs ${labelB}`,
      subtitle: `Common random numbers: seed ${output.seed}, ${output.replications} paired replications`,
      generatedBy: generatedBy(tool),
      reproduceCommand: reproduce,
      sections: [
        table,
        ...(charts.length === 0 ? [{ kind: "text" as const, text: "No overlay charts: A and B have different durations or windows." }] : chartSections),
        ...scenarioSections(sourceA, overridesA, scenarioA, "Scenario A"),
        ...scenarioSections(sourceB, overridesB, scenarioB, "Scenario B"),
      ],
    }),
  });
  (flags.json ? process.stderr : process.stdout).write(`wrote ${written.length} files to ${flags.out} (open ${flags.out}/report.html)\n`);
}

/** The comparison table: metric, A, B, B − A, its CI, and which side is higher when the CI excludes 0. */
export function compareTable(output: CompareOutput, metrics: readonly MetricName[]): TableSection {
  const level = levelText(output.confidenceLevel);
  const rows: ReportCell[][] = metrics.map((m) => {
    const unit = METRICS[m].unit;
    const d = output.differences[m];
    const a = output.a.metrics[m];
    const b = output.b.metrics[m];
    const verdict = d === undefined || d.n < 2 ? "—" : d.lower > 0 ? "B higher" : d.upper < 0 ? "B lower" : "no clear difference";
    return [m, a === undefined ? null : formatNumber(a.mean, unit), b === undefined ? null : formatNumber(b.mean, unit), d === undefined ? null : formatNumber(d.mean, unit), ciText(d, unit), verdict];
  });
  return {
    kind: "table",
    title: "A versus B (paired)",
    columns: ["metric", "A", "B", "B − A", `${level} CI of B − A`, "verdict"],
    rows,
    note: `Means over ${output.replications} replications; B − A from paired replications (same seed ${output.seed} and replication index, so the same random streams). "B higher/lower" when the CI of the difference excludes 0.`,
  };
}
