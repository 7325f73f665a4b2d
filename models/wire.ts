/**
 * Wiring: the only code that knows every component. Turns a validated {@link Scenario} and a
 * replication index into engine, statistics and model components, each stochastic source on its
 * own named stream derived from (scenario seed, replication, name), so that changing one knob does
 * not shift the draws of the others (common random numbers across compared configurations).
 */
import { makeSampler, type DistributionSpec } from "../sim/distributions.js";
import { uniformIndex, zipfIndex, type IndexSampler } from "../sim/discrete.js";
import { Engine, type EventHandler } from "../sim/engine.js";
import { RandomStreams, type StreamVariant } from "../sim/random.js";
import { StatsScope } from "../sim/stats/scope.js";
import { CircuitBreaker } from "./admission/circuitBreaker.js";
import { ClientPopulation } from "./client/population.js";
import { RetryBudget } from "./client/retryBudget.js";
import { RetryPolicy } from "./client/retryPolicy.js";
import { LINUX_SYN_DEFAULTS, validateSynRetransmitOptions, type SynRetransmitOptions } from "./client/synRetransmit.js";
import { ClientLoops } from "./client/clientLoops.js";
import { combinedCpuFactor, CpuTrace, SlowdownTimeline } from "./server/slowdowns.js";
import { Edge } from "./edge.js";
import { FleetEvents } from "./fleetEvents.js";
import { buildRateSchedule } from "./load/rateSchedule.js";
import { SenderStalls } from "./load/senderStalls.js";
import { OpenLoopArrivals } from "./load/openLoopArrivals.js";
import { EdgeMetrics } from "./metrics.js";
import type { Scenario } from "./scenario/types.js";
import { Balancer } from "./server/balancer.js";
import { Resumption } from "./tls/resumption.js";

/** The components of one replication, ready to run. */
export interface WiredModel {
  engine: Engine;
  stats: StatsScope;
  metrics: EdgeMetrics;
  edge: Edge;
  arrivals: OpenLoopArrivals;
  fleetEvents: FleetEvents;
  resumption: Resumption;
  population: ClientPopulation;
  /** Schedules the first events (arrivals, persistent clients, disruptions, samplers). Call once. */
  start(): void;
}

/**
 * Builds replication `replication` of `scenario` (or `variant` of it: sim/random.ts StreamVariant).
 * @throws RangeError if a component refuses its options (the scenario schema should have caught it).
 */
