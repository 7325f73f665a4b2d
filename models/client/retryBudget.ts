/**
 * Retry budget: a token bucket that caps retries to a fraction of first attempts, as in Finagle's RetryBudget
 * and gRPC retry throttling (gRPC proposal A6, "gRPC Retry Design").
 *
 *   first attempt   tokens = min(maxTokens, tokens + ratio)          (ratio 0.1: retries add at most ~10 % to load)
 *   time passes     tokens = min(maxTokens, tokens + Δt * minRetriesPerSec)   (lazy, at each call)
 *   retry request   granted and tokens -= 1 if a whole token is available, else denied
 *
 * A retry is granted when tokens >= 1 - 1e-9: the tolerance lets ten deposits of 0.1 (which sum to
 * 0.9999999999999999 in floating point) pay for one retry; tokens never go below 0.
 * The refill clock starts at the first call (onFirstAttempt or tryRetry); before it, the bucket holds initialTokens.
 */
import { InvariantError, requireParam } from "../../sim/errors.js";

/**
 * Options of a {@link RetryBudget}.
 * ratio: tokens deposited per first attempt, finite >= 0. minRetriesPerSec: refill rate (tokens/s), finite >= 0.
 * maxTokens: bucket capacity, finite >= 1. initialTokens: tokens at the start, in [0, maxTokens], default 0.
 */
export interface RetryBudgetOptions {
  ratio: number;
  minRetriesPerSec: number;
  maxTokens: number;
  initialTokens?: number;
}

/** Floating-point slack when testing for a whole token (see the file header). */
const WHOLE_TOKEN_EPSILON = 1e-9;

function isFiniteNumber(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

/**
 * A retry budget shared by the clients it governs (one per client population, or one per client).
 * Counts granted and denied retries; a denied retry is an outcome for the caller to count as a give-up, never an error.
 * @throws RangeError at construction naming the option path (e.g. `clients.retryBudget.maxTokens: must be a finite number >= 1 (got 0)`).
 */
export class RetryBudget {
  private readonly ratio: number;
  private readonly minRetriesPerSec: number;
  private readonly maxTokens: number;
  private tokenCount: number;
  private lastSec: number;
  private grantedCount: number;
  private deniedCount: number;

  constructor(options: RetryBudgetOptions, path = "retryBudget") {
    requireParam(typeof options === "object" && options !== null, path, "an object with ratio, minRetriesPerSec and maxTokens", options);
    const { ratio, minRetriesPerSec, maxTokens } = options;
    requireParam(isFiniteNumber(ratio) && ratio >= 0, path + ".ratio", "a finite number >= 0", ratio);
    requireParam(isFiniteNumber(minRetriesPerSec) && minRetriesPerSec >= 0, path + ".minRetriesPerSec", "a finite number >= 0", minRetriesPerSec);
    requireParam(isFiniteNumber(maxTokens) && maxTokens >= 1, path + ".maxTokens", "a finite number >= 1", maxTokens);
    const initialTokens = options.initialTokens === undefined ? 0 : options.initialTokens;
    requireParam(
      isFiniteNumber(initialTokens) && initialTokens >= 0 && initialTokens <= maxTokens,
      path + ".initialTokens",
      "a finite number in [0, maxTokens = " + String(maxTokens) + "]",
      initialTokens,
    );
    this.ratio = ratio;
    this.minRetriesPerSec = minRetriesPerSec;
    this.maxTokens = maxTokens;
    this.tokenCount = initialTokens;
    this.lastSec = Number.NaN;
    this.grantedCount = 0;
    this.deniedCount = 0;
  }

  /** Tokens in the bucket as of the last call (no refill is applied by reading). */
  get tokens(): number {
    return this.tokenCount;
  }
  /** Retries granted so far. */
  get granted(): number {
    return this.grantedCount;
  }
  /** Retries denied so far. */
  get denied(): number {
    return this.deniedCount;
  }

  /**
   * Records a first attempt at nowSec: refills for the elapsed time, then deposits `ratio` tokens (capped at maxTokens).
   * @throws InvariantError if nowSec is NaN, infinite or earlier than a previous call's. Allocates nothing.
   */
  onFirstAttempt(nowSec: number): void {
    this.refill(nowSec);
    const t = this.tokenCount + this.ratio;
    this.tokenCount = t < this.maxTokens ? t : this.maxTokens;
  }

  /**
   * May a retry proceed at nowSec? Refills for the elapsed time, then withdraws one token if a whole one is there.
   * @returns true (granted, counted) or false (denied, counted).
   * @throws InvariantError if nowSec is NaN, infinite or earlier than a previous call's. Allocates nothing.
   */
  tryRetry(nowSec: number): boolean {
    this.refill(nowSec);
    if (this.tokenCount + WHOLE_TOKEN_EPSILON >= 1) {
      const t = this.tokenCount - 1;
      this.tokenCount = t > 0 ? t : 0;
      this.grantedCount++;
      return true;
    }
    this.deniedCount++;
    return false;
  }

  private refill(nowSec: number): void {
    const lastSec = this.lastSec;
    if (!Number.isFinite(nowSec) || nowSec < lastSec) {
      throw new InvariantError(`RetryBudget: nowSec must be finite and non-decreasing (got ${nowSec} after ${lastSec})`, nowSec);
    }
    // nowSec > NaN is false, so the first call only starts the refill clock
    if (nowSec > lastSec && this.minRetriesPerSec > 0) {
      const t = this.tokenCount + (nowSec - lastSec) * this.minRetriesPerSec;
      this.tokenCount = t < this.maxTokens ? t : this.maxTokens;
    }
    this.lastSec = nowSec;
  }
}
