/**
 * Paired predictions: the simulator's value of a metric on the very arrivals and clients a
 * measurement replayed.
 *
 * The load generator replays replication r's schedule (validate/loadgen/schedule.ts draws it with
 * the simulator's own pieces and stream names from RandomStreams(seed, r)), so the simulator's
 * replication r saw the same connection times and the same client behind each one. A measured
 * repeat is one realization; comparing it with the mean over other realizations mixes the model's
 * error with the realization's luck. In a 2 s window of the nginx ticket-rotation point, the share of
 * first-time clients alone moved the resumption rate 4.9 points between replication 0 (the one
 * measured) and the mean of five, while the simulator on replication 0 matched the measurement to
 * 0.1 point (docs/validation/README.md). So a point is compared with the simulator's replications
 * paired with its measured repeats, summarised as the repeats are (the median).
 */
import { median } from "simple-statistics";
import type { ReplicationResult, ScenarioResult } from "../models/run.js";
import { commonSeriesOf, metricValue, type MetricSpec } from "./metrics.js";

/** A metric's value in one simulated replication (null where the replication does not define it). */
export function replicationValue(spec: MetricSpec, rep: ReplicationResult): number | null {
  return metricValue(spec, rep.summary as unknown as Record<string, number | null>, commonSeriesOf(rep.series));
}

/** What the simulator predicts for a measured point, paired and unpaired. */
export interface PairedPrediction {
  /** Median over the paired replications' values (null if none defines it). */
  value: number | null;
  /** Smallest and largest paired value (null with fewer than two). */
  range: [number, number] | null;
  /** The value on all simulated replications together (summary: mean over them; window: on the averaged series): other realizations of the same load. */
  expected: number | null;
}

/**
 * The prediction of `spec` paired with the measured repeats that replayed `replications`.
 * @param predicted the simulator's result; its `perReplication` must hold every replication named.
 * @param replications the replications the usable measured repeats replayed (repeats may share one).
 * @throws RangeError if `replications` is empty or names a replication that was not simulated.
 */
export function pairedPrediction(spec: MetricSpec, predicted: ScenarioResult, replications: readonly number[]): PairedPrediction {
  if (replications.length === 0) throw new RangeError("replications: at least one measured replication is needed to pair with");
  const values: number[] = [];
  for (const r of replications) {
    const rep = predicted.perReplication.find((x) => x.replication === r);
    if (rep === undefined) throw new RangeError(`replications: replication ${r} was not simulated (simulated: ${predicted.perReplication.map((x) => x.replication).join(", ")})`);
    const v = replicationValue(spec, rep);
    if (v !== null) values.push(v);
  }
  const means: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(predicted.metrics)) means[k] = v.mean;
  return {
    value: values.length > 0 ? median(values) : null,
    range: values.length > 1 ? [Math.min(...values), Math.max(...values)] : null,
    expected: metricValue(spec, means, commonSeriesOf(predicted.series)),
  };
}
