/**
 * The offered-load schedule: a piecewise-linear new-connection rate λ(t) (per s) on [0, durationSec),
 * its integral Λ(t) = ∫0^t λ (expected arrivals by t), and the inverse of Λ.
 *
 * Built once at wiring from the scenario's `load` section:
 *   - the base rate `ratePerSec` holds from t = 0;
 *   - a phase replaces it from `atSec` on, until the next phase or ramp;
 *   - a ramp replaces it on [fromSec, toSec) by the line from startRatePerSec to endRatePerSec, and
 *     endRatePerSec holds afterwards until the next phase or ramp;
 *   - a spike overrides everything on [atSec, atSec + forSec); the underlying schedule resumes after.
 *
 * Arrivals of a non-homogeneous Poisson process are the images under Λ⁻¹ of a unit-rate Poisson process
 * (time change by the cumulative rate function): Law & Kelton, "Simulation Modeling and Analysis",
 * §8.6.2 (nonstationary Poisson process, inversion of the cumulative rate function), after Çinlar,
 * "Introduction to Stochastic Processes" (1975). {@link RateSchedule.nextArrivalSec} does that step.
 */
import { InvariantError, requireParam } from "../../sim/errors.js";
import type { LoadSpec } from "../scenario/types.js";

/** One linear piece of λ: on [startSec, endSec) the rate is rateAtStartPerSec + slopePerSecPerSec·(t − startSec). */
export interface RateSegment {
  startSec: number;
  endSec: number;
  rateAtStartPerSec: number;
  slopePerSecPerSec: number;
}

/**
 * A piecewise-linear rate λ(t) >= 0 on [0, durationSec), stored as sorted contiguous segments in typed arrays
 * (segment i covers [startSec[i], endSec[i]); the first starts at 0, the last ends at durationSec). λ is 0 outside.
 * Build it with {@link buildRateSchedule}. Query methods allocate nothing; the lookups used by arrival sources
 * ({@link nextArrivalSec}, {@link inverseCumulative}) keep a cursor on the current segment, so calls with times
 * moving forward cost amortised O(1); a call going backwards falls back to a binary search.
 */
export class RateSchedule {
  /** End of the schedule (s); λ = 0 from here on. */
  readonly durationSec: number;
  /** Number of segments. */
  readonly segmentCount: number;
  /** Segment starts (s), increasing, startSec[0] = 0. */
  readonly startSec: Float64Array;
  /** Segment ends (s): endSec[i] = startSec[i+1], the last is durationSec. */
  readonly endSec: Float64Array;
  /** λ at each segment's start (per s). */
  readonly rateAtStartPerSec: Float64Array;
  /** dλ/dt within each segment (per s per s). */
  readonly slopePerSecPerSec: Float64Array;
  /** Λ(startSec[i]): expected arrivals before each segment. */
  readonly cumulativeAtStart: Float64Array;
  /** Expected arrivals within each segment (its Λ increment). */
  readonly expectedArrivals: Float64Array;
  /** Λ(durationSec): expected arrivals over the whole schedule. */
  readonly totalExpectedArrivals: number;
  private cursor: number;

  /**
   * Segments given by their starts (first 0, strictly increasing, all < durationSec), start rates and slopes.
   * @throws InvariantError if the segments are malformed or λ would be negative or NaN anywhere.
   */
  constructor(durationSec: number, startSec: Float64Array, rateAtStartPerSec: Float64Array, slopePerSecPerSec: Float64Array) {
    const n = startSec.length;
    if (!(durationSec > 0 && durationSec < Infinity)) throw new InvariantError(`rate schedule: bad duration ${durationSec}`);
    if (n < 1 || rateAtStartPerSec.length !== n || slopePerSecPerSec.length !== n || startSec[0] !== 0) {
      throw new InvariantError("rate schedule: segments must start at 0 and have one rate and slope each");
    }
    this.durationSec = durationSec;
    this.segmentCount = n;
    this.startSec = startSec;
    this.endSec = new Float64Array(n);
    this.rateAtStartPerSec = rateAtStartPerSec;
    this.slopePerSecPerSec = slopePerSecPerSec;
    this.cumulativeAtStart = new Float64Array(n);
    this.expectedArrivals = new Float64Array(n);
    let cumulative = 0;
    for (let i = 0; i < n; i++) {
      const end = i + 1 < n ? startSec[i + 1] : durationSec;
      const len = end - startSec[i];
      const r0 = rateAtStartPerSec[i];
      const r1 = r0 + slopePerSecPerSec[i] * len;
      // Tolerate a rounding-level negative end rate of a ramp down to 0.
      if (!(len > 0) || !(r0 >= 0) || !(r1 >= -1e-9 * Math.max(1, r0)) || !Number.isFinite(slopePerSecPerSec[i])) {
        throw new InvariantError(`rate schedule: segment ${i} [${startSec[i]}, ${end}) has bad length or rate ${r0} -> ${r1}`);
      }
      this.endSec[i] = end;
      this.cumulativeAtStart[i] = cumulative;
      const mass = len * 0.5 * (r0 + Math.max(0, r1)); // trapezoid: exact for a line
      this.expectedArrivals[i] = mass;
      cumulative += mass;
    }
    this.totalExpectedArrivals = cumulative;
    this.cursor = 0;
  }

