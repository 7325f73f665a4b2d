/**
 * The summary of a run as a table (for the terminal and the reports): each metric's mean, its
 * confidence interval and, where the scenario or the command states SLOs, the verdict.
 */
import type { ScenarioResult } from "../../models/run.js";
import type { Estimate } from "../../sim/experiment/confidence.js";
import type { ReportCell, TableSection } from "../../sim/report/reportDoc.js";
import { formatNumber } from "../../sim/report/format.js";
import type { ValueUnit } from "../../sim/charts/units.js";
import { METRIC_NAMES, METRICS, unitOf } from "../metrics.js";
import type { SloVerdict } from "../slo.js";

/** "95%" for 0.95. */
export function levelText(level: number): string {
  return `${formatNumber(level * 100)}%`;
}

/** The interval "lower – upper" in the metric's unit, or "—" when there is none (n = 1). */
export function ciText(estimate: Estimate | undefined, unit: ValueUnit): string {
  if (estimate === undefined || estimate.n < 2) return "—";
  return `${formatNumber(estimate.lower, unit)} – ${formatNumber(estimate.upper, unit)}`;
}

/** "mean ± halfWidth" in the metric's unit ("—" when missing; no ± with n = 1). */
export function meanPlusMinus(estimate: Estimate | undefined, unit: ValueUnit): string {
  if (estimate === undefined) return "—";
  if (estimate.n < 2) return formatNumber(estimate.mean, unit);
  return `${formatNumber(estimate.mean, unit)} ± ${formatNumber(estimate.halfWidth, unit)}`;
}

/** One SLO verdict as a cell: `"met: p99 < 100 ms (upper 42 ms)"` or `"NOT met: …"`, or "no data". */
export function verdictText(v: SloVerdict): string {
  const unit = unitOf(v.metric);
  const word = v.met ? "met" : "NOT met";
  const bound = v.value === null ? "no data" : `${v.compared} ${formatNumber(v.value, unit)}`;
  return `${word}: ${v.op} ${formatNumber(v.threshold, unit)} (${bound})`;
}

/**
 * The summary table of a run: one row per summary metric in table order (missing values as "—"),
 * columns metric, mean, CI, [SLO when any], meaning.
 */
export function summaryTable(result: ScenarioResult, sloVerdicts: readonly SloVerdict[]): TableSection {
  const level = levelText(result.confidenceLevel);
  const withSlo = sloVerdicts.length > 0;
  const columns = ["metric", "mean", `${level} CI`, ...(withSlo ? ["SLO"] : []), "meaning"];
  const rows: ReportCell[][] = METRIC_NAMES.map((name) => {
    const estimate = result.metrics[name];
    const unit = METRICS[name].unit;
    const slo = sloVerdicts.filter((v) => v.metric === name).map(verdictText).join("; ");
    return [name, estimate === undefined ? null : formatNumber(estimate.mean, unit), ciText(estimate, unit), ...(withSlo ? [slo] : []), METRICS[name].label];
  });
  const measured = formatNumber(result.measuredSec, "s");
  const note =
    `${result.replications} replication${result.replications === 1 ? "" : "s"} of ${measured} measured each (after warm-up), seed ${result.seed}; ` +
    (result.replications > 1 ? `${level} Student-t confidence intervals of the mean over replications.` : "one replication: no confidence interval.") +
    (withSlo ? " An SLO is met only if the CI bound on the unfavourable side meets it (the upper bound for <, the lower for >)." : "") +
    " Counts are totals per replication over the measured time.";
  return { kind: "table", title: `Summary: ${result.scenario}`, columns, rows, note, align: columns.map((c) => (c === "mean" || c.endsWith("CI") ? "right" : "left")) };
}
