/**
 * `shakedown validate`: real TLS servers (Node's node:tls, nginx) on this machine, driven by an
 * open-loop load generator, calibrated, and compared with the simulator point by point. The work
 * is in validate/ (runner.ts); this file parses the flags and prints or writes the result.
 */
import { Command, Option } from "commander";
import { ScenarioError } from "../../models/scenario/issues.js";
import { stableStringify } from "../../sim/experiment/stableJson.js";
import type { ServerName } from "../../validate/experiments.js";
import { toleranceTallies } from "../../validate/report.js";
import type { ValidationResult } from "../../validate/result.js";
import { runValidation } from "../../validate/runner.js";
import { MeasurementBusyError } from "../../validate/procs/measurementLock.js";
import { ServerStartError } from "../../validate/servers/realServer.js";
import { UnsupportedScenarioError } from "../../validate/servers/serverSpec.js";
import { writeValidation } from "../../validate/writeReport.js";
import { UsageError } from "../errors.js";
import { generatedBy, reproduceCommand, toolVersion } from "../output/provenance.js";
import { prepareOutDir } from "../output/write.js";

interface ValidateFlags {
  server: "node" | "nginx" | "all";
  quick?: boolean;
  out?: string;
  json?: boolean;
  experiments?: string;
}

/** The `validate` subcommand. */
export function validateCommand(): Command {
  return new Command("validate")
    .summary("measure real TLS servers and compare them with the simulator")
    .description(
      "Start real TLS servers on 127.0.0.1 (Node's node:tls, and nginx if installed), drive them with an open-loop load generator pinned to its own CPU, calibrate the simulator's handshake costs from what they use, run the simulator on the same scenarios (validate/experiments/*.yaml), and report predicted against measured, point by point, with the seed articles' claims settled by measurement. Points where the generator, not the server, may be the bottleneck are marked invalid. Needs a quiet machine: other processes' CPU is measured and reported.",
    )
    .addOption(new Option("--server <which>", "which servers to run").choices(["node", "nginx", "all"]).default("all"))
    .option("--quick", "a subset that finishes in under 3 minutes (CI); its numbers are not the full run's tolerances")
    .option("--out <dir>", "write validation.json, calibration.json, charts, report.html and report.md into DIR")
    .option("--json", "print the result (points, verdicts, calibration, hygiene) as JSON on stdout; progress goes to stderr")
    .option("--experiments <dir>", "directory of the experiment scenario files (default: validate/experiments)")
    .addHelpText("after", "\nExamples:\n  shakedown validate --quick --json\n  shakedown validate --server node --out out/validation\n  shakedown validate --out docs/validation   # the full run (about 20-40 minutes)")
    .action(async (flags: ValidateFlags) => {
      if (flags.out !== undefined) prepareOutDir(flags.out);
      const servers: ServerName[] = flags.server === "all" ? ["node", "nginx"] : [flags.server];
      let result: ValidationResult;
      try {
        result = await runValidation({
          servers,
          quick: flags.quick ?? false,
          ...(flags.experiments !== undefined ? { experimentsDir: flags.experiments } : {}),
          log: (line) => process.stderr.write(`${line}\n`),
        });
      } catch (error) {
        if (error instanceof UnsupportedScenarioError) throw new UsageError(`an experiment cannot run on a real server: ${error.message}`);
        if (error instanceof ServerStartError && /not installed/.test(error.message)) throw new UsageError(`--server ${flags.server}: ${error.message}`);
        if (error instanceof MeasurementBusyError) throw new UsageError(error.message);
        if (error instanceof ScenarioError) throw error;
        throw error;
      }
      const words = ["validate", "--server", flags.server, ...(flags.quick ? ["--quick"] : []), ...(flags.experiments !== undefined ? ["--experiments", flags.experiments] : []), ...(flags.out !== undefined ? ["--out", flags.out] : [])];
      if (flags.json) process.stdout.write(`${stableStringify(compact(result))}\n`);
      else process.stdout.write(summaryText(result));
      if (flags.out !== undefined) {
        const tool = toolVersion();
        const written = await writeValidation(flags.out, result, { reproduceCommand: reproduceCommand(words), generatedBy: generatedBy(tool) });
        (flags.json ? process.stderr : process.stdout).write(`wrote ${written.length} files to ${flags.out} (open ${flags.out}/report.html)\n`);
      }
    });
}

/** The result without per-window series and raw calibration samples (they are in validation.json). */
function compact(result: ValidationResult): object {
  return {
    ...result,
    calibration: result.calibration.map(({ samples: _samples, ...rest }) => rest),
    runs: result.runs.map(({ measuredSeries: _m, predictedSeries: _p, ...rest }) => rest),
  };
}

function summaryText(result: ValidationResult): string {
  const lines: string[] = [];
  lines.push(`validated ${result.servers.join(" and ")} in ${result.wallSec.toFixed(0)} s (${result.quick ? "quick" : "full"}); other processes used ${result.foreignCores.mean.toFixed(2)} cores on average`);
  for (const s of result.skipped) lines.push(`skipped: ${s}`);
  for (const c of result.calibration) lines.push(`calibration ${c.key}: capacity ${c.capacityPerSec.toFixed(0)}/s`);
  for (const t of toleranceTallies(result.points)) lines.push(`${t.rule}: ${t.held} of ${t.checked} valid points held${t.missedInsideRange > 0 ? `; ${t.missedInsideRange} of the ${t.checked - t.held} misses inside the measured repeats' range` : ""}${t.invalid > 0 ? ` (${t.invalid} invalid left out)` : ""}`);
  for (const v of result.verdicts) lines.push(`seed ${v.seed}: ${v.verdict}: ${v.claim}`);
  const invalid = result.runs.filter((r) => !r.valid).length;
  lines.push(`${result.points.length} compared values over ${result.runs.length} measured points (${invalid} invalid)`);
  return `${lines.join("\n")}\n`;
}
