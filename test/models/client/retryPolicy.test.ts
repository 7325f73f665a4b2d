import { describe, expect, test } from "vitest";
import { InvariantError } from "../../../sim/errors.js";
import { RandomStreams } from "../../../sim/random.js";
import type { RandomStream } from "../../../sim/random.js";
import { RetryPolicy } from "../../../models/client/retryPolicy.js";
import type { Backoff, Jitter, RetryPolicyOptions } from "../../../models/client/retryPolicy.js";

function stream(seed = 1, name = "retry"): RandomStream {
  return new RandomStreams(seed).stream(name);
}

/** A stream that counts its draws. */
function countingStream(): RandomStream & { draws: number } {
  const inner = stream(7);
  const s = { name: "counting", draws: 0, next: () => { s.draws++; return inner.next(); } };
  return s;
}

const exponential: Backoff = { kind: "exponential", baseSec: 0.1, multiplier: 2, capSec: 1 };
const constant: Backoff = { kind: "constant", delaySec: 0.5 };

describe("backoff without jitter", () => {
  test("exponential backoff gives the nominal sequence 0.1, 0.2, 0.4, 0.8 and then stays at the 1 s cap", () => {
    const policy = new RetryPolicy({ backoff: exponential, jitter: "none", maxAttempts: 8 }, stream());
    const delays: number[] = [];
    for (let made = 1; made < 8; made++) delays.push(policy.nextDelaySec(made, 0));
    expect(delays).toEqual([0.1, 0.2, 0.4, 0.8, 1, 1, 1]);
  });

  test("constant backoff with no jitter always returns delaySec exactly", () => {
    const policy = new RetryPolicy({ backoff: constant, jitter: "none", maxAttempts: 5 }, stream());
    expect([1, 2, 3, 4].map((made) => policy.nextDelaySec(made, 0.5))).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  test("a huge attempt count saturates at the cap instead of overflowing", () => {
    const policy = new RetryPolicy({ backoff: { kind: "exponential", baseSec: 1, multiplier: 10, capSec: 30 }, jitter: "none", maxAttempts: 2000 }, stream());
    expect(policy.nextDelaySec(1500, 0)).toBe(30);
  });
});

describe("attempt cap", () => {
  test("nextDelaySec returns -1 exactly when attemptsMade equals maxAttempts", () => {
    const policy = new RetryPolicy({ backoff: exponential, jitter: "full", maxAttempts: 4 }, stream());
    expect(policy.nextDelaySec(1, 0)).toBeGreaterThanOrEqual(0);
    expect(policy.nextDelaySec(2, 0.1)).toBeGreaterThanOrEqual(0);
    expect(policy.nextDelaySec(3, 0.1)).toBeGreaterThanOrEqual(0);
    expect(policy.nextDelaySec(4, 0.1)).toBe(-1);
  });

  test("maxAttempts 1 never retries", () => {
    const policy = new RetryPolicy({ backoff: { kind: "immediate" }, jitter: "none", maxAttempts: 1 }, stream());
    expect(policy.nextDelaySec(1, 0)).toBe(-1);
  });

  test("backoff none never retries whatever maxAttempts says", () => {
    const policy = new RetryPolicy({ backoff: { kind: "none" }, jitter: "full", maxAttempts: 5 }, stream());
    expect([1, 2, 3, 4, 5].map((made) => policy.nextDelaySec(made, 0))).toEqual([-1, -1, -1, -1, -1]);
  });

  test("asking past the cap, or with a non-integer or zero attempt count, is a broken invariant", () => {
    const policy = new RetryPolicy({ backoff: exponential, jitter: "none", maxAttempts: 3 }, stream());
    expect(() => policy.nextDelaySec(4, 0)).toThrow(InvariantError);
    expect(() => policy.nextDelaySec(0, 0)).toThrow(InvariantError);
    expect(() => policy.nextDelaySec(1.5, 0)).toThrow(InvariantError);
    expect(() => policy.nextDelaySec(Number.NaN, 0)).toThrow(InvariantError);
  });

  test("a negative, NaN or infinite previous delay is a broken invariant", () => {
    const policy = new RetryPolicy({ backoff: exponential, jitter: "decorrelated", maxAttempts: 3 }, stream());
    expect(() => policy.nextDelaySec(1, -0.1)).toThrow(InvariantError);
    expect(() => policy.nextDelaySec(1, Number.NaN)).toThrow(InvariantError);
    expect(() => policy.nextDelaySec(1, Infinity)).toThrow(InvariantError);
  });
});

describe("jitter", () => {
  test("immediate backoff is 0 under every jitter and draws nothing", () => {
    for (const jitter of ["none", "full", "equal", "decorrelated"] as const) {
      const s = countingStream();
      const policy = new RetryPolicy({ backoff: { kind: "immediate" }, jitter, maxAttempts: 10 }, s);
      for (let made = 1; made < 10; made++) expect(policy.nextDelaySec(made, 0)).toBe(0);
      expect(s.draws).toBe(0);
    }
  });

  const backoffs: Array<[string, Backoff, number, number]> = [
    // name, backoff, base (s), cap (s)
    ["constant 0.5 s", constant, 0.5, 0.5],
    ["exponential 0.1 s ×2 capped at 1 s", exponential, 0.1, 1],
  ];
  const jitters: Jitter[] = ["none", "full", "equal", "decorrelated"];
  for (const [name, backoff, baseSec, capSec] of backoffs) {
    for (const jitter of jitters) {
      test(`${name} with ${jitter} jitter stays within its bounds over 5,000 draws`, () => {
        const maxAttempts = 9;
        const nominal = new RetryPolicy({ backoff, jitter: "none", maxAttempts }, stream(3, "nominal"));
        const policy = new RetryPolicy({ backoff, jitter, maxAttempts }, stream(3, "jittered"));
        let draws = 0;
        while (draws < 5000) {
          let previousSec = 0;
          for (let made = 1; made < maxAttempts; made++, draws++) {
            const t = nominal.nextDelaySec(made, 0);
            const delaySec = policy.nextDelaySec(made, previousSec);
            if (jitter === "none") expect(delaySec).toBe(t);
            else if (jitter === "full") { expect(delaySec).toBeGreaterThanOrEqual(0); expect(delaySec).toBeLessThan(t); }
            else if (jitter === "equal") { expect(delaySec).toBeGreaterThanOrEqual(t / 2); expect(delaySec).toBeLessThan(t); }
            else {
              expect(delaySec).toBeGreaterThanOrEqual(baseSec);
              expect(delaySec).toBeLessThanOrEqual(Math.min(capSec, 3 * Math.max(previousSec, baseSec)));
            }
            previousSec = delaySec;
          }
        }
      });
    }
  }

  test("the mean of full jitter is about half the nominal delay, and of equal jitter about three quarters", () => {
    const n = 20000;
    const full = new RetryPolicy({ backoff: { kind: "constant", delaySec: 2 }, jitter: "full", maxAttempts: 2 }, stream(11, "full"));
    const equal = new RetryPolicy({ backoff: { kind: "constant", delaySec: 2 }, jitter: "equal", maxAttempts: 2 }, stream(11, "equal"));
    let sumFull = 0;
    let sumEqual = 0;
    for (let i = 0; i < n; i++) {
      sumFull += full.nextDelaySec(1, 0);
      sumEqual += equal.nextDelaySec(1, 0);
    }
    // standard error of the mean: 2 * 0.2887 / sqrt(20000) ≈ 0.004 (full), half that (equal); allow 5 of them
    expect(Math.abs(sumFull / n - 1)).toBeLessThan(0.02);
    expect(Math.abs(sumEqual / n - 1.5)).toBeLessThan(0.01);
  });

  test("decorrelated jitter's first retry lies in [base, 3 × base] and later ones can grow towards the cap", () => {
    const policy = new RetryPolicy({ backoff: { kind: "exponential", baseSec: 0.1, multiplier: 2, capSec: 10 }, jitter: "decorrelated", maxAttempts: 50 }, stream(5));
    let maxSec = 0;
    for (let i = 0; i < 2000; i++) {
      const first = policy.nextDelaySec(1, 0);
      expect(first).toBeGreaterThanOrEqual(0.1);
      expect(first).toBeLessThan(0.3);
    }
    let previousSec = 0;
    for (let made = 1; made < 50; made++) {
      previousSec = policy.nextDelaySec(made, previousSec);
      maxSec = Math.max(maxSec, previousSec);
    }
    expect(maxSec).toBeGreaterThan(1);
    expect(maxSec).toBeLessThanOrEqual(10);
  });

  test("decorrelated jitter with constant backoff is always exactly delaySec", () => {
    const policy = new RetryPolicy({ backoff: constant, jitter: "decorrelated", maxAttempts: 6 }, stream());
    let previousSec = 0;
    for (let made = 1; made < 6; made++) {
      previousSec = policy.nextDelaySec(made, previousSec);
      expect(previousSec).toBe(0.5);
    }
  });

  test("the same stream seed gives the same delays and another seed gives different ones", () => {
    const options: RetryPolicyOptions = { backoff: exponential, jitter: "full", maxAttempts: 100 };
    const run = (seed: number) => {
      const policy = new RetryPolicy(options, stream(seed));
      const out: number[] = [];
      for (let made = 1; made < 100; made++) out.push(policy.nextDelaySec(made, 0));
      return out;
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });
});

describe("configuration errors", () => {
  const s = stream();
  const ok: RetryPolicyOptions = { backoff: exponential, jitter: "full", maxAttempts: 3 };

  test("maxAttempts below 1, fractional, NaN or infinite is rejected with the path in the message", () => {
    expect(() => new RetryPolicy({ ...ok, maxAttempts: 0 }, s, "clients.retry")).toThrow("clients.retry.maxAttempts: must be an integer >= 1 (got 0)");
    expect(() => new RetryPolicy({ ...ok, maxAttempts: 2.5 }, s, "clients.retry")).toThrow("clients.retry.maxAttempts");
    expect(() => new RetryPolicy({ ...ok, maxAttempts: Number.NaN }, s)).toThrow("retry.maxAttempts: must be an integer >= 1 (got NaN)");
    expect(() => new RetryPolicy({ ...ok, maxAttempts: Infinity }, s)).toThrow(RangeError);
  });

  test("an unknown backoff kind or jitter lists the allowed values", () => {
    const badKind = { ...ok, backoff: { kind: "linear" } } as unknown as RetryPolicyOptions;
    expect(() => new RetryPolicy(badKind, s, "clients.retry")).toThrow(
      'clients.retry.backoff.kind: must be one of "none", "immediate", "constant", "exponential" (got "linear")',
    );
    const badJitter = { ...ok, jitter: "random" } as unknown as RetryPolicyOptions;
    expect(() => new RetryPolicy(badJitter, s, "clients.retry")).toThrow(
      'clients.retry.jitter: must be one of "none", "full", "equal", "decorrelated" (got "random")',
    );
  });

  test("bad exponential parameters are rejected naming the field", () => {
    const exp = (b: number, m: number, c: number): RetryPolicyOptions => ({ ...ok, backoff: { kind: "exponential", baseSec: b, multiplier: m, capSec: c } });
    expect(() => new RetryPolicy(exp(0, 2, 1), s)).toThrow("retry.backoff.baseSec: must be a finite number > 0 (got 0)");
    expect(() => new RetryPolicy(exp(Number.NaN, 2, 1), s)).toThrow("retry.backoff.baseSec");
    expect(() => new RetryPolicy(exp(0.1, 0.5, 1), s)).toThrow("retry.backoff.multiplier: must be a finite number >= 1 (got 0.5)");
    expect(() => new RetryPolicy(exp(0.1, 2, 0.05), s)).toThrow("retry.backoff.capSec: must be a finite number >= baseSec (0.1) (got 0.05)");
    expect(() => new RetryPolicy(exp(0.1, 2, Infinity), s)).toThrow("retry.backoff.capSec");
  });

  test("a negative or NaN constant delay is rejected naming the field", () => {
    expect(() => new RetryPolicy({ ...ok, backoff: { kind: "constant", delaySec: -1 } }, s)).toThrow("retry.backoff.delaySec: must be a finite number >= 0 (got -1)");
    expect(() => new RetryPolicy({ ...ok, backoff: { kind: "constant", delaySec: Number.NaN } }, s)).toThrow("retry.backoff.delaySec");
  });

  test("a missing backoff object is rejected naming it", () => {
    expect(() => new RetryPolicy({ ...ok, backoff: undefined } as unknown as RetryPolicyOptions, s)).toThrow("retry.backoff: must be an object with a kind (got undefined)");
  });
});
