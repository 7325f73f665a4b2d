/**
 * Closed forms of classical queues, used as the yardstick of the engine's analytic tests.
 *
 * Notation: λ = arrivalRatePerSec, μ = serviceRatePerSec (1 / mean service time), c = servers,
 * a = λ/μ the offered load in Erlangs, ρ = a/c the utilization. Every function validates its
 * inputs (finite, in range, stable where the formula needs it) and throws a RangeError naming the
 * parameter otherwise. Nothing here simulates; these are plain numbers.
 */
import { requireParam } from "../../sim/errors.js";

/** λ and μ of a Markovian queue (arrivals per second, services per second per server). */
export interface MarkovRates {
  arrivalRatePerSec: number;
  serviceRatePerSec: number;
}

function requirePositive(x: number, path: string): void {
  requireParam(Number.isFinite(x) && x > 0, path, "a finite number > 0", x);
}

function requireServers(servers: number, path: string): void {
  requireParam(Number.isSafeInteger(servers) && servers >= 1, path, "an integer >= 1", servers);
}

/**
 * Erlang's loss formula B(c, a): the probability that a Poisson arrival finds all c servers busy
 * in an M/G/c/c loss system with offered load a = λ·E[S] Erlangs (and is lost).
 * Computed by the stable recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)).
 * It depends on the service distribution only through its mean (insensitivity).
 * @throws RangeError if servers is not an integer >= 1 or offeredLoadErlangs is not finite and > 0.
 * Sources: A. K. Erlang (1917), "Solution of some problems in the theory of probabilities of
 * significance in automatic telephone exchanges", Elektroteknikeren 13; Kleinrock, Queueing
 * Systems Vol. 1 (1975), §3.7 (M/M/m/m); insensitivity: B. A. Sevastyanov (1957), "An ergodic
 * theorem for Markov processes and its application to telephone systems with refusals", Theory of
 * Probability and its Applications 2(1):104–112; Gross & Harris, Fundamentals of Queueing Theory,
 * "Erlang's loss formula (M/G/c/c)".
 */
export function erlangB(servers: number, offeredLoadErlangs: number): number {
  requireServers(servers, "erlangB.servers");
  requirePositive(offeredLoadErlangs, "erlangB.offeredLoadErlangs");
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (offeredLoadErlangs * b) / (k + offeredLoadErlangs * b);
  return b;
}

/**
 * Erlang's delay formula C(c, a): the probability that a Poisson arrival has to wait in an M/M/c
 * queue with offered load a = λ/μ < c. Computed from Erlang B as C = c·B / (c − a·(1 − B)).
 * By PASTA it is also the long-run fraction of customers whose wait is > 0.
 * @throws RangeError if servers is not an integer >= 1, offeredLoadErlangs is not finite and > 0,
 *   or offeredLoadErlangs >= servers (the queue is unstable).
 * Sources: Kleinrock, Queueing Systems Vol. 1 (1975), §3.5 (M/M/m, "Erlang's C formula");
 * Harchol-Balter, Performance Modeling and Design of Computer Systems (2013), ch. 14 (M/M/k).
 */
export function erlangC(servers: number, offeredLoadErlangs: number): number {
  requireServers(servers, "erlangC.servers");
  requirePositive(offeredLoadErlangs, "erlangC.offeredLoadErlangs");
  requireParam(offeredLoadErlangs < servers, "erlangC.offeredLoadErlangs", `< servers (${servers}) for a stable queue`, offeredLoadErlangs);
  const b = erlangB(servers, offeredLoadErlangs);
  return (servers * b) / (servers - offeredLoadErlangs * (1 - b));
}

/**
 * Mean wait in queue W_q (s) of an M/M/c FIFO queue: C(c, a) / (c·μ − λ).
 * With c = 1 this is the M/M/1 value ρ / (μ − λ).
 * @throws RangeError if servers is not an integer >= 1, a rate is not finite and > 0, or λ >= c·μ.
 * Sources: Kleinrock, Queueing Systems Vol. 1 (1975), §3.2 (M/M/1) and §3.5 (M/M/m);
 * Gross & Harris, Fundamentals of Queueing Theory, M/M/c chapter ("W_q = C(c, a)/(cμ − λ)").
 */
export function mmcMeanWaitSec(options: MarkovRates & { servers: number }): number {
  const { servers, arrivalRatePerSec: lambda, serviceRatePerSec: mu } = options;
  requireServers(servers, "mmc.servers");
  requirePositive(lambda, "mmc.arrivalRatePerSec");
  requirePositive(mu, "mmc.serviceRatePerSec");
  requireParam(lambda < servers * mu, "mmc.arrivalRatePerSec", `< servers × serviceRatePerSec (${servers * mu}) for a stable queue`, lambda);
  return erlangC(servers, lambda / mu) / (servers * mu - lambda);
}

/**
 * Mean wait in queue W_q (s) of an M/M/1 FIFO queue: ρ / (μ − λ), ρ = λ/μ.
 * @throws RangeError if a rate is not finite and > 0, or λ >= μ.
 * Source: Kleinrock, Queueing Systems Vol. 1 (1975), §3.2 (M/M/1).
 */
export function mm1MeanWaitSec(options: MarkovRates): number {
  return mmcMeanWaitSec({ ...options, servers: 1 });
}

