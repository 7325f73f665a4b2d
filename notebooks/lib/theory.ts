/**
 * Closed-form mean response times that the theory-check notebook draws next to the simulator:
 * M/M/c (Erlang C), M/G/1 (Pollaczek–Khinchine) and, for M/G/c, the Allen–Cunneen approximation.
 *
 * Notation: λ = arrivalRatePerSec, E[S] = meanServiceSec, μ = 1/E[S], c = servers, a = λ/μ the
 * offered load in Erlangs, ρ = a/c the utilization, cv = coefficient of variation of S. The mean
 * response (sojourn) time is T = W_q + E[S]. (test/sim/theory.ts has the engine's own yardsticks;
 * notebooks may not import test/, so the few formulas needed are here, tested against those.)
 * Pure and browser-safe.
 */
import { requireParam } from "../sim/errors.js";

/** A single-class FIFO queue: λ, mean service time, servers, and the service time's CV. */
export interface QueueParams {
  arrivalRatePerSec: number;
  meanServiceSec: number;
  servers: number;
  /** Coefficient of variation of the service time (1 = exponential, 0 = constant). Default 1. */
  serviceCv?: number;
}

function check(q: QueueParams): { lambda: number; s: number; c: number; cv: number } {
  requireParam(Number.isFinite(q.arrivalRatePerSec) && q.arrivalRatePerSec > 0, "queue.arrivalRatePerSec", "a finite number > 0", q.arrivalRatePerSec);
  requireParam(Number.isFinite(q.meanServiceSec) && q.meanServiceSec > 0, "queue.meanServiceSec", "a finite number > 0", q.meanServiceSec);
  requireParam(Number.isSafeInteger(q.servers) && q.servers >= 1, "queue.servers", "an integer >= 1", q.servers);
  const cv = q.serviceCv ?? 1;
  requireParam(Number.isFinite(cv) && cv >= 0, "queue.serviceCv", "a finite number >= 0", cv);
  const a = q.arrivalRatePerSec * q.meanServiceSec;
  requireParam(a < q.servers, "queue.arrivalRatePerSec", `< servers / meanServiceSec (${q.servers / q.meanServiceSec}/s) for a stable queue`, q.arrivalRatePerSec);
  return { lambda: q.arrivalRatePerSec, s: q.meanServiceSec, c: q.servers, cv };
}

/**
 * Erlang's C formula: the probability that an arrival waits in an M/M/c queue with offered load
 * a < c Erlangs, from the stable Erlang B recursion B(k) = a·B(k−1) / (k + a·B(k−1)) and
 * C = c·B / (c − a·(1 − B)).
 * @throws RangeError if servers is not an integer >= 1 or a is not in (0, servers).
 * Source: Kleinrock, Queueing Systems Vol. 1 (1975), §3.5.
 */
export function erlangC(servers: number, offeredLoadErlangs: number): number {
  requireParam(Number.isSafeInteger(servers) && servers >= 1, "erlangC.servers", "an integer >= 1", servers);
  requireParam(Number.isFinite(offeredLoadErlangs) && offeredLoadErlangs > 0 && offeredLoadErlangs < servers, "erlangC.offeredLoadErlangs", `in (0, ${servers})`, offeredLoadErlangs);
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (offeredLoadErlangs * b) / (k + offeredLoadErlangs * b);
  return (servers * b) / (servers - offeredLoadErlangs * (1 - b));
}

/**
 * Mean response time (s) of an M/M/c FIFO queue: C(c, a) / (cμ − λ) + 1/μ (serviceCv is ignored).
 * @throws RangeError for invalid or unstable parameters (λ·E[S] >= c).
 * Source: Kleinrock (1975), §3.5.
 */
export function mmcMeanResponseSec(q: QueueParams): number {
  const { lambda, s, c } = check(q);
  const mu = 1 / s;
  return erlangC(c, lambda * s) / (c * mu - lambda) + s;
}

/**
 * Mean response time (s) of an M/G/1 FIFO queue by Pollaczek–Khinchine:
 * W_q = λ·E[S²] / (2(1 − ρ)) with E[S²] = (1 + cv²)·E[S]², plus E[S].
 * @throws RangeError for invalid or unstable parameters, or servers != 1.
 * Source: Kleinrock, Queueing Systems Vol. 1 (1975), ch. 5 (M/G/1: the Pollaczek–Khinchine mean-value formula).
 */
export function mg1MeanResponseSec(q: QueueParams): number {
  const { lambda, s, c, cv } = check(q);
  requireParam(c === 1, "queue.servers", "1 for M/G/1 (use allenCunneenMeanResponseSec for c > 1)", c);
  const rho = lambda * s;
  return (lambda * (1 + cv * cv) * s * s) / (2 * (1 - rho)) + s;
}

/**
 * Approximate mean response time (s) of an M/G/c FIFO queue (Allen–Cunneen): the M/M/c wait scaled
 * by (1 + cv²)/2, plus E[S]. Exact for c = 1 (it is then P-K) and for cv = 1 (M/M/c).
 * @throws RangeError for invalid or unstable parameters.
 * Source: A. O. Allen, Probability, Statistics and Queueing Theory (2nd ed., 1990), the Allen–Cunneen
 * approximation for GI/G/c with Poisson arrivals (c_a² = 1).
 */
export function allenCunneenMeanResponseSec(q: QueueParams): number {
  const { lambda, s, c, cv } = check(q);
  const waitMmc = erlangC(c, lambda * s) / (c / s - lambda);
  return (waitMmc * (1 + cv * cv)) / 2 + s;
}

/**
 * The closed form that applies to a queue, and its name: M/M/c (cv = 1), M/G/1 (c = 1), else the
 * Allen–Cunneen approximation (flagged `exact: false`).
 * @throws RangeError for invalid or unstable parameters.
 */
export function theoryMeanResponse(q: QueueParams): { valueSec: number; formula: "Erlang C (M/M/c)" | "Pollaczek–Khinchine (M/G/1)" | "Allen–Cunneen (M/G/c, approximate)"; exact: boolean } {
  const cv = q.serviceCv ?? 1;
  if (cv === 1) return { valueSec: mmcMeanResponseSec(q), formula: "Erlang C (M/M/c)", exact: true };
  if (q.servers === 1) return { valueSec: mg1MeanResponseSec(q), formula: "Pollaczek–Khinchine (M/G/1)", exact: true };
  return { valueSec: allenCunneenMeanResponseSec(q), formula: "Allen–Cunneen (M/G/c, approximate)", exact: false };
}
