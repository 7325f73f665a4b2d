/**
 * The load generator's schedule: when each new connection starts and which client opens it,
 * computed before the run from the scenario, with the simulator's own pieces and stream names, so
 * the real run and the simulator's replication r see the very same arrivals and clients:
 *
 *   times     models/load/rateSchedule.ts (buildRateSchedule; Poisson: nextArrivalSec with unit
 *             gaps -ln(1-u) from stream "arrivals"; uniform: inverseCumulative(k) for k = 0, 1, …),
 *             as models/load/openLoopArrivals.ts does
 *   reuse     uniform spacing: one draw per arrival from stream "reuse", reused iff u < fraction;
 *             Poisson: folded into the rate (thinRateSchedule), as the simulator does
 *   prewarm   connection j of a prewarm at atSec + j·overSec/connections
 *   clients   sim/discrete.ts uniformIndex or zipfIndex on stream "client-select", drawn in
 *             arrival order (models/wire.ts)
 *
 * Streams come from RandomStreams(run.seed, replication) (sim/random.ts): by (seed, replication,
 * name), whatever else draws.
 */
import { uniformIndex, zipfIndex } from "../../sim/discrete.js";
import { RandomStreams } from "../../sim/random.js";
import { buildRateSchedule, thinRateSchedule } from "../../models/load/rateSchedule.js";
import type { Scenario } from "../../models/scenario/types.js";
import { UnsupportedScenarioError } from "../servers/serverSpec.js";

/**
 * Every stream the load generator draws from: "arrivals", "reuse" and "client-select" here, and
 * "retry" in openLoopClient.ts. A measured repeat shares exactly these draws with the simulator's
 * replication it replays; every other stream of the model (service times, the worker the kernel
 * wakes, the modelled client's pauses) is the model's own (validate/paired.ts averages over them).
 */
export const GENERATOR_STREAMS: readonly string[] = ["arrivals", "reuse", "client-select", "retry"];

/** New connections in start order: start time (s from the run's t = 0) and client index in [0, population). */
export interface ArrivalSchedule {
  timesSec: Float64Array;
  clientIds: Int32Array;
}

/** Largest schedule the generator accepts (a bound on every load loop). */
export const MAX_SCHEDULED_CONNECTIONS = 2_000_000;

/**
 * The arrivals of replication `replication` of `scenario` over [0, run.durationSec).
 * @throws UnsupportedScenarioError for persistent clients (closed loop: not run by the generator)
 *   or more than {@link MAX_SCHEDULED_CONNECTIONS} arrivals; RangeError from buildRateSchedule for a bad load.
 */
export function buildArrivalSchedule(scenario: Scenario, replication = 0): ArrivalSchedule {
  const { load, run, clients } = scenario;
  if (load.persistent !== null) throw new UnsupportedScenarioError(`${scenario.name}: load.persistent: persistent clients are not run by the load generator`);
  const streams = new RandomStreams(run.seed, replication);
  const arrivals = streams.stream("arrivals");
  const reuse = streams.stream("reuse");
  const base = buildRateSchedule(load, run.durationSec);
  const poisson = load.arrivals === "poisson";
  const windows = [...load.reuseWindows].sort((a, b) => a.atSec - b.atSec);
  const thinned = poisson && (load.reuseFraction > 0 || windows.length > 0);
  const schedule = thinned ? thinRateSchedule(base, load.reuseFraction, windows) : base;
  const reuseAt = (t: number): number => {
    for (const w of windows) if (t >= w.atSec && t < w.atSec + w.forSec) return w.fraction;
    return load.reuseFraction;
  };
  const open: number[] = [];
  const limit = (n: number) => {
    if (n > MAX_SCHEDULED_CONNECTIONS) throw new UnsupportedScenarioError(`${scenario.name}: load: more than ${MAX_SCHEDULED_CONNECTIONS} connections scheduled`);
  };
  if (poisson) {
    for (let t = schedule.nextArrivalSec(0, -Math.log(1 - arrivals.next())); t < run.durationSec; t = schedule.nextArrivalSec(t, -Math.log(1 - arrivals.next()))) {
      open.push(t);
      limit(open.length);
    }
  } else {
    for (let k = 0, t = schedule.inverseCumulative(0); t < run.durationSec; t = schedule.inverseCumulative(++k)) {
      if (!(reuse.next() < reuseAt(t))) open.push(t);
      limit(k);
    }
  }
  const prewarm: number[] = [];
  for (const p of load.prewarm) {
    for (let j = 0; j < p.connections; j++) {
      const t = p.atSec + (j * p.overSec) / p.connections;
      if (t < run.durationSec) prewarm.push(t);
    }
  }
  prewarm.sort((a, b) => a - b);
  limit(open.length + prewarm.length);
  const n = open.length + prewarm.length;
  const timesSec = new Float64Array(n);
  const clientIds = new Int32Array(n);
  const select = clients.selection.kind === "zipf" ? zipfIndex(clients.population, clients.selection.alpha, streams.stream("client-select")) : uniformIndex(clients.population, streams.stream("client-select"));
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    const takeOpen = b >= prewarm.length || (a < open.length && open[a]! <= prewarm[b]!);
    timesSec[i] = takeOpen ? open[a++]! : prewarm[b++]!;
    clientIds[i] = select.sample();
  }
  return { timesSec, clientIds };
}

/**
 * A schedule with explicit clients: connection i at `startSec + i / ratePerSec` by client
 * `clientIds[i]` (for probes such as "each of N clients once, then again oldest first").
 * @throws RangeError if ratePerSec is not finite > 0, startSec not finite >= 0, or a client id not an integer >= 0.
 */
export function explicitSchedule(clientIds: readonly number[], ratePerSec: number, startSec = 0): ArrivalSchedule {
  if (!(Number.isFinite(ratePerSec) && ratePerSec > 0)) throw new RangeError(`ratePerSec: must be a finite number > 0 (got ${ratePerSec})`);
  if (!(Number.isFinite(startSec) && startSec >= 0)) throw new RangeError(`startSec: must be a finite number >= 0 (got ${startSec})`);
  const timesSec = new Float64Array(clientIds.length);
  const ids = new Int32Array(clientIds.length);
  clientIds.forEach((c, i) => {
    if (!(Number.isInteger(c) && c >= 0)) throw new RangeError(`clientIds[${i}]: must be an integer >= 0 (got ${c})`);
    timesSec[i] = startSec + i / ratePerSec;
    ids[i] = c;
  });
  return { timesSec, clientIds: ids };
}
