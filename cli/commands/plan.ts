/**
 * `shakedown plan <file|preset> --slo … --knob path=lo..hi`: the smallest knob value that meets
 * every SLO with confidence, found by bracketing (doubling from lo) and bisection, each value
 * evaluated with replications; and the evidence table (each value tried, each SLO metric with its
 * CI, pass or fail). Assumes more of the knob never hurts (monotone).
 */
import { Command } from "commander";
import { combineReplications } from "../../models/run.js";
import { scenarioHash } from "../../models/scenario/hash.js";
import { parsePath } from "../../models/scenario/issues.js";
import type { Estimate } from "../../sim/experiment/confidence.js";
import { stableStringify } from "../../sim/experiment/stableJson.js";
import { formatNumber } from "../../sim/report/format.js";
import type { ReportCell, TableSection } from "../../sim/report/reportDoc.js";
import { smallestPassing } from "../bisect.js";
import { UsageError } from "../errors.js";
import { integerRange } from "../grid.js";
import { METRICS } from "../metrics.js";
import { toCsv } from "../output/csv.js";
import { metricVsParameterChart } from "../output/experimentCharts.js";
import { generatedBy, reproduceCommand, setWords, toolVersion } from "../output/provenance.js";
import { provenanceOf, scenarioSections } from "../output/reportParts.js";
import { ciText, levelText } from "../output/summary.js";
import { textTable } from "../output/textTable.js";
import { prepareOutDir, writeOutputs } from "../output/write.js";
import { defaultWorkers, ReplicationPool } from "../pool.js";
import { collect, flagOverrides, loadScenario, resolveSource } from "../resolveScenario.js";
import { checkScenarioSlo, parseSloFlag, verdicts, type CheckedSlo, type SloVerdict } from "../slo.js";
import { addExperimentOptions, runBatch, scenarioFlagWords, type ExperimentFlags } from "./common.js";

/** Flags of `plan`. */
export interface PlanFlags extends ExperimentFlags {
  knob: string;
}

/** A knob: an integer scenario field and its range. */
export interface Knob {
  path: string;
  lo: number;
  hi: number;
}

/** One evaluation of the search: the knob value, pass (every SLO met with confidence), the metrics and verdicts. */
export interface PlanEvaluation {
  value: number;
  pass: boolean;
  scenarioHash: string;
  metrics: Record<string, Estimate>;
  slos: SloVerdict[];
}

/** What `plan --json` prints. `answer` is null when even `knob.hi` fails. Evaluations in the order they were made. */
export interface PlanOutput {
  scenario: string;
  seed: number;
  replications: number;
  confidenceLevel: number;
  knob: Knob;
  slos: string[];
  answer: number | null;
  evaluations: PlanEvaluation[];
}

/**
 * Parses `--knob path=lo..hi` (integers, 0 <= lo <= hi).
 * @throws UsageError naming the flag for a missing "=", a malformed path or a bad range.
 */
export function parseKnob(text: string): Knob {
  const flag = `--knob ${JSON.stringify(text)}`;
  const eq = text.indexOf("=");
  const range = eq > 0 ? integerRange(text.slice(eq + 1), flag) : null;
  if (eq <= 0 || range === null) throw new UsageError(`${flag}: expected path=lo..hi with integers lo <= hi, e.g. fleet.workers=1..64 or fleet.instances=1..20`);
  const path = text.slice(0, eq).trim();
  try {
    parsePath(path);
  } catch (error) {
    throw new UsageError(`${flag}: ${(error as Error).message}`);
  }
  return { path, ...range };
}

