/**
 * Service-level objectives on the command line: `--slo "p99<100ms"`, short aliases, and verdicts
 * with confidence.
 *
 * A verdict uses the confidence interval's bound on the unfavourable side: an SLO "m < x" is met
 * when the upper bound of m's CI is below x, "m > x" when the lower bound is above x. So "met"
 * means met with (one-sided) confidence, not just on average; with one replication there is no
 * interval and the mean is used.
 */
import { parseSlo } from "../models/scenario/slo.js";
import type { Slo } from "../models/scenario/types.js";
import type { Estimate } from "../sim/experiment/confidence.js";
import { UsageError } from "./errors.js";
import { isMetricName, METRIC_NAMES, type MetricName } from "./metrics.js";

/** Short metric names accepted in SLOs, and the summary metric each stands for. */
export const SLO_ALIASES: Readonly<Record<string, MetricName>> = {
  p50: "handshakeLatencyS.p50",
  p90: "handshakeLatencyS.p90",
  p99: "handshakeLatencyS.p99",
  p999: "handshakeLatencyS.p999",
  latency: "handshakeLatencyS.mean",
  goodput: "goodputPerS",
  resumption: "resumptionRate",
  utilization: "workerUtilization",
};

/** An SLO on a known summary metric, with the text it came from. */
export interface CheckedSlo extends Slo {
  metric: MetricName;
  /** As typed (or as written in the scenario), for tables. */
  text: string;
}

/**
 * The summary metric an SLO's metric name stands for: itself if it is one, an alias
 * ({@link SLO_ALIASES}), or — for "failures" with a percentage ("failures<0.1%") — failureRate.
 * @throws UsageError naming the metric and listing the accepted names.
 */
export function resolveSloMetric(metric: string, valueIsPercent: boolean): MetricName {
  if (metric === "failures" && valueIsPercent) return "failureRate";
  if (isMetricName(metric)) return metric;
  const alias = SLO_ALIASES[metric];
  if (alias !== undefined) return alias;
  throw new UsageError(
    `SLO metric ${JSON.stringify(metric)} is not a summary metric; use one of ${METRIC_NAMES.join(", ")}, or an alias: ${Object.keys(SLO_ALIASES).join(", ")}`,
  );
}

/**
 * Parses an SLO string (`"p99<100ms"`, `"failures < 0.1%"`, `"goodputPerS >= 900/s"`).
 * @throws UsageError naming the SLO, from parseSlo's message or an unknown metric.
 */
export function parseSloFlag(text: string): CheckedSlo {
  let slo: Slo;
  try {
    slo = parseSlo(text);
  } catch (error) {
    throw new UsageError(`--slo ${JSON.stringify(text)}: ${(error as Error).message}`);
  }
  const valueIsPercent = /%\s*$/.test(text);
  return { ...slo, metric: resolveSloMetric(slo.metric, valueIsPercent), text: text.trim() };
}

/** A scenario's SLO (already parsed) checked the same way, with its text rebuilt for tables. @throws UsageError for an unknown metric. */
export function checkScenarioSlo(slo: Slo): CheckedSlo {
  return { ...slo, metric: resolveSloMetric(slo.metric, false), text: `${slo.metric} ${slo.op} ${slo.value}` };
}

/** The verdict on one SLO. `value` is the CI bound compared (null when the metric has no value: no verdict is "not met"). */
export interface SloVerdict {
  slo: string;
  metric: MetricName;
  op: Slo["op"];
  threshold: number;
  /** Which statistic was compared: the upper or lower CI bound, or the mean with one replication. */
  compared: "upper" | "lower" | "mean";
  value: number | null;
  met: boolean;
}

/** Is "value op threshold" true? */
export function holds(value: number, op: Slo["op"], threshold: number): boolean {
  switch (op) {
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
  }
}

/**
 * The verdict on `slo` from a metric's estimate: the unfavourable CI bound (upper for < and <=,
 * lower for > and >=; the mean when n = 1) compared with the threshold. A missing estimate (the
 * metric had no value in any replication, e.g. no handshake completed) is not met.
 */
export function verdict(slo: CheckedSlo, estimate: Estimate | undefined): SloVerdict {
  const upperSide = slo.op === "<" || slo.op === "<=";
  const compared = estimate !== undefined && estimate.n < 2 ? "mean" : upperSide ? "upper" : "lower";
  const value = estimate === undefined ? null : compared === "mean" ? estimate.mean : upperSide ? estimate.upper : estimate.lower;
  return { slo: slo.text, metric: slo.metric, op: slo.op, threshold: slo.value, compared, value, met: value !== null && holds(value, slo.op, slo.value) };
}

/** Verdicts on every SLO from a result's metrics. */
export function verdicts(slos: readonly CheckedSlo[], metrics: Readonly<Record<string, Estimate>>): SloVerdict[] {
  return slos.map((slo) => verdict(slo, metrics[slo.metric]));
}
