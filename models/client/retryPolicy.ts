/**
 * Client retry policy: how long a client waits before its next attempt, and when it gives up.
 *
 * Backoff (nominal delay t before retry r, where r = 1 for the first retry, i.e. r = attempts already made):
 *   none         never retry: every call returns -1
 *   immediate    t = 0, whatever the jitter (no draw is taken)
 *   constant     t = delaySec
 *   exponential  t = min(capSec, baseSec * multiplier^(r-1))   e.g. base 0.1, ×2, cap 1: 0.1, 0.2, 0.4, 0.8, 1, 1, ...
 *
 * Jitter (Marc Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015), with u ~ U[0, 1)
 * drawn from the policy's own stream, one draw per retry (none draws nothing):
 *   none          delay = t                                   exact
 *   full          delay = u * t                               in [0, t), mean t/2
 *   equal         delay = t/2 + u * t/2                       in [t/2, t), mean 3t/4
 *   decorrelated  delay = min(cap, base + u * (3*prev - base)) i.e. min(cap, U(base, 3*prev)), in [base, cap]
 *                 prev is the previous delay; a previous delay below base (0 before the first retry) counts as base,
 *                 as Brooker's loop starts from sleep = base, so the first retry waits U(base, 3*base) capped.
 *                 It ignores the exponential multiplier. With constant backoff base = cap = delaySec, so it is
 *                 always exactly delaySec (a draw is still taken, to keep the stream's use uniform).
 *
 * Attempt cap: maxAttempts counts every attempt including the first, so a client retries at most
 * maxAttempts - 1 times; nextDelaySec returns -1 exactly when attemptsMade == maxAttempts.
 * Source of the retry-storm motivation: measured, tls-ground-truth.md §8 (immediate retries with a 200 ms timeout).
 */
import { InvariantError, requireParam } from "../../sim/errors.js";
import type { RandomStream } from "../../sim/random.js";

/** The backoff schedule, before jitter. All times in seconds. */
export type Backoff =
  | { kind: "none" }
  | { kind: "immediate" }
  | { kind: "constant"; delaySec: number }
  | { kind: "exponential"; baseSec: number; multiplier: number; capSec: number };

/** Jitter applied to the nominal delay (see the file header for the formulas). */
export type Jitter = "none" | "full" | "equal" | "decorrelated";

/**
 * Options of a {@link RetryPolicy}.
 * maxAttempts: total attempts including the first, a safe integer >= 1 (Infinity is not allowed: use a retry budget).
 */
export interface RetryPolicyOptions {
  backoff: Backoff;
  jitter: Jitter;
  maxAttempts: number;
}

/** The backoff kinds accepted, in the order listed in error messages. */
export const BACKOFF_KINDS: ReadonlyArray<Backoff["kind"]> = ["none", "immediate", "constant", "exponential"];
/** The jitter names accepted, in the order listed in error messages. */
export const JITTERS: ReadonlyArray<Jitter> = ["none", "full", "equal", "decorrelated"];

const BackoffCode = { None: 0, Immediate: 1, Constant: 2, Exponential: 3 } as const;
const JitterCode = { None: 0, Full: 1, Equal: 2, Decorrelated: 3 } as const;