/** The `plan` subcommand. */
export function planCommand(argv: readonly string[]): Command {
  const command = new Command("plan")
    .summary("find the smallest knob value (workers, instances, …) that meets every SLO")
    .description(
      "Find the smallest integer value of a scenario field (--knob path=lo..hi) for which every SLO is met with confidence: the CI bound on the unfavourable side must meet it (the upper bound of p99 below 100 ms, the lower bound of goodput above a rate). Values are tried by doubling from lo until one passes, then by bisection; this assumes more of the knob never hurts (monotone). Each value runs the scenario's replications. SLOs come from --slo, else from the scenario's slos. Prints the evidence table: each value tried, each SLO metric with its CI, pass or fail.",
    )
    .argument("<scenario>", "a preset name or a scenario file")
    .requiredOption("--knob <path=lo..hi>", "the integer field to size and its range, e.g. fleet.workers=1..64 (workers per instance) or fleet.instances=1..20")
    .option("--slo <slo>", 'an SLO, e.g. "p99<100ms", "failures<0.1%", "goodputPerS>=900/s" (repeatable; aliases p50 p90 p99 p999 latency goodput resumption utilization)', collect, []);
  addExperimentOptions(command).addHelpText(
    "after",
    '\nExamples:\n  shakedown plan mmc-baseline --knob fleet.workers=1..32 --slo "latency<1.3ms"\n  shakedown plan lb-handshake-storm --knob fleet.instances=1..20 --slo "p99<100ms" --slo "failures<0.1%"',
  );
  return command.action(async (ref: string, flags: PlanFlags) => {
    await planAction(ref, flags, argv);
  });
}

async function planAction(ref: string, flags: PlanFlags, argv: readonly string[]): Promise<void> {
  const source = resolveSource(ref);
  if (flags.out !== undefined) prepareOutDir(flags.out);
  const knob = parseKnob(flags.knob);
  const base = flagOverrides(flags);
  const scenarioAt = (value: number) => loadScenario(source, [...base, `${knob.path}=${value}`]);
  const first = scenarioAt(knob.lo);
  scenarioAt(knob.hi);
  const slos: CheckedSlo[] = flags.slo.length > 0 ? flags.slo.map(parseSloFlag) : first.slos.map(checkScenarioSlo);
  if (slos.length === 0) throw new UsageError('plan needs at least one SLO: --slo "p99<100ms" (or slos: in the scenario file)');
  const pool = new ReplicationPool({ workers: flags.workers ?? defaultWorkers() });
  let search;
  try {
    search = await smallestPassing<PlanEvaluation>({
      lo: knob.lo,
      hi: knob.hi,
      evaluate: async (value) => {
        const scenario = scenarioAt(value);
        const [reps] = await runBatch(pool, [scenario], `${knob.path}=${value}`);
        const result = combineReplications(scenario, reps!);
        const v = verdicts(slos, result.metrics);
        const pass = v.every((x) => x.met);
        return { pass, evidence: { value, pass, scenarioHash: scenarioHash(scenario), metrics: result.metrics, slos: v } };
      },
    });
  } finally {
    await pool.close();
  }
  const output: PlanOutput = {
    scenario: first.name,
    seed: first.run.seed,
    replications: first.run.replications,
    confidenceLevel: first.run.confidenceLevel,
    knob,
    slos: slos.map((s) => s.text),
    answer: search.answer,
    evaluations: search.steps.map((s) => s.evidence),
  };
  const table = planTable(output, slos);
  const answerLine = planAnswerText(output);
  if (flags.json) {
    process.stdout.write(`${stableStringify(output)}\n`);
    if (output.answer === null) process.stderr.write(`shakedown: ${answerLine}\n`);
  } else process.stdout.write(`${textTable(table)}\n${answerLine}\n`);
  if (flags.out === undefined) return;
  const reproduce = reproduceCommand([
    "plan", source.ref, "--knob", `${knob.path}=${knob.lo}..${knob.hi}`, ...setWords("--slo", flags.slo),
    "--seed", String(first.run.seed), "--replications", String(first.run.replications), ...scenarioFlagWords(flags),
  ]);
  const tool = toolVersion();
  const sorted = [...output.evaluations].sort((a, b) => a.value - b.value);
  const charts = [...new Set(slos.map((s) => s.metric))].map((metric) =>
    metricVsParameterChart({
      metric,
      x: sorted.map((e) => e.value),
      xTitle: knob.path,
      curves: [{ name: metric, estimates: sorted.map((e) => e.metrics[metric]) }],
      slos,
      subtitle: `${first.name}: values tried by the search`,
      name: `plan-${metric.replace(/[^A-Za-z0-9]+/g, "-")}`,
    }),
  );
  const csvRows = sorted.map((e) => [e.value, e.pass ? "pass" : "fail", ...slos.flatMap((s) => {
    const m = e.metrics[s.metric];
    return m === undefined ? [null, null, null] : [m.mean, m.lower, m.upper];
  })]);
  const written = await writeOutputs(flags.out, {
    files: [
      { name: "result.json", text: `${stableStringify({ ...provenanceOf({ tool, argv, scenario: first, reproduce }), result: output })}\n` },
      { name: "evaluations.csv", text: toCsv([knob.path, "verdict", ...slos.flatMap((s) => [`${s.metric}.mean`, `${s.metric}.lower`, `${s.metric}.upper`])], csvRows) },
    ],
    charts,
    report: (chartSections) => ({
      title: `${first.name}: smallest ${knob.path} meeting the SLOs`,
      subtitle: answerLine,
      generatedBy: generatedBy(tool),
      reproduceCommand: reproduce,
      sections: [
        {
          kind: "text",
          title: "Method",
          text: `Each value of ${knob.path} was run with ${first.run.replications} replications. A value passes when every SLO is met with confidence: the ${levelText(first.run.confidenceLevel)} CI bound on the unfavourable side meets the threshold (the upper bound for <, the lower bound for >). Values were tried by doubling from ${knob.lo} until one passed, then by bisection, which assumes that more of the knob never hurts (monotone).`,
        },
        table,
        ...chartSections,
        ...scenarioSections(source, base, first, `Scenario (${knob.path}=${knob.lo})`),
      ],
    }),
  });
  (flags.json ? process.stderr : process.stdout).write(`wrote ${written.length} files to ${flags.out} (open ${flags.out}/report.html)\n`);
}

