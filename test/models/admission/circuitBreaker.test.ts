import { describe, expect, test } from "vitest";
import { InvariantError } from "../../../sim/errors.js";
import { BreakerState, CircuitBreaker } from "../../../models/admission/circuitBreaker.js";
import type { CircuitBreakerOptions } from "../../../models/admission/circuitBreaker.js";

// windows of 1 s; a window is bad when at least half of >= 4 latencies exceed 0.2 s; open for 2 s; half-open admits 1 of 3
const latencyOptions: CircuitBreakerOptions = {
  windowSec: 1,
  latencyThresholdSec: 0.2,
  tripFraction: 0.5,
  minObservations: 4,
  openSec: 2,
  halfOpenAdmitEvery: 3,
};

function observeAll(breaker: CircuitBreaker, latencySec: number, timesSec: number[]): void {
  for (const t of timesSec) breaker.observeLatency(latencySec, t);
}

/** A breaker that tripped at t = 1 s (bad window [0, 1)) and is half-open from t = 3 s. */
function trippedBreaker(): CircuitBreaker {
  const breaker = new CircuitBreaker(latencyOptions);
  observeAll(breaker, 0.5, [0.1, 0.2, 0.3, 0.4]);
  return breaker;
}

describe("closed to open", () => {
  test("a window where half of the latencies are slow opens the breaker at the window's end", () => {
    const breaker = trippedBreaker();
    expect(breaker.admit(0.9)).toBe(true);
    expect(breaker.state).toBe(BreakerState.Closed);
    expect(breaker.admit(1.0)).toBe(false);
    expect(breaker.state).toBe(BreakerState.Open);
    expect(breaker.trips).toBe(1);
    expect(breaker.transitions()).toEqual([{ atSec: 1, state: BreakerState.Open }]);
  });

  test("a window with fewer slow latencies than tripFraction stays closed", () => {
    const breaker = new CircuitBreaker(latencyOptions);
    observeAll(breaker, 0.5, [0.1]);
    observeAll(breaker, 0.1, [0.2, 0.3, 0.4]);
    breaker.advanceTo(5);
    expect(breaker.state).toBe(BreakerState.Closed);
    expect(breaker.transitions()).toEqual([]);
  });

  test("fewer than minObservations latencies do not trip it, however slow", () => {
    const breaker = new CircuitBreaker(latencyOptions);
    observeAll(breaker, 10, [0.1, 0.2, 0.3]);
    expect(breaker.admit(1.5)).toBe(true);
    expect(breaker.trips).toBe(0);
  });

  test("a latency equal to the threshold is not slow", () => {
    const breaker = new CircuitBreaker(latencyOptions);
    observeAll(breaker, 0.2, [0.1, 0.2, 0.3, 0.4]);
    expect(breaker.admit(1.5)).toBe(true);
  });

  test("an observation exactly at a window's end counts in the next window", () => {
    const breaker = new CircuitBreaker(latencyOptions);
    observeAll(breaker, 0.5, [0.1, 0.2, 0.3, 1.0]);
    breaker.advanceTo(1.5);
    expect(breaker.state).toBe(BreakerState.Closed);
    observeAll(breaker, 0.5, [1.6, 1.7, 1.8]);
    expect(breaker.admit(2)).toBe(false);
    expect(breaker.transitions()).toEqual([{ atSec: 2, state: BreakerState.Open }]);
  });

  test("the queue-depth rule trips it when the highest depth in a window reaches the threshold", () => {
    const breaker = new CircuitBreaker({ windowSec: 0.5, queueDepthThreshold: 100, openSec: 1, halfOpenAdmitEvery: 2 });
    breaker.observeQueueDepth(99, 0.1);
    breaker.observeQueueDepth(20, 0.2);
    expect(breaker.admit(0.6)).toBe(true);
    breaker.observeQueueDepth(100, 0.7);
    breaker.observeQueueDepth(3, 0.8);
    expect(breaker.admit(1.0)).toBe(false);
    expect(breaker.transitions()).toEqual([{ atSec: 1, state: BreakerState.Open }]);
  });

  test("with both rules, either one alone trips it", () => {
    const breaker = new CircuitBreaker({ ...latencyOptions, queueDepthThreshold: 50 });
    observeAll(breaker, 0.1, [0.1, 0.2, 0.3, 0.4]); // latency healthy
    breaker.observeQueueDepth(60, 0.5); // queue unhealthy
    expect(breaker.admit(1)).toBe(false);
  });
});

