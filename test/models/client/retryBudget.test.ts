import { describe, expect, test } from "vitest";
import { InvariantError } from "../../../sim/errors.js";
import { RetryBudget } from "../../../models/client/retryBudget.js";

describe("deposits from first attempts", () => {
  test("with ratio 0.1 and no time refill, 1000 first attempts pay for 100 of 1000 retry requests", () => {
    const budget = new RetryBudget({ ratio: 0.1, minRetriesPerSec: 0, maxTokens: 1000 });
    for (let i = 0; i < 1000; i++) budget.onFirstAttempt(i * 0.001);
    let granted = 0;
    for (let i = 0; i < 1000; i++) if (budget.tryRetry(1 + i * 0.001)) granted++;
    expect(granted).toBe(100);
    expect(budget.granted).toBe(100);
    expect(budget.denied).toBe(900);
  });

  test("ten deposits of 0.1 are enough for one retry despite floating-point rounding", () => {
    const budget = new RetryBudget({ ratio: 0.1, minRetriesPerSec: 0, maxTokens: 10 });
    for (let i = 0; i < 9; i++) budget.onFirstAttempt(0);
    expect(budget.tryRetry(0)).toBe(false);
    budget.onFirstAttempt(0);
    expect(budget.tryRetry(0)).toBe(true);
    expect(budget.tokens).toBeGreaterThanOrEqual(0);
    expect(budget.tokens).toBeLessThan(1e-9);
  });

  test("a retry storm with interleaved traffic adds at most about ratio × first attempts", () => {
    const budget = new RetryBudget({ ratio: 0.2, minRetriesPerSec: 0, maxTokens: 50 });
    for (let i = 0; i < 5000; i++) {
      budget.onFirstAttempt(i);
      budget.tryRetry(i);
      budget.tryRetry(i); // every first attempt is followed by two retry requests
    }
    expect(budget.granted).toBe(1000);
    expect(budget.denied).toBe(9000);
  });

  test("a budget starts empty by default and with initialTokens when given", () => {
    expect(new RetryBudget({ ratio: 0.1, minRetriesPerSec: 0, maxTokens: 5 }).tryRetry(0)).toBe(false);
    const seeded = new RetryBudget({ ratio: 0.1, minRetriesPerSec: 0, maxTokens: 5, initialTokens: 2 });
    expect(seeded.tokens).toBe(2);
    expect([seeded.tryRetry(0), seeded.tryRetry(0), seeded.tryRetry(0)]).toEqual([true, true, false]);
  });
});

describe("time refill and cap", () => {
  test("the bucket refills at minRetriesPerSec from the first call on", () => {
    const budget = new RetryBudget({ ratio: 0, minRetriesPerSec: 5, maxTokens: 100 });
    expect(budget.tryRetry(10)).toBe(false); // first call: the refill clock starts at 10 s
    expect(budget.tokens).toBe(0);
    const grants: boolean[] = [];
    for (let i = 0; i < 6; i++) grants.push(budget.tryRetry(11));
    expect(grants).toEqual([true, true, true, true, true, false]);
    expect(budget.tryRetry(11.1)).toBe(false); // 0.5 token
    expect(budget.tryRetry(11.2)).toBe(true); // 1 token
  });

  test("tokens never exceed maxTokens, from refill or from deposits", () => {
    const budget = new RetryBudget({ ratio: 1, minRetriesPerSec: 10, maxTokens: 3 });
    budget.onFirstAttempt(0);
    budget.onFirstAttempt(1000);
    expect(budget.tokens).toBe(3);
    for (let i = 0; i < 10; i++) budget.onFirstAttempt(1000);
    expect(budget.tokens).toBe(3);
    const grants: boolean[] = [];
    for (let i = 0; i < 4; i++) grants.push(budget.tryRetry(1000));
    expect(grants).toEqual([true, true, true, false]);
  });
});

describe("invariants and configuration errors", () => {
  test("time running backwards, NaN or infinite is a broken invariant", () => {
    const budget = new RetryBudget({ ratio: 0.1, minRetriesPerSec: 1, maxTokens: 10 });
    budget.onFirstAttempt(5);
    expect(() => budget.tryRetry(4.999)).toThrow(InvariantError);
    expect(() => budget.onFirstAttempt(Number.NaN)).toThrow(InvariantError);
    expect(() => budget.onFirstAttempt(Infinity)).toThrow(InvariantError);
    expect(() => budget.tryRetry(5)).not.toThrow(); // equal times are fine
  });

  test("bad options are rejected naming the field", () => {
    const path = "clients.retryBudget";
    expect(() => new RetryBudget({ ratio: -0.1, minRetriesPerSec: 0, maxTokens: 10 }, path)).toThrow("clients.retryBudget.ratio: must be a finite number >= 0 (got -0.1)");
    expect(() => new RetryBudget({ ratio: Number.NaN, minRetriesPerSec: 0, maxTokens: 10 }, path)).toThrow("clients.retryBudget.ratio");
    expect(() => new RetryBudget({ ratio: 0.1, minRetriesPerSec: -1, maxTokens: 10 }, path)).toThrow("clients.retryBudget.minRetriesPerSec");
    expect(() => new RetryBudget({ ratio: 0.1, minRetriesPerSec: 0, maxTokens: 0.5 }, path)).toThrow("clients.retryBudget.maxTokens: must be a finite number >= 1 (got 0.5)");
    expect(() => new RetryBudget({ ratio: 0.1, minRetriesPerSec: 0, maxTokens: Infinity }, path)).toThrow("clients.retryBudget.maxTokens");
    expect(() => new RetryBudget({ ratio: 0.1, minRetriesPerSec: 0, maxTokens: 10, initialTokens: 11 }, path)).toThrow(
      "clients.retryBudget.initialTokens: must be a finite number in [0, maxTokens = 10] (got 11)",
    );
  });
});
