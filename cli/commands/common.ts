/**
 * What the experiment commands share: the scenario flags on a commander command, running batches
 * of replications on the pool with a progress bar, SLOs from the scenario and the command line,
 * and the reproduce words of the scenario flags.
 */
import type { Command } from "commander";
import type { ReplicationResult } from "../../models/run.js";
import type { Scenario } from "../../models/scenario/types.js";
import { createProgress } from "../output/progress.js";
import { setWords } from "../output/provenance.js";
import { defaultWorkers, type ReplicationPool } from "../pool.js";
import { collect, parseDurationFlag, parseReplicationsFlag, parseSeedFlag, parseWorkersFlag, type ScenarioFlags } from "../resolveScenario.js";
import { checkScenarioSlo, parseSloFlag, type CheckedSlo } from "../slo.js";

/** Flags of every experiment command (commander's parsed options). */
export interface ExperimentFlags extends ScenarioFlags {
  workers?: number;
  out?: string;
  json?: boolean;
  slo: string[];
}

/** Adds --set, --seed, --replications, --duration, --workers, --out and --json to `command`. */
export function addExperimentOptions(command: Command, options: { setFlag?: boolean } = {}): Command {
  if (options.setFlag ?? true) {
    command.option("--set <path=value>", "override a scenario field before validation, e.g. fleet.workers=8 or clients.timeout=2s (repeatable)", collect, []);
  }
  return command
    .option("--seed <n>", "seed of the random streams (sugar for --set run.seed=N)", parseSeedFlag)
    .option("--replications <r>", "independent replications (sugar for --set run.replications=R)", parseReplicationsFlag)
    .option("--duration <time>", "simulated time per replication, e.g. 60s (sugar for --set run.duration=…)", parseDurationFlag)
    .option("--workers <n>", `worker threads (default: all cores, ${defaultWorkers()} here); results are identical for any N`, parseWorkersFlag)
    .option("--out <dir>", "write result.json, CSV, charts (vega-lite JSON, SVG, PNG), report.html and report.md into DIR")
    .option("--json", "print the result as JSON on stdout instead of tables");
}

/** The options that reproduce the scenario flags: the --set flags, then --duration if given (seed and replications are written by the caller, from the scenario). */
export function scenarioFlagWords(flags: ScenarioFlags): string[] {
  return [...setWords("--set", flags.set), ...(flags.duration !== undefined ? ["--duration", flags.duration] : [])];
}

/**
 * The SLOs of a command: the scenario's own (`slos:` in the file) followed by each `--slo` flag.
 * @throws UsageError for a malformed SLO or an unknown metric.
 */
export function collectSlos(scenario: Scenario, sloFlags: readonly string[]): CheckedSlo[] {
  return [...scenario.slos.map(checkScenarioSlo), ...sloFlags.map(parseSloFlag)];
}

/**
 * Runs every replication of every scenario (scenario i gets its own `run.replications`) on the
 * pool, with a progress bar labelled `label`, and returns the results grouped per scenario, each
 * group in replication order.
 */
export async function runBatch(pool: ReplicationPool, scenarios: readonly Scenario[], label: string): Promise<ReplicationResult[][]> {
  const requests = scenarios.flatMap((scenario) => Array.from({ length: scenario.run.replications }, (_, replication) => ({ scenario, replication })));
  const progress = createProgress(label, requests.length);
  try {
    const flat = await pool.run(requests, () => progress.tick());
    const groups: ReplicationResult[][] = [];
    let at = 0;
    for (const scenario of scenarios) {
      groups.push(flat.slice(at, at + scenario.run.replications));
      at += scenario.run.replications;
    }
    return groups;
  } finally {
    progress.stop();
  }
}