  /** The segments as plain objects (allocates: for inspection and tests, not for hot paths). */
  segments(): RateSegment[] {
    const out: RateSegment[] = [];
    for (let i = 0; i < this.segmentCount; i++) {
      out.push({ startSec: this.startSec[i], endSec: this.endSec[i], rateAtStartPerSec: this.rateAtStartPerSec[i], slopePerSecPerSec: this.slopePerSecPerSec[i] });
    }
    return out;
  }

  /** λ(tSec) in per s; 0 for t < 0 or t >= durationSec. @throws InvariantError if tSec is NaN. */
  rateAt(tSec: number): number {
    if (Number.isNaN(tSec)) throw new InvariantError("rateAt: NaN time");
    if (tSec < 0 || tSec >= this.durationSec) return 0;
    const i = this.segmentIndexAt(tSec);
    return Math.max(0, this.rateAtStartPerSec[i] + this.slopePerSecPerSec[i] * (tSec - this.startSec[i]));
  }

  /** Λ(tSec) = ∫0^t λ: expected arrivals in [0, t). 0 for t <= 0, Λ(durationSec) for t >= durationSec. @throws InvariantError if NaN. */
  cumulative(tSec: number): number {
    if (Number.isNaN(tSec)) throw new InvariantError("cumulative: NaN time");
    if (tSec <= 0) return 0;
    if (tSec >= this.durationSec) return this.totalExpectedArrivals;
    const i = this.segmentIndexAt(tSec);
    const x = tSec - this.startSec[i];
    return this.cumulativeAtStart[i] + x * (this.rateAtStartPerSec[i] + 0.5 * this.slopePerSecPerSec[i] * x);
  }

  /**
   * Λ⁻¹(target): the time t in [0, durationSec) at which Λ passes `target` (expected arrivals), i.e. inf{t : Λ(t) > target};
   * Infinity if Λ(durationSec) <= target. Where λ > 0 this is the unique t with Λ(t) = target; across a stretch with λ = 0
   * it returns the end of the stretch (when the rate turns on again), so an arrival is never placed where λ = 0.
   * Amortised O(1) for increasing targets; allocates nothing.
   * @throws InvariantError if target is negative or NaN.
   */
  inverseCumulative(target: number): number {
    if (!(target >= 0)) throw new InvariantError(`inverseCumulative: target must be >= 0 (got ${target})`);
    if (target >= this.totalExpectedArrivals) return Infinity;
    const cum = this.cumulativeAtStart;
    const mass = this.expectedArrivals;
    const n = this.segmentCount;
    let i = this.cursor;
    if (target < cum[i]) i = this.segmentIndexAtCumulative(target);
    while (i < n && !(target - cum[i] < mass[i])) i++;
    if (i >= n) return Infinity; // rounding at the very end
    this.cursor = i;
    const x = solveWithin(this.rateAtStartPerSec[i], this.slopePerSecPerSec[i], target - cum[i], this.endSec[i] - this.startSec[i]);
    const t = this.startSec[i] + x;
    return t < this.durationSec ? t : Infinity;
  }

