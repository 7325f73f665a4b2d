/**
 * Independent replications, warm-up deletion, and their summary with confidence intervals.
 *
 * A replication is a pure function of (scenario, seed, replication index): its random streams are
 * derived from that triple (see sim/random.ts), so replications are independent of each other and
 * of the order they run in; results are combined in index order, never in completion order.
 */
import type { Engine } from "../engine.js";
import { requireParam } from "../errors.js";
import type { StatsScope, StatsSnapshot } from "../stats/scope.js";
import { confidenceInterval, type Estimate } from "./confidence.js";

/**
 * Runs `runOne(replication)` for replication = 0 .. replications-1, in order, and returns the results.
 * @throws RangeError if replications is not an integer >= 1.
 */
export function runReplications<R>(replications: number, runOne: (replication: number) => R): R[] {
  requireParam(Number.isInteger(replications) && replications >= 1, "replications", "an integer >= 1", replications);
  const out: R[] = [];
  for (let r = 0; r < replications; r++) out.push(runOne(r));
  return out;
}

/**
 * Runs the engine to `warmupSec`, resets every statistic of `stats` (warm-up deletion: what
 * happened before is not in the totals; per-window series keep it), then runs to `untilSec`.
 * @throws RangeError unless 0 <= warmupSec <= untilSec.
 */
export function runWithWarmup(engine: Engine, stats: StatsScope, options: { warmupSec: number; untilSec: number }): void {
  const { warmupSec, untilSec } = options;
  requireParam(warmupSec >= 0 && warmupSec <= untilSec, "run.warmupSec", `in [0, untilSec=${untilSec}]`, warmupSec);
  if (warmupSec > 0) {
    engine.run(warmupSec);
    stats.reset();
  }
  engine.run(untilSec);
}

/**
 * Flattens a stats snapshot into scalar metrics: `<counter>.total`, `<gauge>.mean` and `.max`,
 * `<histogram>.count/.mean/.p50/.p90/.p99/.p999/.max`. Null values (nothing observed) are left out.
 */
export function scalarsOf(snapshot: StatsSnapshot): Record<string, number> {
  const out: Record<string, number> = {};
  const put = (k: string, v: number | null | undefined) => {
    if (v !== null && v !== undefined) out[k] = v;
  };
  for (const [name, c] of Object.entries(snapshot.counters)) put(`${name}.total`, c.total);
  for (const [name, g] of Object.entries(snapshot.gauges)) {
    put(`${name}.mean`, g.mean);
    put(`${name}.max`, g.max);
  }
  for (const [name, h] of Object.entries(snapshot.histograms)) {
    const s = "total" in h ? h.total : h;
    put(`${name}.count`, s.count);
    put(`${name}.mean`, s.mean);
    put(`${name}.p50`, s.p50);
    put(`${name}.p90`, s.p90);
    put(`${name}.p99`, s.p99);
    put(`${name}.p999`, s.p999);
    put(`${name}.max`, s.max);
  }
  return out;
}

/**
 * Mean and Student-t CI of each metric across replications. A metric missing from some
 * replications is summarised over those that have it (its `n` says how many).
 * Keys of the result are sorted.
 */
export function summarizeReplications(rows: readonly Record<string, number>[], level = 0.95): Record<string, Estimate> {
  requireParam(rows.length > 0, "summarizeReplications.rows", "non-empty", rows.length);
  const keys = new Set<string>();
  for (const row of rows) for (const k of Object.keys(row)) keys.add(k);
  const out: Record<string, Estimate> = {};
  for (const k of [...keys].sort()) {
    const values: number[] = [];
    for (const row of rows) if (row[k] !== undefined) values.push(row[k]);
    out[k] = confidenceInterval(values, level);
  }
  return out;
}
