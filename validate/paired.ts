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
 *
 * Only the generator's streams are shared (GENERATOR_STREAMS). The rest of a replication's luck
 * (which worker the kernel wakes, each handshake's drawn CPU) is the model's alone, and pairing it
 * with a measurement adds noise, not information: nginx's per-worker cache with 2 workers resumed
 * 47.5 % in replication 0 against 49.4 % over five replications, and 48.0-51.6 % in eight measured
 * runs of that replication; the 3-point rule missed it in four. So each paired replication is
 * averaged over {@link PAIRED_VARIANTS} variants that keep the generator's draws and redraw the
 * others (sim/random.ts StreamVariant): the model's expectation given what the measurement shared.
 */
import { median } from "simple-statistics";
import { runReplication, type ReplicationResult, type ScenarioResult } from "../models/run.js";
import type { Scenario } from "../models/scenario/types.js";
import { GENERATOR_STREAMS } from "./loadgen/schedule.js";
import { commonSeriesOf, metricValue, type MetricSpec } from "./metrics.js";

/** Variants a paired replication is averaged over, itself included (the spread of a mean of 8 is a third of one's). */
export const PAIRED_VARIANTS = 8;

/**
 * Variants 1 … count − 1 of each distinct replication in `replications`, keeping the generator's
 * streams (variant 0 is the replication itself, already in the scenario's result).
 * @returns replication → its variants' results, in variant order.
 * @throws RangeError unless count is an integer >= 1; InvariantError from the model (conservation).
 */
export function simulateVariants(scenario: Scenario, replications: readonly number[], count = PAIRED_VARIANTS): Map<number, ReplicationResult[]> {
  if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`count: must be an integer >= 1 (got ${count})`);
  const out = new Map<number, ReplicationResult[]>();
  for (const r of new Set(replications)) {
    const list: ReplicationResult[] = [];
    for (let v = 1; v < count; v++) list.push(runReplication(scenario, r, { index: v, keep: GENERATOR_STREAMS }));
    out.set(r, list);
  }
  return out;
}

/**
 * Paired replications each simulated on a scenario of its own (a measured repeat's own inputs, such
 * as its speed trace): replication r of `scenarioOf(r)` and its count − 1 variants keeping the
 * generator's streams.
 * @returns `perReplication`: each distinct replication's own run (variant 0), in first-seen order, to
 *   stand in for a ScenarioResult's in {@link pairedPrediction}; `variants`: each one's further variants.
 * @throws as {@link simulateVariants}.
 */
export function simulateOwnScenarios(scenarioOf: (replication: number) => Scenario, replications: readonly number[], count = PAIRED_VARIANTS): { perReplication: ReplicationResult[]; variants: Map<number, ReplicationResult[]> } {
  const perReplication: ReplicationResult[] = [];
  const variants = new Map<number, ReplicationResult[]>();
  for (const r of new Set(replications)) {
    const scenario = scenarioOf(r);
    perReplication.push(runReplication(scenario, r));
    variants.set(r, simulateVariants(scenario, [r], count).get(r)!);
  }
  return { perReplication, variants };
}

/** A metric's value in one simulated replication (null where the replication does not define it). */
export function replicationValue(spec: MetricSpec, rep: ReplicationResult): number | null {
  return metricValue(spec, rep.summary as unknown as Record<string, number | null>, commonSeriesOf(rep.series));
}

/** What the simulator predicts for a measured point, paired and unpaired. */
export interface PairedPrediction {
  /** Median over the paired replications' values, each the mean over its variants (null if none defines it). */
  value: number | null;
  /** Smallest and largest paired value (null with fewer than two). */
  range: [number, number] | null;
  /** The value on all simulated replications together (summary: mean over them; window: on the averaged series): other realizations of the same load. */
  expected: number | null;
  /** Each named replication's paired value, in the order of the `replications` given (null where it is undefined). */
  byReplication: (number | null)[];
  /**
   * Over the named replications and their variants together: how many realizations define the
   * value, of how many (for a storm's recovery, how many recovered at all).
   */
  defined: { count: number; of: number };
}

/**
 * The prediction of `spec` paired with the measured repeats that replayed `replications`.
 * @param predicted the simulator's result; its `perReplication` must hold every replication named.
 * @param replications the replications the usable measured repeats replayed (repeats may share one).
 * @param variants each replication's further variants ({@link simulateVariants}); a replication's
 *   value is the mean over itself and them where at least half define it, else undefined (absent:
 *   the replication alone).
 * @throws RangeError if `replications` is empty or names a replication that was not simulated.
 */
export function pairedPrediction(spec: MetricSpec, predicted: ScenarioResult, replications: readonly number[], variants?: ReadonlyMap<number, readonly ReplicationResult[]>): PairedPrediction {
  if (replications.length === 0) throw new RangeError("replications: at least one measured replication is needed to pair with");
  const byReplication: (number | null)[] = [];
  const defined = { count: 0, of: 0 };
  for (const r of replications) {
    const rep = predicted.perReplication.find((x) => x.replication === r);
    if (rep === undefined) throw new RangeError(`replications: replication ${r} was not simulated (simulated: ${predicted.perReplication.map((x) => x.replication).join(", ")})`);
    const all = [rep, ...(variants?.get(r) ?? [])].map((x) => replicationValue(spec, x));
    const each = all.filter((v): v is number => v !== null);
    defined.count += each.length;
    defined.of += all.length;
    // Undefined in most variants (a storm that never recovers): undefined here too.
    byReplication.push(each.length > 0 && 2 * each.length >= all.length ? each.reduce((a, b) => a + b, 0) / each.length : null);
  }
  const values = byReplication.filter((v): v is number => v !== null);
  const means: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(predicted.metrics)) means[k] = v.mean;
  return {
    value: values.length > 0 ? median(values) : null,
    range: values.length > 1 ? [Math.min(...values), Math.max(...values)] : null,
    expected: metricValue(spec, means, commonSeriesOf(predicted.series)),
    byReplication,
    defined,
  };
}
