/**
 * Errors the engine throws. Outcomes of a model (timeouts, overflows, rejections) are counted,
 * never thrown; these are for broken invariants (bugs) and invalid configuration.
 */

/**
 * A broken invariant inside a running simulation: scheduling in the past, a NaN time, a state
 * that does not match an event. Carries the simulated time at which it was detected.
 */
export class InvariantError extends Error {
  /** Simulated time (s) when the invariant broke; NaN if not known. */
  readonly simTimeSec: number;
  constructor(message: string, simTimeSec = Number.NaN) {
    super(Number.isNaN(simTimeSec) ? message : `${message} (at t=${simTimeSec}s)`);
    this.name = "InvariantError";
    this.simTimeSec = simTimeSec;
  }
}

/**
 * Throws a RangeError naming the parameter, the value found and what is allowed, unless `ok`.
 * Used by every constructor that validates its options, so messages share one shape:
 * `exponential.mean: must be > 0 (got -1)`.
 */
export function requireParam(ok: boolean, path: string, allowed: string, found: unknown): void {
  if (!ok) throw new RangeError(`${path}: must be ${allowed} (got ${formatFound(found)})`);
}

function formatFound(found: unknown): string {
  if (typeof found === "string") return JSON.stringify(found);
  if (typeof found === "number" || typeof found === "boolean" || found === undefined || found === null) return String(found);
  try {
    return JSON.stringify(found);
  } catch {
    return String(found);
  }
}