/**
 * Quantile of the sojourn time T = W + S (s) of an M/M/1 FIFO queue. T is exponential with rate
 * μ − λ, so its q-quantile is −ln(1 − q) / (μ − λ) (p99: ln(100) / (μ − λ)).
 * @throws RangeError if quantile is not in (0, 1), a rate is not finite and > 0, or λ >= μ.
 * Sources: Kleinrock, Queueing Systems Vol. 1 (1975), ch. 5 (M/G/1 waiting-time transform,
 * specialised to exponential service); Gross & Harris, Fundamentals of Queueing Theory, M/M/1
 * waiting-time distributions.
 */
export function mm1SojournQuantileSec(options: MarkovRates & { quantile: number }): number {
  const { quantile, arrivalRatePerSec: lambda, serviceRatePerSec: mu } = options;
  requireParam(quantile > 0 && quantile < 1, "mm1.quantile", "in (0, 1)", quantile);
  requirePositive(lambda, "mm1.arrivalRatePerSec");
  requirePositive(mu, "mm1.serviceRatePerSec");
  requireParam(lambda < mu, "mm1.arrivalRatePerSec", `< serviceRatePerSec (${mu}) for a stable queue`, lambda);
  return -Math.log(1 - quantile) / (mu - lambda);
}

/**
 * Pollaczek–Khinchine mean wait in queue W_q (s) of an M/G/1 FIFO queue:
 * W_q = λ·E[S²] / (2·(1 − ρ)), ρ = λ·E[S]. E[S²] = Var[S] + E[S]² in s².
 * (M/M/1: E[S²] = 2/μ²; M/D/1: E[S²] = E[S]², giving ρ·E[S] / (2(1 − ρ)).)
 * @throws RangeError if λ or E[S] is not finite and > 0, E[S²] < E[S]² (impossible) or not
 *   finite, or ρ >= 1.
 * Sources: Kleinrock, Queueing Systems Vol. 1 (1975), ch. 5 (the P-K mean-value formula);
 * Harchol-Balter, Performance Modeling and Design of Computer Systems (2013), ch. 23 (M/G/1).
 */
export function mg1MeanWaitSec(options: {
  arrivalRatePerSec: number;
  serviceMeanSec: number;
  serviceSecondMomentSec2: number;
}): number {
  const { arrivalRatePerSec: lambda, serviceMeanSec: mean, serviceSecondMomentSec2: m2 } = options;
  requirePositive(lambda, "mg1.arrivalRatePerSec");
  requirePositive(mean, "mg1.serviceMeanSec");
  requireParam(Number.isFinite(m2) && m2 >= mean * mean * (1 - 1e-12), "mg1.serviceSecondMomentSec2", `finite and >= serviceMeanSec² (${mean * mean})`, m2);
  const rho = lambda * mean;
  requireParam(rho < 1, "mg1.arrivalRatePerSec", `< 1/serviceMeanSec (${1 / mean}) for a stable queue`, lambda);
  return (lambda * m2) / (2 * (1 - rho));
}

/**
 * Stationary distribution of the number in system N of an M/M/c/K queue (K = capacity >= c
 * counts waiting plus in service). Birth–death balance with birth rate λ and death rate
 * min(n, c)·μ gives P_n ∝ a^n/n! for n <= c and P_n ∝ a^c/c! · (a/c)^(n−c) for c < n <= K,
 * normalised to sum to 1. Returns [P_0, ..., P_K] (length K + 1). Any λ > 0 is allowed (finite K).
 * @throws RangeError if servers is not an integer >= 1, capacity is not an integer >= servers
 *   (at most 100 000), or a rate is not finite and > 0.
 * Sources: Kleinrock, Queueing Systems Vol. 1 (1975), §3.1 (birth–death equilibrium), §3.6
 * (M/M/1/K), §3.7 (M/M/m/m); Gross & Harris, Fundamentals of Queueing Theory, "queues with
 * truncation (M/M/c/K)".
 */
export function mmcKDistribution(options: MarkovRates & { servers: number; capacity: number }): number[] {
  const { servers, capacity, arrivalRatePerSec: lambda, serviceRatePerSec: mu } = options;
  requireServers(servers, "mmcK.servers");
  requireParam(Number.isSafeInteger(capacity) && capacity >= servers && capacity <= 100_000, "mmcK.capacity", `an integer from servers (${servers}) to 100000`, capacity);
  requirePositive(lambda, "mmcK.arrivalRatePerSec");
  requirePositive(mu, "mmcK.serviceRatePerSec");
  const a = lambda / mu;
  // Unnormalised terms, rescaled whenever they grow large so that nothing overflows.
  const terms = new Array<number>(capacity + 1);
  terms[0] = 1;
  for (let n = 1; n <= capacity; n++) {
    terms[n] = (terms[n - 1] * a) / Math.min(n, servers);
    if (terms[n] > 1e200) for (let i = 0; i <= n; i++) terms[i] *= 1e-200;
  }
  let total = 0;
  for (const t of terms) total += t;
  return terms.map((t) => t / total);
}

/**
 * Blocking probability of an M/M/c/K queue: P_K, the stationary probability that K customers
 * are present, which by PASTA is the fraction of arrivals that are blocked.
 * @throws RangeError as {@link mmcKDistribution}.
 * Sources: as {@link mmcKDistribution}; PASTA: R. W. Wolff (1982), "Poisson arrivals see time
 * averages", Operations Research 30(2):223–231.
 */
export function mmcKBlockingProbability(options: MarkovRates & { servers: number; capacity: number }): number {
  const p = mmcKDistribution(options);
  return p[p.length - 1];
}