  /**
   * The next arrival of the time-changed process: the t >= fromSec with Λ(t) − Λ(fromSec) = unitGap (the first time the
   * increment exceeds unitGap if λ = 0 there), Infinity if that is at or after durationSec. With unitGap ~ Exp(1) the
   * successive results are a non-homogeneous Poisson process with rate λ (Law & Kelton §8.6.2). t > fromSec whenever
   * unitGap > 0 is above float resolution; unitGap = 0 gives fromSec (or the time λ turns on).
   * Walks segments from a cached cursor (amortised O(1) for increasing fromSec), skips λ = 0 segments, and solves
   * r·x + s·x²/2 = R in a segment with the cancellation-free root x = 2R / (r + √(r² + 2sR))
   * (Press et al., Numerical Recipes, §5.6). Allocates nothing.
   * @throws InvariantError if fromSec or unitGap is negative or NaN.
   */
  nextArrivalSec(fromSec: number, unitGap: number): number {
    if (!(fromSec >= 0) || !(unitGap >= 0)) throw new InvariantError(`nextArrivalSec: bad arguments (${fromSec}, ${unitGap})`);
    if (fromSec >= this.durationSec) return Infinity;
    const start = this.startSec;
    const end = this.endSec;
    const n = this.segmentCount;
    let i = this.cursor;
    if (fromSec < start[i]) i = this.segmentIndexAt(fromSec);
    while (fromSec >= end[i]) i++; // fromSec < durationSec = end[n-1] stops this
    this.cursor = i;
    // The part of segment i after fromSec.
    const slope = this.slopePerSecPerSec[i];
    let rate = Math.max(0, this.rateAtStartPerSec[i] + slope * (fromSec - start[i]));
    let len = end[i] - fromSec;
    let remaining = unitGap;
    let mass = len * (rate + 0.5 * slope * len);
    if (remaining < mass) {
      const t = fromSec + solveWithin(rate, slope, remaining, len);
      return t < this.durationSec ? t : Infinity;
    }
    remaining -= mass;
    const mass0 = this.expectedArrivals;
    for (i++; i < n; i++) {
      mass = mass0[i];
      if (remaining < mass) {
        this.cursor = i;
        rate = this.rateAtStartPerSec[i];
        len = end[i] - start[i];
        const t = start[i] + solveWithin(rate, this.slopePerSecPerSec[i], remaining, len);
        return t < this.durationSec ? t : Infinity;
      }
      remaining -= mass;
    }
    this.cursor = n - 1;
    return Infinity;
  }