describe("open, half-open and back", () => {
  test("while open every connection is rejected and counted", () => {
    const breaker = trippedBreaker();
    const admitted = [1.0, 1.5, 2.0, 2.5, 2.99].map((t) => breaker.admit(t));
    expect(admitted).toEqual([false, false, false, false, false]);
    expect(breaker.rejected).toBe(5);
  });

  test("after openSec it is half-open and admits exactly 1 of every N attempts, starting with the first", () => {
    const breaker = trippedBreaker();
    const admitted: boolean[] = [];
    for (let i = 0; i < 9; i++) admitted.push(breaker.admit(3 + i * 0.01));
    expect(breaker.state).toBe(BreakerState.HalfOpen);
    expect(admitted).toEqual([true, false, false, true, false, false, true, false, false]);
    expect(breaker.rejected).toBe(6);
    expect(breaker.transitions()).toEqual([
      { atSec: 1, state: BreakerState.Open },
      { atSec: 3, state: BreakerState.HalfOpen },
    ]);
  });

  test("a healthy half-open window closes it and it admits everything again", () => {
    const breaker = trippedBreaker();
    observeAll(breaker, 0.05, [3.1, 3.2, 3.3, 3.4]);
    expect(breaker.admit(4)).toBe(true);
    expect(breaker.admit(4.01)).toBe(true);
    expect(breaker.state).toBe(BreakerState.Closed);
    expect(breaker.transitions().map((x) => x.state)).toEqual([BreakerState.Open, BreakerState.HalfOpen, BreakerState.Closed]);
    expect(breaker.transitions()[2]).toEqual({ atSec: 4, state: BreakerState.Closed });
  });

  test("an unhealthy half-open window re-opens it for another openSec", () => {
    const breaker = trippedBreaker();
    observeAll(breaker, 0.5, [3.1, 3.2, 3.3, 3.4]);
    expect(breaker.admit(4)).toBe(false);
    expect(breaker.trips).toBe(2);
    expect(breaker.admit(5.99)).toBe(false);
    expect(breaker.admit(6)).toBe(true); // half-open again at 4 + 2
    expect(breaker.transitions()).toEqual([
      { atSec: 1, state: BreakerState.Open },
      { atSec: 3, state: BreakerState.HalfOpen },
      { atSec: 4, state: BreakerState.Open },
      { atSec: 6, state: BreakerState.HalfOpen },
    ]);
  });

  test("observations made while open are ignored, so the half-open verdict rests on half-open traffic", () => {
    const breaker = trippedBreaker();
    observeAll(breaker, 0.9, [2.1, 2.2, 2.3, 2.4, 2.5]); // drained slow connections, while open
    observeAll(breaker, 0.05, [3.5, 3.6, 3.7, 3.8]);
    breaker.advanceTo(4);
    expect(breaker.state).toBe(BreakerState.Closed);
  });

  test("a half-open window with nothing observed gives no verdict and the breaker stays half-open", () => {
    const breaker = trippedBreaker();
    breaker.advanceTo(7.5);
    expect(breaker.state).toBe(BreakerState.HalfOpen);
    observeAll(breaker, 0.05, [7.6, 7.7, 7.8, 7.9]);
    breaker.advanceTo(8);
    expect(breaker.state).toBe(BreakerState.Closed);
    expect(breaker.transitions()[2]).toEqual({ atSec: 8, state: BreakerState.Closed });
  });

  test("halfOpenAdmitEvery 1 admits every attempt while half-open", () => {
    const breaker = new CircuitBreaker({ ...latencyOptions, halfOpenAdmitEvery: 1 });
    observeAll(breaker, 0.5, [0.1, 0.2, 0.3, 0.4]);
    expect([3, 3.1, 3.2].map((t) => breaker.admit(t))).toEqual([true, true, true]);
    expect(breaker.state).toBe(BreakerState.HalfOpen);
  });
});

describe("lazy evaluation over quiet periods", () => {
  test("a long quiet gap evaluates the elapsed windows and the open timer in time order", () => {
    const breaker = trippedBreaker();
    breaker.advanceTo(1000.5);
    expect(breaker.state).toBe(BreakerState.HalfOpen);
    expect(breaker.transitions()).toEqual([
      { atSec: 1, state: BreakerState.Open },
      { atSec: 3, state: BreakerState.HalfOpen },
    ]);
    observeAll(breaker, 0.05, [1000.6, 1000.7, 1000.8, 1000.9]);
    expect(breaker.admit(1001.2)).toBe(true);
    expect(breaker.transitions()[2]).toEqual({ atSec: 1001, state: BreakerState.Closed });
  });

  test("a bad window after a long quiet gap trips at its own aligned end", () => {
    const breaker = new CircuitBreaker(latencyOptions);
    observeAll(breaker, 0.05, [0.1, 0.2, 0.3, 0.4]);
    observeAll(breaker, 0.5, [5.1, 5.2, 5.3, 5.4]);
    breaker.advanceTo(100);
    expect(breaker.transitions()).toEqual([
      { atSec: 6, state: BreakerState.Open },
      { atSec: 8, state: BreakerState.HalfOpen },
    ]);
  });

  test("a gap of 10^12 windows is crossed without visiting each window", () => {
    const breaker = new CircuitBreaker({ ...latencyOptions, windowSec: 0.001 });
    observeAll(breaker, 0.5, [0.0001, 0.0002, 0.0003, 0.0004]);
    breaker.advanceTo(1e9);
    expect(breaker.state).toBe(BreakerState.HalfOpen);
    expect(breaker.transitions()).toEqual([
      { atSec: 0.001, state: BreakerState.Open },
      { atSec: 2.001, state: BreakerState.HalfOpen },
    ]);
  });
});

