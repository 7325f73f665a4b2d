/**
 * Provenance of results and reports: the shakedown version, the git commit of the package
 * directory when it is a git checkout, the command line as typed, and the command that
 * reproduces a result (exactly the options that produced it, spelled canonically).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { shellJoin, shellQuote } from "../../sim/report/shell.js";
export { shellJoin, shellQuote };

/** Version and commit of the running shakedown. `commit` is null outside a git checkout (or without git). */
export interface ToolVersion {
  version: string;
  commit: string | null;
}

const PACKAGE_DIR = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The version in package.json and the commit from `git rev-parse HEAD` run in the package
 * directory (null if that fails: not a checkout, or git not installed).
 */
export function toolVersion(): ToolVersion {
  const version = packageVersion();
  let commit: string | null = null;
  try {
    const out = execFileSync("git", ["rev-parse", "HEAD"], { cwd: PACKAGE_DIR, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5_000 });
    commit = /^[0-9a-f]{40}$/.test(out.trim()) ? out.trim() : null;
  } catch {
    commit = null;
  }
  return { version, commit };
}

/** "shakedown 0.1.0 (abc1234)" or "shakedown 0.1.0" without a commit. */
export function generatedBy(tool: ToolVersion): string {
  return tool.commit === null ? `shakedown ${tool.version}` : `shakedown ${tool.version} (${tool.commit.slice(0, 7)})`;
}


/**
 * The command that reproduces a result: `npx shakedown <words…>` with each word quoted as needed.
 * `words` are the subcommand, the scenario reference and the options, e.g.
 * ["run", "lb-handshake-storm", "--seed", "1", "--replications", "3"].
 */
export function reproduceCommand(words: readonly string[]): string {
  return `npx shakedown ${shellJoin(words)}`;
}

/** `--set` words for each override: ["--set", "a=1", "--set", "b=2"]. */
export function setWords(flag: string, overrides: readonly string[]): string[] {
  return overrides.flatMap((o) => [flag, o]);
}

/** The version in package.json (without asking git). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: unknown };
  return typeof pkg.version === "string" ? pkg.version : "unknown";
}
