/**
 * `shakedown sweep <file|preset> --vary path=v1,v2,… [--vary …]`: every point of the grid (the
 * cartesian product of the --vary lists) with replications, all (point, replication) runs on the
 * worker pool, merged in index order (byte-identical output for any --workers); a table, and a
 * chart of each metric against the first varied parameter (one line per value of the others).
 */
import { Command } from "commander";
import { combineReplications, type ScenarioResult } from "../../models/run.js";
import { scenarioHash } from "../../models/scenario/hash.js";
import { ScenarioError } from "../../models/scenario/issues.js";
import type { Scenario } from "../../models/scenario/types.js";
import type { Estimate } from "../../sim/experiment/confidence.js";
import { stableStringify } from "../../sim/experiment/stableJson.js";
import type { ReportCell, TableSection } from "../../sim/report/reportDoc.js";
import { gridPoints, parseVary, type GridPoint, type VaryAxis } from "../grid.js";
import { HEADLINE_METRICS, isMetricName, METRIC_NAMES, METRICS, type MetricName } from "../metrics.js";
import { toCsv } from "../output/csv.js";
import { metricVsParameterChart, numericAxis } from "../output/experimentCharts.js";
import { generatedBy, reproduceCommand, setWords, toolVersion } from "../output/provenance.js";
import { provenanceOf, scenarioSections } from "../output/reportParts.js";
import type { NamedChart } from "../output/runCharts.js";
import { levelText, meanPlusMinus } from "../output/summary.js";
import { textTable } from "../output/textTable.js";
import { prepareOutDir, writeOutputs } from "../output/write.js";
import { defaultWorkers, ReplicationPool } from "../pool.js";
import { collect, flagOverrides, loadScenario, resolveSource, type ScenarioSource } from "../resolveScenario.js";
import { UsageError } from "../errors.js";
import { verdicts, type CheckedSlo, type SloVerdict } from "../slo.js";
import { addExperimentOptions, collectSlos, runBatch, scenarioFlagWords, type ExperimentFlags } from "./common.js";

/** Flags of `sweep`. */
export interface SweepFlags extends ExperimentFlags {
  vary: string[];
  metric: string[];
}

/** One point of `sweep --json`: the varied values, the scenario hash, every metric's estimate and the SLO verdicts. */
export interface SweepPointOutput {
  values: Record<string, string>;
  scenarioHash: string;
  metrics: Record<string, Estimate>;
  slos: SloVerdict[];
}

/** What `sweep --json` prints. */
export interface SweepOutput {
  scenario: string;
  seed: number;
  replications: number;
  confidenceLevel: number;
  vary: VaryAxis[];
  points: SweepPointOutput[];
}

/** The `sweep` subcommand. */
export function sweepCommand(argv: readonly string[]): Command {
  const command = new Command("sweep")
    .summary("run a grid of scenario variants and chart each metric against the varied parameter")
    .description(
      "Run every combination of the --vary values (each a full scenario with replications), in parallel on worker threads; results are merged in grid order, so the output is byte-identical for any --workers. Prints a table of the headline metrics (mean ± CI half-width) per point.",
    )
    .argument("<scenario>", "a preset name or a scenario file")
    .requiredOption("--vary <path=values>", "a parameter and its values: path=v1,v2,… (values as in --set) or path=lo..hi (every integer); repeatable, the grid is their product", collect, [])
    .option("--metric <name>", `a metric for the table and charts (repeatable; default: ${HEADLINE_METRICS.join(", ")} and the SLO metrics)`, collect, [])
    .option("--slo <slo>", 'an SLO to check at every point, e.g. "p99<100ms" (repeatable)', collect, []);
  addExperimentOptions(command).addHelpText("after", "\nExamples:\n  shakedown sweep mmc-baseline --vary fleet.workers=4,5,6,8 --duration 20s\n  shakedown sweep lb-handshake-storm --vary fleet.workers=1,2,4 --vary clients.timeout=2s,10s --out out/sweep");
  return command.action(async (ref: string, flags: SweepFlags) => {
    await sweepAction(ref, flags, argv);
  });
}

/** Loads the scenario of each grid point; a point's invalid value is reported with the point. */
function pointScenarios(source: ScenarioSource, base: readonly string[], points: readonly GridPoint[]): Scenario[] {
  return points.map((point) => {
    try {
      return loadScenario(source, [...base, ...point.overrides]);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      const where = point.overrides.join(" ");
      throw new ScenarioError(error.issues.map((issue) => ({ ...issue, message: `${issue.message} (at sweep point ${where})` })), error.source);
    }
  });
}

/** The metrics a table or chart shows: --metric flags (checked), else the headline metrics; plus SLO metrics. */
export function shownMetrics(metricFlags: readonly string[], slos: readonly CheckedSlo[]): MetricName[] {
  for (const m of metricFlags) {
    if (!isMetricName(m)) throw new UsageError(`--metric ${JSON.stringify(m)}: not a summary metric; use one of ${METRIC_NAMES.join(", ")}`);
  }
  const chosen = metricFlags.length > 0 ? (metricFlags as MetricName[]) : [...HEADLINE_METRICS];
  for (const s of slos) if (!chosen.includes(s.metric)) chosen.push(s.metric);
  return [...new Set(chosen)];
}