  /** Index of the segment containing t (largest i with startSec[i] <= t); t in [0, durationSec). */
  private segmentIndexAt(tSec: number): number {
    const start = this.startSec;
    let lo = 0;
    let hi = this.segmentCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (start[mid] <= tSec) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Largest i with cumulativeAtStart[i] <= target. */
  private segmentIndexAtCumulative(target: number): number {
    const cum = this.cumulativeAtStart;
    let lo = 0;
    let hi = this.segmentCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (cum[mid] <= target) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/**
 * The x in [0, lenSec] with rate·x + slope·x²/2 = mass, given mass < the segment's mass (so a root exists in range).
 * Stable root 2·mass / (rate + √(rate² + 2·slope·mass)): no cancellation since rate >= 0 (Numerical Recipes §5.6).
 */
function solveWithin(ratePerSec: number, slopePerSecPerSec: number, mass: number, lenSec: number): number {
  if (mass <= 0) return 0;
  let x: number;
  if (slopePerSecPerSec === 0) x = mass / ratePerSec;
  else {
    const disc = ratePerSec * ratePerSec + 2 * slopePerSecPerSec * mass;
    x = (2 * mass) / (ratePerSec + Math.sqrt(disc > 0 ? disc : 0));
  }
  return x < lenSec ? x : lenSec;
}

/** A piece of the base schedule (before spikes): linear from startRatePerSec at fromSec to endRatePerSec at toSec. */
interface BasePiece {
  fromSec: number;
  toSec: number;
  startRatePerSec: number;
  endRatePerSec: number;
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

function checkRate(value: number, path: string): void {
  requireParam(isFiniteNumber(value) && value >= 0, path, "a finite rate >= 0 (per s)", value);
}

/**
 * Builds the rate schedule of a scenario's `load` section over [0, durationSec); see the module comment for the rules.
 * Phases, ramps and spikes may be given in any order. Errors name the path, e.g.
 * `load.spikes[1].forSec: must end by run.durationSec = 30 (got 12)`.
 * @throws RangeError if durationSec is not finite > 0 (`run.durationSec`); a rate is negative or not finite; a phase or
 * spike starts outside [0, durationSec); a ramp has fromSec >= toSec or lies outside [0, durationSec]; a spike has
 * forSec <= 0 or ends after durationSec; two phases share atSec; ramps overlap; a phase falls in a ramp's [fromSec, toSec);
 * spikes overlap.
 */
export function buildRateSchedule(load: Pick<LoadSpec, "ratePerSec" | "phases" | "ramps" | "spikes">, durationSec: number): RateSchedule {
  requireParam(isFiniteNumber(durationSec) && durationSec > 0, "run.durationSec", "a finite number > 0", durationSec);
  checkRate(load.ratePerSec, "load.ratePerSec");
  const range = "in [0, run.durationSec = " + String(durationSec) + ")";

  const phases = load.phases.map((p, i) => ({ p, i }));
  for (const { p, i } of phases) {
    const path = "load.phases[" + String(i) + "]";
    requireParam(isFiniteNumber(p.atSec) && p.atSec >= 0 && p.atSec < durationSec, path + ".atSec", range, p.atSec);
    checkRate(p.ratePerSec, path + ".ratePerSec");
  }
  phases.sort((a, b) => a.p.atSec - b.p.atSec || a.i - b.i);
  for (let k = 1; k < phases.length; k++) {
    const prev = phases[k - 1];
    const cur = phases[k];
    requireParam(cur.p.atSec !== prev.p.atSec, "load.phases[" + String(cur.i) + "].atSec", "different from load.phases[" + String(prev.i) + "].atSec", cur.p.atSec);
  }

  const ramps = load.ramps.map((r, i) => ({ r, i }));
  for (const { r, i } of ramps) {
    const path = "load.ramps[" + String(i) + "]";
    requireParam(isFiniteNumber(r.fromSec) && r.fromSec >= 0 && r.fromSec < durationSec, path + ".fromSec", range, r.fromSec);
    requireParam(isFiniteNumber(r.toSec) && r.toSec > r.fromSec, path + ".toSec", "> fromSec = " + String(r.fromSec), r.toSec);
    requireParam(r.toSec <= durationSec, path + ".toSec", "<= run.durationSec = " + String(durationSec), r.toSec);
    checkRate(r.startRatePerSec, path + ".startRatePerSec");
    checkRate(r.endRatePerSec, path + ".endRatePerSec");
  }
  ramps.sort((a, b) => a.r.fromSec - b.r.fromSec);
  for (let k = 1; k < ramps.length; k++) {
    const prev = ramps[k - 1];
    const cur = ramps[k];
    const prevPath = "load.ramps[" + String(prev.i) + "]";
    requireParam(cur.r.fromSec >= prev.r.toSec, "load.ramps[" + String(cur.i) + "].fromSec", ">= " + prevPath + ".toSec = " + String(prev.r.toSec) + " (ramps must not overlap)", cur.r.fromSec);
  }
  for (const { p, i } of phases) {
    for (const { r, i: j } of ramps) {
      const inside = p.atSec >= r.fromSec && p.atSec < r.toSec;
      const where = "outside load.ramps[" + String(j) + "] = [" + String(r.fromSec) + ", " + String(r.toSec) + ")";
      requireParam(!inside, "load.phases[" + String(i) + "].atSec", where, p.atSec);
    }
  }

  const spikes = load.spikes.map((s, i) => ({ s, i }));
  for (const { s, i } of spikes) {
    const path = "load.spikes[" + String(i) + "]";
    requireParam(isFiniteNumber(s.atSec) && s.atSec >= 0 && s.atSec < durationSec, path + ".atSec", range, s.atSec);
    requireParam(isFiniteNumber(s.forSec) && s.forSec > 0, path + ".forSec", "a finite duration > 0", s.forSec);
    requireParam(s.atSec + s.forSec <= durationSec, path + ".forSec", "<= run.durationSec - atSec = " + String(durationSec - s.atSec) + " (the spike must end by the end of the run)", s.forSec);
    checkRate(s.ratePerSec, path + ".ratePerSec");
  }
  spikes.sort((a, b) => a.s.atSec - b.s.atSec);
  for (let k = 1; k < spikes.length; k++) {
    const prev = spikes[k - 1];
    const prevEnd = prev.s.atSec + prev.s.forSec;
    requireParam(spikes[k].s.atSec >= prevEnd, "load.spikes[" + String(spikes[k].i) + "].atSec", ">= the end of load.spikes[" + String(prev.i) + "] = " + String(prevEnd) + " (spikes must not overlap)", spikes[k].s.atSec);
  }

  // Base pieces: walk phases and ramps in time order.
  const pieces: BasePiece[] = [];
  let curSec = 0;
  let curRate = load.ratePerSec;
  let ip = 0;
  let ir = 0;
  while (ip < phases.length || ir < ramps.length) {
    const takePhase = ir >= ramps.length || (ip < phases.length && phases[ip].p.atSec < ramps[ir].r.fromSec);
    const at = takePhase ? phases[ip].p.atSec : ramps[ir].r.fromSec;
    if (at > curSec) pieces.push({ fromSec: curSec, toSec: at, startRatePerSec: curRate, endRatePerSec: curRate });
    if (takePhase) {
      curRate = phases[ip++].p.ratePerSec;
      curSec = at;
    } else {
      const r = ramps[ir++].r;
      pieces.push({ fromSec: r.fromSec, toSec: r.toSec, startRatePerSec: r.startRatePerSec, endRatePerSec: r.endRatePerSec });
      curRate = r.endRatePerSec;
      curSec = r.toSec;
    }
  }
  if (curSec < durationSec) pieces.push({ fromSec: curSec, toSec: durationSec, startRatePerSec: curRate, endRatePerSec: curRate });

  // Cut the base pieces at the spike boundaries and overlay the spikes.
  const cuts: number[] = [];
  for (const piece of pieces) cuts.push(piece.fromSec);
  for (const { s } of spikes) cuts.push(s.atSec, s.atSec + s.forSec);
  cuts.sort((a, b) => a - b);
  const starts: number[] = [];
  const rates: number[] = [];
  const slopes: number[] = [];
  let pieceIndex = 0;
  let spikeIndex = 0;
  for (let k = 0; k < cuts.length; k++) {
    const t = cuts[k];
    if (t >= durationSec || (k > 0 && t === cuts[k - 1])) continue;
    while (spikeIndex < spikes.length && spikes[spikeIndex].s.atSec + spikes[spikeIndex].s.forSec <= t) spikeIndex++;
    let rate: number;
    let slope: number;
    if (spikeIndex < spikes.length && spikes[spikeIndex].s.atSec <= t) {
      rate = spikes[spikeIndex].s.ratePerSec;
      slope = 0;
    } else {
      while (pieces[pieceIndex].toSec <= t) pieceIndex++;
      const piece = pieces[pieceIndex];
      const span = piece.toSec - piece.fromSec;
      const rise = piece.endRatePerSec - piece.startRatePerSec;
      rate = piece.startRatePerSec + rise * ((t - piece.fromSec) / span);
      slope = rise / span;
    }
    const last = starts.length - 1;
    if (last >= 0 && slope === 0 && slopes[last] === 0 && rates[last] === rate) continue; // merge equal constants
    starts.push(t);
    rates.push(rate);
    slopes.push(slope);
  }
  return new RateSchedule(durationSec, Float64Array.from(starts), Float64Array.from(rates), Float64Array.from(slopes));
}

/**
 * λ(t)·(1 − f(t)): the schedule of arrivals that remain after independent thinning with a
 * piecewise-constant probability f (the base `fraction`, replaced inside each window). Thinning a
 * Poisson process with probability p leaves a Poisson process of rate λ(1 − p) (the thinning
 * theorem, e.g. Çinlar 1975, or Ross, "Stochastic Processes", §2.3), so the survivors can be drawn
 * directly instead of drawing and discarding the thinned ones.
 * Windows must be sorted by atSec and not overlap (as OpenLoopArrivals validates).
 */
export function thinRateSchedule(schedule: RateSchedule, fraction: number, windows: readonly { atSec: number; forSec: number; fraction: number }[]): RateSchedule {
  const cuts = new Set<number>();
  for (let i = 0; i < schedule.segmentCount; i++) cuts.add(schedule.startSec[i]);
  for (const w of windows) {
    if (w.atSec < schedule.durationSec) cuts.add(w.atSec);
    if (w.atSec + w.forSec < schedule.durationSec) cuts.add(w.atSec + w.forSec);
  }
  const starts = [...cuts].sort((a, b) => a - b);
  const keep = (t: number) => {
    for (const w of windows) if (t >= w.atSec && t < w.atSec + w.forSec) return 1 - w.fraction;
    return 1 - fraction;
  };
  const rate = new Float64Array(starts.length);
  const slope = new Float64Array(starts.length);
  starts.forEach((t, i) => {
    const k = keep(t);
    rate[i] = schedule.rateAt(t) * k;
    let seg = 0;
    while (seg + 1 < schedule.segmentCount && schedule.startSec[seg + 1] <= t) seg++;
    slope[i] = schedule.slopePerSecPerSec[seg] * k;
  });
  return new RateSchedule(schedule.durationSec, Float64Array.from(starts), rate, slope);
}