/** One sentence with the answer, or why there is none. */
export function planAnswerText(output: PlanOutput): string {
  const slos = output.slos.join(", ");
  if (output.answer !== null) return `Smallest ${output.knob.path} meeting every SLO (${slos}) with confidence: ${output.answer}.`;
  return `No ${output.knob.path} in ${output.knob.lo}..${output.knob.hi} meets every SLO (${slos}) with confidence: even ${output.knob.hi} fails.`;
}

/** The evidence table: each value tried (in order), each SLO metric's mean and CI, and pass/fail. */
export function planTable(output: PlanOutput, slos: readonly CheckedSlo[]): TableSection {
  const metrics = [...new Set(slos.map((s) => s.metric))];
  const level = levelText(output.confidenceLevel);
  const rows: ReportCell[][] = output.evaluations.map((e, i) => [
    i + 1,
    e.value,
    ...metrics.flatMap((m) => {
      const est = e.metrics[m];
      const unit = METRICS[m].unit;
      return [est === undefined ? null : formatNumber(est.mean, unit), ciText(est, unit)];
    }),
    e.pass ? "pass" : `fail: ${e.slos.filter((v) => !v.met).map((v) => v.slo).join("; ")}`,
  ]);
  return {
    kind: "table",
    title: `Evidence: ${output.knob.path} in ${output.knob.lo}..${output.knob.hi}`,
    columns: ["step", output.knob.path, ...metrics.flatMap((m) => [m, `${level} CI`]), "verdict"],
    rows,
    note: `Values in the order the search tried them; ${output.replications} replications each (seed ${output.seed}). Pass = every SLO met by its CI bound on the unfavourable side.`,
  };
}