export function wireScenario(scenario: Scenario, replication: number, variant?: StreamVariant): WiredModel {
  const { run, load, clients, fleet } = scenario;
  const engine = new Engine({ initialCalendarCapacity: 4096 });
  const stats = new StatsScope(engine, { windowSec: run.windowSec });
  const streams = new RandomStreams(run.seed, replication, variant);
  const metrics = new EdgeMetrics(stats);
  const persistentCount = load.persistent === null ? 0 : load.persistent.count;
  const population = new ClientPopulation(clients.population + persistentCount);
  const resumption = new Resumption(fleet, clients, population, metrics);
  const instanceConnections = new Int32Array(fleet.instances);
  const syn: SynRetransmitOptions = { initialRtoSec: clients.syn.initialRtoSec, synRetries: clients.syn.synRetries, maxRtoSec: LINUX_SYN_DEFAULTS.maxRtoSec };
  validateSynRetransmitOptions(syn, "clients.syn");
  const cb = fleet.admission.circuitBreaker;
  const breakers: (CircuitBreaker | null)[] = [];
  for (let i = 0; i < fleet.instances; i++) {
    breakers.push(cb === null ? null : new CircuitBreaker({
      windowSec: cb.windowSec,
      latencyThresholdSec: cb.latencyThresholdSec ?? undefined,
      tripFraction: cb.tripFraction,
      queueDepthThreshold: cb.queueDepthThreshold ?? undefined,
      minObservations: cb.minObservations,
      openSec: cb.openSec,
      halfOpenAdmitEvery: cb.halfOpenAdmitEvery,
    }, "fleet.admission.circuitBreaker"));
  }
  const persistent = load.persistent;
  const edge = new Edge({
    engine,
    fleet,
    clients,
    rttSec: scenario.network.rttSec,
    metrics,
    population,
    resumption,
    balancer: new Balancer(fleet.balancer, fleet.instances, streams.stream("balancer"), instanceConnections),
    instanceConnections,
    retry: new RetryPolicy({ backoff: clients.retry.backoff, jitter: clients.retry.jitter, maxAttempts: clients.retry.maxAttempts }, streams.stream("retry"), "clients.retry"),
    budget: clients.retry.budget === null ? null : new RetryBudget(clients.retry.budget, "clients.retry.budget"),
    syn,
    breakers,
    fullCpuSec: makeSampler(fleet.handshake.full.cpuSec, streams.stream("cost.full"), "fleet.handshake.full.cpu"),
    resumedCpuSec: makeSampler(fleet.handshake.resumed.cpuSec, streams.stream("cost.resumed"), "fleet.handshake.resumed.cpu"),
    requestCpuSec: fleet.requestCpuSec === null ? null : makeSampler(fleet.requestCpuSec, streams.stream("cost.request"), "fleet.requestCpu"),
    blockingCpuSec: fleet.blockingWork === null ? null : makeSampler(fleet.blockingWork.cpuSec, streams.stream("cost.blocking"), "fleet.blockingWork.cpu"),
    cpuFactor: combinedCpuFactor(
      fleet.slowdowns === null
        ? null
        : new SlowdownTimeline(
            { everySec: fleet.slowdowns.everySec, lengthSec: makeSampler(fleet.slowdowns.lengthSec, streams.stream("fleet.slowdowns.length"), "fleet.slowdowns.length"), factor: fleet.slowdowns.factor },
            streams.stream("fleet.slowdowns"),
            scenario.run.durationSec,
          ),
      fleet.cpuTrace === null ? null : new CpuTrace(fleet.cpuTrace),
    ),
    holdSec: persistent === null ? null : makeSampler(persistent.holdSec, streams.stream("persistent.hold"), "load.persistent.hold"),
    thinkSec: persistent === null ? null : makeSampler(persistent.thinkSec, streams.stream("persistent.think"), "load.persistent.think"),
    acceptStream: streams.stream("accept"),
    reuseportStream: streams.stream("reuseport"),
    hasRestarts: scenario.events.some((e) => e.kind === "restart-workers" || e.kind === "restart-instances" || (e.kind === "rotate-certificate" && e.restartWorkers)),
  });
  const cpu = clients.cpu;
  let clientLoops: ClientLoops | null = null;
  if (cpu !== null) {
    const cost = (spec: DistributionSpec | null, piece: "send" | "finish" | "after") =>
      spec === null ? null : makeSampler(spec, streams.stream(`client.cpu.${piece}`), `clients.cpu.${piece}`);
    clientLoops = new ClientLoops(engine, {
      loops: cpu.loops,
      sendCpuSec: cost(cpu.sendCpuSec, "send"),
      finishCpuSec: cost(cpu.finishCpuSec, "finish"),
      afterCpuSec: cost(cpu.afterCpuSec, "after"),
      pauses: cpu.pauses === null ? null : "replay" in cpu.pauses ? { replay: cpu.pauses.replay } : { everySec: cpu.pauses.everySec, lengthSec: makeSampler(cpu.pauses.lengthSec, streams.stream("client.cpu.pauses"), "clients.cpu.pauses.length") },
      host: edge,
      busyLoops: metrics.busyClientLoops,
    });
    edge.attachClientLoops(clientLoops);
  }
  const select: IndexSampler = clients.selection.kind === "zipf"
    ? zipfIndex(clients.population, clients.selection.alpha, streams.stream("client-select"))
    : uniformIndex(clients.population, streams.stream("client-select"));
  const stalls = load.senderStalls === null
    ? null
    : new SenderStalls(engine, {
      everySec: load.senderStalls.everySec,
      lengthSec: makeSampler(load.senderStalls.lengthSec, streams.stream("load.senderStalls"), "load.senderStalls.length"),
      send: (dueSec) => edge.openConnection(select.sample(), false, dueSec),
    });
  const arrivals = new OpenLoopArrivals(engine, {
    schedule: buildRateSchedule(load, run.durationSec),
    spacing: load.arrivals,
    stream: streams.stream("arrivals"),
    durationSec: run.durationSec,
    reuseFraction: load.reuseFraction,
    reuseWindows: load.reuseWindows,
    reuseStream: streams.stream("reuse"),
    prewarm: load.prewarm,
    onConnection: () => (stalls === null ? edge.openConnection(select.sample(), false) : stalls.offer()),
  });
  const fleetEvents = new FleetEvents(engine, { events: scenario.events, fleet, edge, resumption });
  const startStream = streams.stream("persistent.start");
  const cacheSampler: EventHandler = {
    handle() {
      metrics.cacheEntries.set(resumption.cacheEntries());
      if (engine.nowSec + run.windowSec < run.durationSec) engine.schedule(run.windowSec, cacheKind);
    },
  };
  const cacheKind = engine.register(cacheSampler);
  return {
    engine, stats, metrics, edge, arrivals, fleetEvents, resumption, population,
    start() {
      edge.start();
      clientLoops?.start();
      arrivals.start();
      fleetEvents.start();
      if (persistent !== null) {
        for (let k = 0; k < persistent.count; k++) edge.connectLater(clients.population + k, startStream.next() * persistent.startSpreadSec);
      }
      if (resumption.caches.length > 0) engine.schedule(0, cacheKind);
    },
  };
}
