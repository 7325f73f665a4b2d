/**
 * Errors of the command line and their exit codes:
 *   0  success
 *   1  an internal failure (a bug, a broken invariant, a failed write): one line, the stack with --debug
 *   2  bad usage (unknown flag, bad flag value, unknown preset or file) or an invalid scenario
 * A usage or scenario error prints its message (one line per problem, each naming the flag or the
 * scenario path), never a stack.
 */
import { ScenarioError } from "../models/scenario/issues.js";

/** Exit codes of `shakedown`. */
export const EXIT = { ok: 0, internal: 1, usage: 2 } as const;

/** A mistake in the command line: exit code 2, message shown as is. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The exit code for an error thrown by a command: 2 for UsageError and ScenarioError, 1 otherwise. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof ScenarioError) return EXIT.usage;
  return EXIT.internal;
}

/**
 * The text to print for an error, prefixed "shakedown: ". Usage and scenario errors: their message.
 * Others: one line, "internal error: <name>: <first line of message>" with a hint to rerun with
 * --debug, or that line and the stack when `debug`.
 */
export function errorText(error: unknown, options: { debug: boolean }): string {
  if (error instanceof UsageError) return `shakedown: ${error.message}`;
  if (error instanceof ScenarioError) return `shakedown: invalid scenario:\n${indent(error.message)}`;
  const err = error instanceof Error ? error : new Error(String(error));
  const firstLine = `shakedown: internal error: ${err.name}: ${err.message.split("\n")[0]}`;
  if (options.debug) return `${firstLine}\n${err.stack ?? ""}`;
  return `${firstLine} (rerun with --debug for the stack trace)`;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}
