/**
 * `shakedown scenarios` (the presets, one line each) and `shakedown schema` (the JSON Schema of
 * scenario files).
 */
import { Command } from "commander";
import { scenarioJsonSchemaText } from "../../models/scenario/jsonSchema.js";
import { isPresetName, presetNames, presetSummaries, presetText } from "../../models/scenarios/index.js";
import { UsageError } from "../errors.js";

/** The `scenarios` subcommand: lists the presets, or prints one preset's YAML with --show. */
export function scenariosCommand(): Command {
  return new Command("scenarios")
    .summary("list the preset scenarios")
    .description("List the preset scenarios with a one-line description each. A preset name can be used wherever a scenario file can.")
    .option("--show <name>", "print a preset's YAML (with its comments): a starting point for your own file")
    .option("--json", "print [{name, description}] as JSON")
    .action((flags: { show?: string; json?: boolean }) => {
      if (flags.show !== undefined) {
        if (!isPresetName(flags.show)) throw new UsageError(`--show: no preset named ${JSON.stringify(flags.show)}; presets: ${presetNames.join(", ")}`);
        process.stdout.write(presetText(flags.show));
        return;
      }
      const presets = presetSummaries();
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(presets, null, 2)}\n`);
        return;
      }
      const width = Math.max(...presets.map((p) => p.name.length));
      process.stdout.write(presets.map((p) => `${p.name.padEnd(width)}  ${p.description}`).join("\n") + "\n");
    });
}

/** The `schema` subcommand: prints the JSON Schema of scenario files. */
export function schemaCommand(): Command {
  return new Command("schema")
    .summary("print the JSON Schema of scenario files")
    .description("Print the JSON Schema (draft-07) of scenario files, for editors and validators.")
    .action(() => {
      process.stdout.write(scenarioJsonSchemaText());
    });
}
