/**
 * The `shakedown` program: subcommands run, sweep, compare, plan, validate, scenarios and schema (commander),
 * and the mapping of errors to exit codes (errors.ts). No side effects at import: bin/shakedown.js
 * calls {@link main}.
 */
import { Command, CommanderError } from "commander";
import { compareCommand } from "./commands/compare.js";
import { planCommand } from "./commands/plan.js";
import { runCommand } from "./commands/run.js";
import { scenariosCommand, schemaCommand } from "./commands/scenarios.js";
import { sweepCommand } from "./commands/sweep.js";
import { validateCommand } from "./commands/validate.js";
import { errorText, EXIT, exitCodeOf } from "./errors.js";
import { packageVersion } from "./output/provenance.js";

/** The program with every subcommand, configured to throw instead of exiting (see {@link main}). */
export function buildProgram(argv: readonly string[]): Command {
  const program = new Command("shakedown")
    .description(
      "Deterministic discrete-event simulation of TLS handshake capacity: worker pools, listen backlogs, session caches and tickets, timeouts, retries and admission control. Same scenario, seed and version: byte-identical results.",
    )
    .version(packageVersion(), "-V, --version", "print the shakedown version")
    .option("--debug", "on an internal error, print its stack trace")
    .showHelpAfterError("(add --help for usage)")
    .configureOutput({ outputError: (text, write) => write(`shakedown: ${text.replace(/^error: /, "")}`) })
    .exitOverride();
  program.addHelpText(
    "after",
    "\nExit codes: 0 success, 1 internal failure, 2 bad usage or invalid scenario.\n\nStart with:\n  shakedown scenarios\n  shakedown run lb-handshake-storm --out out",
  );
  for (const command of [runCommand(argv), sweepCommand(argv), compareCommand(argv), planCommand(argv), validateCommand(), scenariosCommand(), schemaCommand()]) {
    command.copyInheritedSettings(program);
    program.addCommand(command);
  }
  return program;
}

/**
 * Runs the program on `argv` (process.argv: node, script, arguments…) and returns the exit code:
 * 0 on success (and for --help, --version), 2 for bad usage or an invalid scenario, 1 for an
 * internal failure. Errors are printed on stderr: one paragraph, the stack only with --debug.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram(argv);
  try {
    await program.parseAsync([...argv]);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const debug = argv.includes("--debug");
    process.stderr.write(`${errorText(error, { debug })}\n`);
    return exitCodeOf(error);
  }
}
