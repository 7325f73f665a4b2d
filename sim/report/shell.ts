/**
 * Shell quoting for reproduce commands printed in reports and notebooks (one rule for both, so a
 * page and the CLI print the same command for the same view).
 */

const SAFE_ARG = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * One argument as a POSIX shell word: unchanged when it has only safe characters, else in single
 * quotes (a quote inside becomes '\''). The empty string becomes ''.
 */
export function shellQuote(arg: string): string {
  if (SAFE_ARG.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Arguments joined into one shell command line, each quoted as needed. */
export function shellJoin(args: readonly string[]): string {
  return args.map(shellQuote).join(" ");
}