function listAllowed(names: ReadonlyArray<string>): string {
  return "one of " + names.map((n) => JSON.stringify(n)).join(", ");
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

/**
 * Delay before a client's next attempt, per its backoff, jitter and attempt cap.
 * One instance can serve every client of a population (it holds no per-client state: the caller passes
 * the attempt count and the previous delay), drawing from one named stream.
 * @throws RangeError at construction when an option is missing, NaN, out of range or unknown; the message names
 *   the path, e.g. `clients.retry.maxAttempts: must be an integer >= 1 (got 0)`.
 */
export class RetryPolicy {
  /** Total attempts allowed, including the first. */
  readonly maxAttempts: number;
  private readonly stream: RandomStream;
  private readonly backoffCode: number;
  private readonly jitterCode: number;
  /** Nominal first delay (s): delaySec for constant, baseSec for exponential, 0 otherwise. */
  private readonly baseSec: number;
  /** Largest nominal delay (s): delaySec for constant, capSec for exponential, 0 otherwise. */
  private readonly capSec: number;
  private readonly multiplier: number;

  constructor(options: RetryPolicyOptions, stream: RandomStream, path = "retry") {
    requireParam(typeof options === "object" && options !== null, path, "an object with backoff, jitter and maxAttempts", options);
    const backoff = options.backoff;
    requireParam(typeof backoff === "object" && backoff !== null, path + ".backoff", "an object with a kind", backoff);
    const kind: unknown = backoff.kind;
    requireParam(BACKOFF_KINDS.includes(kind as Backoff["kind"]), path + ".backoff.kind", listAllowed(BACKOFF_KINDS), kind);
    const jitter: unknown = options.jitter;
    requireParam(JITTERS.includes(jitter as Jitter), path + ".jitter", listAllowed(JITTERS), jitter);
    const maxAttempts: unknown = options.maxAttempts;
    requireParam(Number.isSafeInteger(maxAttempts) && (maxAttempts as number) >= 1, path + ".maxAttempts", "an integer >= 1", maxAttempts);
    requireParam(typeof stream === "object" && stream !== null && typeof stream.next === "function", path + " stream", "a RandomStream", stream);

    let backoffCode: number = BackoffCode.None;
    let baseSec = 0;
    let capSec = 0;
    let multiplier = 1;
    if (backoff.kind === "immediate") {
      backoffCode = BackoffCode.Immediate;
    } else if (backoff.kind === "constant") {
      const delaySec: unknown = backoff.delaySec;
      requireParam(isFiniteNumber(delaySec) && delaySec >= 0, path + ".backoff.delaySec", "a finite number >= 0", delaySec);
      backoffCode = BackoffCode.Constant;
      baseSec = delaySec as number;
      capSec = delaySec as number;
    } else if (backoff.kind === "exponential") {
      const b: unknown = backoff.baseSec;
      const m: unknown = backoff.multiplier;
      const c: unknown = backoff.capSec;
      requireParam(isFiniteNumber(b) && b > 0, path + ".backoff.baseSec", "a finite number > 0", b);
      requireParam(isFiniteNumber(m) && m >= 1, path + ".backoff.multiplier", "a finite number >= 1", m);
      requireParam(isFiniteNumber(c) && c >= (b as number), path + ".backoff.capSec", "a finite number >= baseSec (" + String(b) + ")", c);
      backoffCode = BackoffCode.Exponential;
      baseSec = b as number;
      capSec = c as number;
      multiplier = m as number;
    }

    this.maxAttempts = maxAttempts as number;
    this.stream = stream;
    this.backoffCode = backoffCode;
    this.jitterCode =
      jitter === "full" ? JitterCode.Full : jitter === "equal" ? JitterCode.Equal : jitter === "decorrelated" ? JitterCode.Decorrelated : JitterCode.None;
    this.baseSec = baseSec;
    this.capSec = capSec;
    this.multiplier = multiplier;
  }

  /**
   * Delay (s) before the next attempt, or -1 when the client gives up (backoff "none", or attemptsMade == maxAttempts).
   * @param attemptsMade attempts already made, an integer in [1, maxAttempts]; the retry about to be scheduled is number attemptsMade.
   * @param previousDelaySec the delay returned for the previous retry (0 before the first retry); used only by decorrelated jitter.
   * @throws InvariantError if attemptsMade is not an integer in [1, maxAttempts] or previousDelaySec is negative, NaN or infinite.
   * Hot path: allocates nothing, draws at most one variate.
   */
  nextDelaySec(attemptsMade: number, previousDelaySec: number): number {
    if (!(Number.isInteger(attemptsMade) && attemptsMade >= 1 && attemptsMade <= this.maxAttempts)) {
      throw new InvariantError(`RetryPolicy.nextDelaySec: attemptsMade must be an integer in [1, ${this.maxAttempts}] (got ${attemptsMade})`);
    }
    if (!(previousDelaySec >= 0 && previousDelaySec < Infinity)) {
      throw new InvariantError(`RetryPolicy.nextDelaySec: previousDelaySec must be a finite number >= 0 (got ${previousDelaySec})`);
    }
    const code = this.backoffCode;
    if (code === BackoffCode.None || attemptsMade === this.maxAttempts) return -1;
    if (code === BackoffCode.Immediate) return 0;

    const jitter = this.jitterCode;
    if (jitter === JitterCode.Decorrelated) {
      const baseSec = this.baseSec;
      const prevSec = previousDelaySec < baseSec ? baseSec : previousDelaySec;
      const delaySec = baseSec + this.stream.next() * (3 * prevSec - baseSec);
      return delaySec < this.capSec ? delaySec : this.capSec;
    }

    let nominalSec = this.baseSec;
    if (code === BackoffCode.Exponential) {
      nominalSec = this.baseSec * Math.pow(this.multiplier, attemptsMade - 1);
      if (!(nominalSec < this.capSec)) nominalSec = this.capSec; // also catches overflow to Infinity
    }
    if (jitter === JitterCode.Full) return this.stream.next() * nominalSec;
    if (jitter === JitterCode.Equal) return 0.5 * nominalSec + this.stream.next() * 0.5 * nominalSec;
    return nominalSec;
  }
}