async function sweepAction(ref: string, flags: SweepFlags, argv: readonly string[]): Promise<void> {
  const source = resolveSource(ref);
  if (flags.out !== undefined) prepareOutDir(flags.out);
  const axes = flags.vary.map(parseVary);
  const points = gridPoints(axes);
  const base = flagOverrides(flags);
  const scenarios = pointScenarios(source, base, points);
  const first = scenarios[0]!;
  const slos = collectSlos(first, flags.slo);
  const metrics = shownMetrics(flags.metric, slos);
  const pool = new ReplicationPool({ workers: flags.workers ?? defaultWorkers() });
  let groups;
  try {
    groups = await runBatch(pool, scenarios, `sweep ${first.name}`);
  } finally {
    await pool.close();
  }
  const results = groups.map((reps, i) => combineReplications(scenarios[i]!, reps));
  const output: SweepOutput = {
    scenario: first.name,
    seed: first.run.seed,
    replications: first.run.replications,
    confidenceLevel: first.run.confidenceLevel,
    vary: axes,
    points: points.map((point, i) => ({ values: point.values, scenarioHash: scenarioHash(scenarios[i]!), metrics: results[i]!.metrics, slos: verdicts(slos, results[i]!.metrics) })),
  };
  const table = sweepTable(output, metrics);
  if (flags.json) process.stdout.write(`${stableStringify(output)}\n`);
  else process.stdout.write(textTable(table));
  if (flags.out === undefined) return;
  const reproduce = reproduceCommand([
    "sweep", source.ref, ...setWords("--vary", flags.vary), "--seed", String(first.run.seed), "--replications", String(first.run.replications),
    ...scenarioFlagWords(flags), ...setWords("--metric", flags.metric), ...setWords("--slo", flags.slo),
  ]);
  const tool = toolVersion();
  const charts = sweepCharts(output, results, metrics, slos);
  const written = await writeOutputs(flags.out, {
    files: [
      { name: "result.json", text: `${stableStringify({ ...provenanceOf({ tool, argv, scenario: first, reproduce }), result: output })}\n` },
      { name: "sweep.csv", text: sweepCsv(output) },
    ],
    charts,
    report: (chartSections) => ({
      title: `${first.name}: sweep of ${axes.map((a) => a.path).join(" × ")}`,
      subtitle: first.description || undefined,
      generatedBy: generatedBy(tool),
      reproduceCommand: reproduce,
      sections: [
        table,
        ...(charts.length === 0 ? [{ kind: "text" as const, text: `No charts: the values of ${axes[0]!.path} are not numbers, durations or rates.` }] : chartSections),
        ...scenarioSections(source, base, first, "Base scenario (point 1)"),
      ],
    }),
  });
  (flags.json ? process.stderr : process.stdout).write(`wrote ${written.length} files to ${flags.out} (open ${flags.out}/report.html)\n`);
}

/** The sweep table: one row per point, the varied values, then each metric as "mean ± half-width", then the SLO verdict. */
export function sweepTable(output: SweepOutput, metrics: readonly MetricName[]): TableSection {
  const withSlo = output.points.some((p) => p.slos.length > 0);
  const columns = [...output.vary.map((a) => a.path), ...metrics, ...(withSlo ? ["SLOs"] : [])];
  const rows: ReportCell[][] = output.points.map((p) => [
    ...output.vary.map((a) => p.values[a.path] ?? null),
    ...metrics.map((m) => meanPlusMinus(p.metrics[m], METRICS[m].unit)),
    ...(withSlo ? [p.slos.every((v) => v.met) ? "all met" : `not met: ${p.slos.filter((v) => !v.met).map((v) => v.slo).join("; ")}`] : []),
  ]);
  const note = `Mean ± ${levelText(output.confidenceLevel)} CI half-width over ${output.replications} replication${output.replications === 1 ? "" : "s"} per point (seed ${output.seed}).${withSlo ? " An SLO is met only if its CI bound on the unfavourable side meets it." : ""}`;
  return { kind: "table", title: `Sweep: ${output.scenario}`, columns, rows, note };
}

/** Every point with every metric's mean and CI bounds, as CSV. */
export function sweepCsv(output: SweepOutput): string {
  const header = [...output.vary.map((a) => a.path), ...METRIC_NAMES.flatMap((m) => [`${m}.mean`, `${m}.lower`, `${m}.upper`])];
  const rows = output.points.map((p) => [
    ...output.vary.map((a) => p.values[a.path] ?? null),
    ...METRIC_NAMES.flatMap((m) => {
      const e = p.metrics[m];
      return e === undefined ? [null, null, null] : [e.mean, e.lower, e.upper];
    }),
  ]);
  return toCsv(header, rows);
}

/** A chart per metric against the first varied parameter, one curve per combination of the others. */
function sweepCharts(output: SweepOutput, results: readonly ScenarioResult[], metrics: readonly MetricName[], slos: readonly CheckedSlo[]): NamedChart[] {
  const [xAxis, ...others] = output.vary;
  const axis = numericAxis(xAxis!.values);
  if (axis === null) return [];
  const curveKey = (i: number) => others.map((a) => `${a.path}=${output.points[i]!.values[a.path]}`).join(", ");
  const keys = [...new Set(output.points.map((_p, i) => curveKey(i)))];
  return metrics.map((metric) =>
    metricVsParameterChart({
      metric,
      x: axis.x,
      xTitle: axis.unitLabel ? `${xAxis!.path} (${axis.unitLabel})` : xAxis!.path,
      curves: keys.map((key) => ({
        name: key === "" ? metric : key,
        estimates: xAxis!.values.map((value) => {
          const i = output.points.findIndex((p, j) => p.values[xAxis!.path] === value && curveKey(j) === key);
          return i < 0 ? undefined : results[i]!.metrics[metric];
        }),
      })),
      slos,
      subtitle: `${output.scenario}, ${output.replications} replications per point`,
      name: `sweep-${metric.replace(/[^A-Za-z0-9]+/g, "-")}`,
    }),
  );
}
