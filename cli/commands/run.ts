/**
 * `shakedown run <file|preset>`: replications of one scenario, a summary table (metric, mean, CI,
 * SLO verdict), the result as JSON (--json), and with --out the result with provenance, the time
 * series as CSV, the charts and the reports.
 */
import { Command } from "commander";
import { combineReplications, type ScenarioResult } from "../../models/run.js";
import { scenarioHash } from "../../models/scenario/hash.js";
import type { Scenario } from "../../models/scenario/types.js";
import { stableStringify } from "../../sim/experiment/stableJson.js";
import { formatNumber } from "../../sim/report/format.js";
import type { ReportSection } from "../../sim/report/reportDoc.js";
import { unitOf } from "../metrics.js";
import { timeSeriesCsv } from "../output/csv.js";
import { generatedBy, reproduceCommand, toolVersion } from "../output/provenance.js";
import { provenanceOf, scenarioSections } from "../output/reportParts.js";
import { runCharts } from "../output/runCharts.js";
import { summaryTable } from "../output/summary.js";
import { textTable } from "../output/textTable.js";
import { prepareOutDir, writeOutputs } from "../output/write.js";
import { defaultWorkers, ReplicationPool } from "../pool.js";
import { collect, flagOverrides, loadScenario, resolveSource, type ScenarioSource } from "../resolveScenario.js";
import { verdicts, type SloVerdict } from "../slo.js";
import { addExperimentOptions, collectSlos, runBatch, scenarioFlagWords, type ExperimentFlags } from "./common.js";

/** What `run --json` prints: the scenario result, its scenario hash, and the SLO verdicts. */
export interface RunOutput extends ScenarioResult {
  scenarioHash: string;
  slos: SloVerdict[];
}

/** The `run` subcommand. `argv` is the whole process argv (for provenance). */
export function runCommand(argv: readonly string[]): Command {
  const command = new Command("run")
    .summary("run one scenario: summary table, JSON, or a report directory")
    .description(
      "Run replications of one scenario (a preset name or a YAML/JSON file) and print a summary table: each metric's mean, its confidence interval over replications, and the SLO verdict where the scenario (or --slo) states SLOs. An SLO is met only if the CI bound on the unfavourable side meets it.",
    )
    .argument("<scenario>", "a preset name (see shakedown scenarios) or a scenario file (.yaml, .yml, .json)")
    .option("--slo <slo>", 'an SLO to check, e.g. "p99<100ms" or "failures<0.1%" (repeatable; added to the scenario\'s)', collect, []);
  addExperimentOptions(command).addHelpText(
    "after",
    "\nExamples:\n  shakedown run lb-handshake-storm\n  shakedown run lb-handshake-storm --replications 10 --out out/storm\n  shakedown run my.yaml --set fleet.workers=8 --json",
  );
  return command.action(async (ref: string, flags: ExperimentFlags) => {
    await runAction(ref, flags, argv);
  });
}

async function runAction(ref: string, flags: ExperimentFlags, argv: readonly string[]): Promise<void> {
  const source = resolveSource(ref);
  if (flags.out !== undefined) prepareOutDir(flags.out);
  const scenario = loadScenario(source, flagOverrides(flags));
  const slos = collectSlos(scenario, flags.slo);
  const pool = new ReplicationPool({ workers: flags.workers ?? defaultWorkers() });
  let reps;
  try {
    [reps] = await runBatch(pool, [scenario], scenario.name);
  } finally {
    await pool.close();
  }
  const result = combineReplications(scenario, reps!);
  const output: RunOutput = { ...result, scenarioHash: scenarioHash(scenario), slos: verdicts(slos, result.metrics) };
  const reproduce = reproduceCommand(["run", source.ref, "--seed", String(scenario.run.seed), "--replications", String(scenario.run.replications), ...scenarioFlagWords(flags), ...flags.slo.flatMap((s) => ["--slo", s])]);
  if (flags.json) process.stdout.write(`${stableStringify(output)}\n`);
  else process.stdout.write(summaryText(output));
  if (flags.out !== undefined) {
    const written = await writeRunOutputs({ dir: flags.out, source, scenario, output, slos, argv, reproduce, overrides: flagOverrides(flags) });
    const where = `wrote ${written.length} files to ${flags.out} (open ${flags.out}/report.html)\n`;
    (flags.json ? process.stderr : process.stdout).write(where);
  }
}

function summaryText(output: RunOutput): string {
  const table = summaryTable(output, output.slos);
  // The terminal leaves out the last column (the metric's meaning); the reports keep it.
  let text = textTable({ ...table, columns: table.columns.slice(0, -1), rows: table.rows.map((r) => r.slice(0, -1)), align: table.align?.slice(0, -1) });
  if (output.slos.length > 0) {
    const failed = output.slos.filter((v) => !v.met);
    text += `\nSLOs: ${output.slos.length - failed.length} of ${output.slos.length} met${failed.length > 0 ? `; not met: ${failed.map((v) => `${v.slo} (${v.value === null ? "no data" : `${v.compared} ${formatNumber(v.value, unitOf(v.metric))}`})`).join("; ")}` : ""}\n`;
  }
  return text;
}

interface RunWrite {
  dir: string;
  source: ScenarioSource;
  scenario: Scenario;
  output: RunOutput;
  slos: ReturnType<typeof collectSlos>;
  argv: readonly string[];
  reproduce: string;
  overrides: string[];
}

async function writeRunOutputs(w: RunWrite): Promise<string[]> {
  const tool = toolVersion();
  const provenance = provenanceOf({ tool, argv: w.argv, scenario: w.scenario, reproduce: w.reproduce });
  const resultJson = stableStringify({ ...provenance, result: w.output });
  const charts = runCharts({ scenario: w.scenario, result: w.output, slos: w.slos });
  return writeOutputs(w.dir, {
    files: [
      { name: "result.json", text: `${resultJson}\n` },
      { name: "timeseries.csv", text: timeSeriesCsv(w.output.series) },
    ],
    charts,
    report: (chartSections) => {
      const sections: ReportSection[] = [summaryTable(w.output, w.output.slos), ...chartSections, ...scenarioSections(w.source, w.overrides, w.scenario)];
      return {
        title: `${w.scenario.name}: simulated TLS handshake capacity`,
        subtitle: w.scenario.description || undefined,
        generatedBy: generatedBy(tool),
        reproduceCommand: w.reproduce,
        sections,
      };
    },
  });
}
