/**
 * What a notebook view runs, and the `shakedown` command that reproduces it.
 *
 * A view is one or more {@link RunSpec}s: a preset, `--set` overrides and the run flags. The
 * browser's worker applies {@link runOverrides} to the preset's YAML text, which is exactly the
 * list the CLI builds from the same flags (cli/resolveScenario.ts `flagOverrides`: the `--set`
 * values in order, then run.duration, run.seed, run.replications), so the page and
 * `npx shakedown run …` validate and simulate the same scenario. Shell quoting follows
 * cli/output/provenance.ts (`shellQuote`), so a copied command pastes into a POSIX shell unchanged.
 * Pure and browser-safe: no node: imports, no DOM.
 */
import { requireParam } from "../sim/errors.js";
import { shellJoin, shellQuote } from "../sim/report/shell.js";
export { shellJoin, shellQuote };

/** One simulation a view runs: what `npx shakedown run <preset> …` would run. */
export interface RunSpec {
  /** A short label for the page ("immediate retries", "shared store"). */
  label: string;
  /** The preset name, e.g. "lb-handshake-storm" (the page loads its YAML file). */
  preset: string;
  /** `path=value` overrides, in order, as given to `--set` (values are YAML: `8`, `200ms`, `{a: 1}`). */
  sets: readonly string[];
  /** `--duration` value with its unit ("40s"), or undefined to keep the scenario's run.duration. */
  duration?: string;
  /** `--seed`: an integer >= 0. */
  seed: number;
  /** `--replications`: an integer >= 1. */
  replications: number;
}

/** A sweep: one varied path over values, the rest as in a {@link RunSpec} (what `shakedown sweep` runs). */
export interface SweepSpec extends RunSpec {
  vary: { path: string; values: readonly string[] };
}


/**
 * Checks a run spec's fields.
 * @throws RangeError naming the field (`run.seed`, `run.sets[2]`, …) and what is allowed.
 */
export function checkRunSpec(spec: RunSpec, path = "run"): void {
  requireParam(typeof spec.preset === "string" && /^[a-z0-9-]+$/.test(spec.preset), `${path}.preset`, "a preset name (lower-case letters, digits, -)", spec.preset);
  requireParam(Number.isSafeInteger(spec.seed) && spec.seed >= 0, `${path}.seed`, "an integer >= 0", spec.seed);
  requireParam(Number.isSafeInteger(spec.replications) && spec.replications >= 1, `${path}.replications`, "an integer >= 1", spec.replications);
  requireParam(spec.duration === undefined || /^\d+(\.\d+)?(us|ms|s|m|h)$/.test(spec.duration), `${path}.duration`, 'a duration with a unit, e.g. "40s"', spec.duration);
  spec.sets.forEach((set, i) => {
    requireParam(typeof set === "string" && set.indexOf("=") > 0, `${path}.sets[${i}]`, "path=value", set);
  });
}

/**
 * The overrides the CLI applies for this spec, in its order: each `--set`, then
 * `run.duration=<d>` (if given), `run.seed=<n>`, `run.replications=<r>`.
 * @throws RangeError as {@link checkRunSpec}.
 */
export function runOverrides(spec: RunSpec): string[] {
  checkRunSpec(spec);
  const out = [...spec.sets];
  if (spec.duration !== undefined) out.push(`run.duration=${spec.duration}`);
  out.push(`run.seed=${spec.seed}`, `run.replications=${spec.replications}`);
  return out;
}

function flagWords(spec: RunSpec): string[] {
  const words: string[] = [];
  for (const set of spec.sets) words.push("--set", set);
  if (spec.duration !== undefined) words.push("--duration", spec.duration);
  words.push("--seed", String(spec.seed), "--replications", String(spec.replications));
  return words;
}

/**
 * `npx shakedown run <preset> --set … [--duration …] --seed N --replications R --json`: the
 * command whose JSON is the result this spec gives in the page.
 * @throws RangeError as {@link checkRunSpec}.
 */
export function runCommand(spec: RunSpec): string {
  checkRunSpec(spec);
  return `npx shakedown ${shellJoin(["run", spec.preset, ...flagWords(spec), "--json"])}`;
}

/**
 * `npx shakedown sweep <preset> --vary path=v1,v2,… --set … --seed N --replications R --json`.
 * Each point of the sweep is the run of the spec with `--set path=value` appended.
 * @throws RangeError as {@link checkRunSpec}, or for an empty vary list or a value with a comma.
 */
export function sweepCommand(spec: SweepSpec): string {
  checkRunSpec(spec);
  requireParam(/^[A-Za-z0-9_.[\]]+$/.test(spec.vary.path), "sweep.vary.path", "a dotted path", spec.vary.path);
  requireParam(spec.vary.values.length > 0, "sweep.vary.values", "a non-empty list", spec.vary.values);
  spec.vary.values.forEach((v, i) => requireParam(v !== "" && !v.includes(","), `sweep.vary.values[${i}]`, "a value without commas", v));
  const vary = `${spec.vary.path}=${spec.vary.values.join(",")}`;
  return `npx shakedown ${shellJoin(["sweep", spec.preset, "--vary", vary, ...flagWords(spec), "--json"])}`;
}

/** The run specs of a sweep's points, in order: the spec with `path=value` appended to its sets, labelled by the value. */
export function sweepPoints(spec: SweepSpec): RunSpec[] {
  return spec.vary.values.map((value) => ({
    label: value,
    preset: spec.preset,
    sets: [...spec.sets, `${spec.vary.path}=${value}`],
    duration: spec.duration,
    seed: spec.seed,
    replications: spec.replications,
  }));
}

/**
 * A duration in seconds as a scenario duration string: whole seconds as "30s", anything else in
 * whole milliseconds ("250ms", "1500ms").
 * @throws RangeError if sec is negative, not finite, or not a whole number of milliseconds.
 */
export function durationText(sec: number): string {
  requireParam(Number.isFinite(sec) && sec >= 0, "durationText.sec", "a finite number >= 0", sec);
  if (Number.isInteger(sec)) return `${sec}s`;
  const ms = Math.round(sec * 1000);
  requireParam(Math.abs(ms - sec * 1000) < 1e-6, "durationText.sec", "a whole number of milliseconds", sec);
  return `${ms}ms`;
}
