/**
 * The engine benchmark workload: FIFO M/M/c at utilization ρ for a fixed number of customers,
 * run (a) on shakedown's engine with monitoring on (time-weighted queue length and busy servers,
 * wait and sojourn histograms, counters) and (b) on a minimal hand-written binary-heap loop, the
 * reference, which draws from the same Alea streams and keeps only sums (mean sojourn and the
 * time-integrated queue length). Both return their mean sojourn time so the workloads can be
 * checked to be the same.
 */
import seedrandom from "seedrandom";
import { makeSampler } from "../sim/distributions.js";
import { Engine } from "../sim/engine.js";
import { RandomStreams, streamSeedKey } from "../sim/random.js";
import { ArrivalProcess } from "../sim/source.js";
import { Station } from "../sim/station.js";
import { StatsScope } from "../sim/stats/scope.js";

/** One timed run: customers served, wall seconds, and the mean sojourn time (s) it measured. */
export interface WorkloadRun {
  customers: number;
  wallSec: number;
  meanSojournSec: number;
}

/** M/M/c workload on the shakedown engine (service mean 1 s, λ = ρ·c). */
export function runEngineMMc(servers: number, rho: number, customers: number, seed: number): WorkloadRun {
  const t0 = performance.now();
  const engine = new Engine();
  const stats = new StatsScope(engine);
  const streams = new RandomStreams(seed);
  const station = new Station(engine, {
    name: "station",
    servers,
    serviceSec: makeSampler({ kind: "exponential", mean: 1 }, streams.stream("service")),
    stats,
  });
  const arrivals = new ArrivalProcess(engine, {
    interarrivalSec: makeSampler({ kind: "exponential", mean: 1 / (rho * servers) }, streams.stream("arrivals")),
    onArrival: (i) => station.arrive(i),
    maxArrivals: customers,
  });
  arrivals.start();
  engine.runUntilEmpty();
  const wallSec = (performance.now() - t0) / 1000;
  const sojourn = stats.snapshot().histograms["station.sojournSec"];
  const mean = "total" in sojourn ? sojourn.total.mean : sojourn.mean;
  return { customers: station.completed, wallSec, meanSojournSec: mean ?? NaN };
}

/**
 * The same M/M/c workload as a bare loop: a binary heap of (time, seq) with parallel typed
 * arrays, event type 0 = arrival and s+1 = departure from server s, one FIFO ring of arrival times.
 */
export function runReferenceMMc(servers: number, rho: number, customers: number, seed: number): WorkloadRun {
  const t0 = performance.now();
  const arrivalU = seedrandom.alea(streamSeedKey(seed, 0, "arrivals"));
  const serviceU = seedrandom.alea(streamSeedKey(seed, 0, "service"));
  const meanInterarrival = 1 / (rho * servers);
  const cap = servers + 2;
  const hTime = new Float64Array(cap);
  const hSeq = new Float64Array(cap);
  const hType = new Int32Array(cap);
  let hSize = 0;
  let seq = 0;
  const push = (t: number, type: number) => {
    let i = hSize++;
    const s = seq++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (hTime[p] < t || (hTime[p] === t && hSeq[p] < s)) break;
      hTime[i] = hTime[p];
      hSeq[i] = hSeq[p];
      hType[i] = hType[p];
      i = p;
    }
    hTime[i] = t;
    hSeq[i] = s;
    hType[i] = type;
  };
  let popTime = 0;
  let popType = 0;
  const pop = () => {
    popTime = hTime[0];
    popType = hType[0];
    const n = --hSize;
    const t = hTime[n];
    const s = hSeq[n];
    const ty = hType[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (hTime[c + 1] < hTime[c] || (hTime[c + 1] === hTime[c] && hSeq[c + 1] < hSeq[c]))) c++;
      if (t < hTime[c] || (t === hTime[c] && s < hSeq[c])) break;
      hTime[i] = hTime[c];
      hSeq[i] = hSeq[c];
      hType[i] = hType[c];
      i = c;
    }
    hTime[i] = t;
    hSeq[i] = s;
    hType[i] = ty;
  };
  let ring = new Float64Array(1024);
  let head = 0;
  let qLen = 0;
  const busyArrival = new Float64Array(servers);
  const idle: number[] = [];
  for (let s = servers - 1; s >= 0; s--) idle.push(s);
  let arrived = 0;
  let done = 0;
  let sumSojourn = 0;
  let qArea = 0;
  let lastT = 0;
  push(-meanInterarrival * Math.log(1 - arrivalU()), 0);
  while (hSize > 0) {
    pop();
    const now = popTime;
    qArea += qLen * (now - lastT);
    lastT = now;
    if (popType === 0) {
      arrived++;
      if (arrived < customers) push(now - meanInterarrival * Math.log(1 - arrivalU()), 0);
      if (idle.length > 0) {
        const s = idle.pop()!;
        busyArrival[s] = now;
        push(now - Math.log(1 - serviceU()), s + 1);
      } else {
        if (qLen === ring.length) {
          const next = new Float64Array(ring.length * 2);
          for (let i = 0; i < qLen; i++) next[i] = ring[(head + i) % ring.length];
          ring = next;
          head = 0;
        }
        ring[(head + qLen) % ring.length] = now;
        qLen++;
      }
    } else {
      const s = popType - 1;
      sumSojourn += now - busyArrival[s];
      done++;
      if (qLen > 0) {
        busyArrival[s] = ring[head];
        head = (head + 1) % ring.length;
        qLen--;
        push(now - Math.log(1 - serviceU()), s + 1);
      } else idle.push(s);
    }
  }
  const wallSec = (performance.now() - t0) / 1000;
  if (qArea < 0) throw new Error("unreachable");
  return { customers: done, wallSec, meanSojournSec: sumSojourn / done };
}