describe("invariants and configuration errors", () => {
  test("time running backwards, negative, NaN or infinite is a broken invariant", () => {
    const breaker = new CircuitBreaker(latencyOptions);
    breaker.admit(2);
    expect(() => breaker.admit(1.5)).toThrow(InvariantError);
    expect(() => breaker.observeLatency(0.1, 1)).toThrow(InvariantError);
    expect(() => breaker.observeQueueDepth(1, Number.NaN)).toThrow(InvariantError);
    expect(() => breaker.advanceTo(Infinity)).toThrow(InvariantError);
    expect(() => new CircuitBreaker(latencyOptions).admit(-1)).toThrow(InvariantError);
    expect(() => breaker.admit(2)).not.toThrow();
  });

  test("a NaN or negative latency or depth is a broken invariant", () => {
    const breaker = new CircuitBreaker({ ...latencyOptions, queueDepthThreshold: 10 });
    expect(() => breaker.observeLatency(Number.NaN, 0)).toThrow(InvariantError);
    expect(() => breaker.observeLatency(-0.1, 0)).toThrow(InvariantError);
    expect(() => breaker.observeQueueDepth(-1, 0)).toThrow(InvariantError);
    expect(() => breaker.observeQueueDepth(Number.NaN, 0)).toThrow(InvariantError);
  });

  test("bad options throw naming the field", () => {
    const p = "admission.breaker";
    const make = (patch: Partial<CircuitBreakerOptions>) => () => new CircuitBreaker({ ...latencyOptions, ...patch }, p);
    expect(make({ windowSec: 0 })).toThrow("admission.breaker.windowSec: must be a finite number > 0 (got 0)");
    expect(make({ windowSec: Number.NaN })).toThrow("admission.breaker.windowSec");
    expect(make({ latencyThresholdSec: -1 })).toThrow("admission.breaker.latencyThresholdSec: must be a finite number >= 0 (got -1)");
    expect(make({ tripFraction: 0 })).toThrow("admission.breaker.tripFraction: must be a number in (0, 1] (got 0)");
    expect(make({ tripFraction: 1.5 })).toThrow("admission.breaker.tripFraction");
    expect(make({ queueDepthThreshold: 0 })).toThrow("admission.breaker.queueDepthThreshold: must be an integer >= 1 (got 0)");
    expect(make({ minObservations: 0 })).toThrow("admission.breaker.minObservations: must be an integer >= 1 (got 0)");
    expect(make({ openSec: Number.NaN })).toThrow("admission.breaker.openSec: must be a finite number > 0 (got NaN)");
    expect(make({ halfOpenAdmitEvery: 0 })).toThrow("admission.breaker.halfOpenAdmitEvery: must be an integer >= 1 (got 0)");
    expect(make({ halfOpenAdmitEvery: 2.5 })).toThrow("admission.breaker.halfOpenAdmitEvery");
    expect(make({ latencyThresholdSec: undefined })).toThrow(
      "admission.breaker: must be given at least one of latencyThresholdSec / queueDepthThreshold",
    );
  });

  test("defaults are tripFraction 0.5 and minObservations 10", () => {
    const breaker = new CircuitBreaker({ windowSec: 1, latencyThresholdSec: 0.2, openSec: 1, halfOpenAdmitEvery: 2 });
    for (let i = 0; i < 9; i++) breaker.observeLatency(1, 0.05 * i);
    breaker.advanceTo(1);
    expect(breaker.state).toBe(BreakerState.Closed); // 9 < 10 observations
    for (let i = 0; i < 5; i++) breaker.observeLatency(1, 1 + 0.05 * i);
    for (let i = 0; i < 5; i++) breaker.observeLatency(0.1, 1.5 + 0.05 * i);
    breaker.advanceTo(2);
    expect(breaker.state).toBe(BreakerState.Open); // 5 of 10 slow reaches 0.5
  });
});
