/**
 * Defaults and cross-field checks of the `fleet` and `events` sections (see resolve.ts for the
 * rest). Every default comes from defaults.ts, where its source is stated. Browser-safe.
 */
import type { DistributionSpec } from "../../sim/distributionSpec.js";
import { nginxCacheEntriesForBytes } from "../session/sessionCache.js";
import {
  CIRCUIT_BREAKER_DEFAULTS,
  certificateRotationDefaults,
  DISPATCH_DEFAULT,
  entriesPerFullHandshakeDefault,
  FLEET_DEFAULTS,
  handshakeCpuDefault,
  LISTEN_BACKLOG_DEFAULT,
  secondPhaseFractionDefault,
  sessionCacheDefaults,
  SOMAXCONN_DEFAULT,
  ticketDefaults,
  type ServerSoftware,
} from "./defaults.js";
import type { FleetInput } from "./fleetSchema.js";
import type { Report } from "./resolve.js";
import type { RawScenario } from "./schema.js";
import type { AdmissionSpec, FleetEvent, FleetSpec, HandshakeCost, SessionCacheSpec, TicketsSpec, TlsVersion } from "./types.js";
import { formatDurationSec as fmt } from "./units.js";

/**
 * Canonical fleet from the parsed `fleet` section. The accept queue is min(listenBacklog,
 * somaxconn) (the kernel caps the backlog at somaxconn, tls-ground-truth.md §7.5 and §10).
 */
export function resolveFleet(raw: FleetInput, report: Report): FleetSpec {
  const software = raw.software;
  const tlsVersion = raw.tls ?? FLEET_DEFAULTS.tlsVersion;
  const certificate = raw.certificate ?? FLEET_DEFAULTS.certificate;
  const sessionCache = resolveSessionCache(raw, { software, tlsVersion }, report);
  const tickets = resolveTickets(raw, { software, tlsVersion });
  const resumable = sessionCache.scope !== "none" || tickets.enabled;

  const full = resolveHandshakeCost(raw, { software, tlsVersion, resumed: false, fallback: undefined }, report);
  const resumed = resolveHandshakeCost(raw, { software, tlsVersion, resumed: true, fallback: resumable ? undefined : full.cpuSec }, report);

  return {
    instances: raw.instances ?? FLEET_DEFAULTS.instances,
    balancer: raw.balancer ?? FLEET_DEFAULTS.balancer,
    workersPerInstance: raw.workers ?? FLEET_DEFAULTS.workersPerInstance,
    listenBacklog: Math.min(raw.listenBacklog ?? LISTEN_BACKLOG_DEFAULT, raw.somaxconn ?? SOMAXCONN_DEFAULT),
    dispatch: raw.dispatch ?? DISPATCH_DEFAULT[software],
    abandonedWork: raw.abandonedWork ?? FLEET_DEFAULTS.abandonedWork,
    tlsVersion,
    certificate,
    handshake: { full, resumed },
    requestCpuSec: raw.requestCpu ?? null,
    blockingWork: raw.blockingWork === undefined ? null : { everySec: raw.blockingWork.every, cpuSec: raw.blockingWork.cpu },
    blockingWorkAt: (raw.blockingWorkAt ?? []).map((b) => ({ atSec: b.at, cpuSec: b.cpu })),
    slowdowns: raw.slowdowns === undefined ? null : { everySec: raw.slowdowns.every, lengthSec: raw.slowdowns.length, factor: raw.slowdowns.factor },
    cpuTrace: raw.cpuTrace === undefined ? null : { fromSec: raw.cpuTrace.from, windowSec: raw.cpuTrace.window, factors: raw.cpuTrace.factors },
    sessionCache,
    tickets,
    admission: resolveAdmission(raw.admission, report),
    restartDowntimeSec: raw.restartDowntime ?? FLEET_DEFAULTS.restartDowntimeSec,
  };
}

/** Placeholder cost when a required one is missing (the scenario is discarded anyway). */
const MISSING_COST: DistributionSpec = { kind: "constant", value: 0 };

function resolveHandshakeCost(
  raw: FleetInput,
  options: { software: ServerSoftware; tlsVersion: TlsVersion; resumed: boolean; fallback: DistributionSpec | undefined },
  report: Report,
): HandshakeCost {
  const which = options.resumed ? "resumed" : "full";
  const given = raw.handshake?.[which];
  const certificate = raw.certificate ?? FLEET_DEFAULTS.certificate;
  let cpuSec = given?.cpu ?? handshakeCpuDefault({ ...options, certificate }) ?? options.fallback;
  if (cpuSec === undefined) {
    const why =
      certificate === "custom"
        ? "certificate custom has no measured default"
        : "software generic has no measured default";
    report(
      ["fleet", "handshake", which, "cpu"],
      `required (${why}): give the CPU per ${which} handshake, e.g. {gamma: {mean: "0.5ms", cv: 0.5}}`,
    );
    cpuSec = MISSING_COST;
  }
  return { cpuSec, secondPhaseFraction: given?.secondPhase ?? secondPhaseFractionDefault(options.tlsVersion, options.resumed) };
}

const CACHE_ONLY_KEYS = ["capacity", "size", "lookup", "eviction", "entriesPerFullHandshake", "timeoutFrom"] as const;

function resolveSessionCache(raw: FleetInput, context: { software: ServerSoftware; tlsVersion: TlsVersion }, report: Report): SessionCacheSpec {
  const c = raw.sessionCache ?? {};
  const scope = c.scope ?? "none";
  const path = ["fleet", "sessionCache"];
  const defaults = sessionCacheDefaults(context.software, scope === "none" ? "instance" : scope);
  const spec: SessionCacheSpec = {
    scope,
    capacityEntries: 0,
    entriesPerFullHandshake: c.entriesPerFullHandshake ?? entriesPerFullHandshakeDefault(context.software, context.tlsVersion),
    eviction: c.eviction ?? defaults.eviction,
    lifetimeSec: c.timeout ?? defaults.lifetimeSec,
    lifetimeFrom: c.timeoutFrom ?? "creation",
    lookupSec: 0,
  };
  if (scope === "none") {
    for (const key of CACHE_ONLY_KEYS) {
      if (c[key] !== undefined) {
        report([...path, key], `has no effect with scope none (the default): set fleet.sessionCache.scope to worker, instance or fleet`);
      }
    }
    return spec;
  }
  if (c.capacity !== undefined && c.size !== undefined) {
    report([...path, "size"], "give capacity (entries) or size (bytes), not both");
  } else if (c.capacity !== undefined) {
    spec.capacityEntries = c.capacity;
  } else if (c.size !== undefined) {
    const entries = nginxCacheEntriesForBytes(c.size, "fleet.sessionCache.size");
    if (entries < 1) {
      report([...path, "size"], `holds no session: expected at least 396 bytes (nginx stores about 2,650 sessions per MiB), found ${c.size} bytes`);
    }
    spec.capacityEntries = entries;
  } else if (defaults.capacityEntries !== undefined) {
    spec.capacityEntries = defaults.capacityEntries;
  } else {
    report(
      [...path, "capacity"],
      `required with scope ${scope} and software ${context.software}: give capacity (entries, e.g. 20000) or size (bytes, e.g. "1m")`,
    );
  }
  if (scope === "fleet") {
    if (c.lookup === undefined) report([...path, "lookup"], 'required with scope fleet: the lookup latency of the external cache, e.g. "0.5ms"');
    else spec.lookupSec = c.lookup;
  } else if (c.lookup !== undefined) {
    report([...path, "lookup"], `only meaningful with scope fleet (an external cache), found scope ${scope}`);
  }
  return spec;
}

function resolveTickets(raw: FleetInput, context: { software: ServerSoftware; tlsVersion: TlsVersion }): TicketsSpec {
  const t = raw.tickets ?? {};
  const defaults = ticketDefaults(context.software, context.tlsVersion);
  return {
    enabled: t.enabled ?? defaults.enabled,
    keyScope: t.keyScope ?? "instance",
    graceKeys: t.graceKeys ?? 0,
    // Node's sessionTimeout and nginx's ssl_session_timeout set both the cache and the ticket lifetime.
    lifetimeSec: t.lifetime ?? raw.sessionCache?.timeout ?? defaults.lifetimeSec,
    renewOnResume: t.renewOnResume ?? defaults.renewOnResume,
    keysSurviveRestart: t.keysSurviveRestart ?? false,
  };
}

function resolveAdmission(raw: FleetInput["admission"], report: Report): AdmissionSpec {
  const b = raw?.circuitBreaker;
  let circuitBreaker: AdmissionSpec["circuitBreaker"] = null;
  if (b !== undefined) {
    if (b.latencyThreshold === undefined && b.queueDepthThreshold === undefined) {
      report(
        ["fleet", "admission", "circuitBreaker"],
        "expected latencyThreshold and/or queueDepthThreshold: a circuit breaker needs something to trip on",
      );
    }
    circuitBreaker = {
      windowSec: b.window ?? CIRCUIT_BREAKER_DEFAULTS.windowSec,
      latencyThresholdSec: b.latencyThreshold ?? null,
      tripFraction: b.tripFraction ?? CIRCUIT_BREAKER_DEFAULTS.tripFraction,
      queueDepthThreshold: b.queueDepthThreshold ?? null,
      minObservations: b.minObservations ?? CIRCUIT_BREAKER_DEFAULTS.minObservations,
      openSec: b.open ?? CIRCUIT_BREAKER_DEFAULTS.openSec,
      halfOpenAdmitEvery: b.halfOpenAdmitEvery ?? CIRCUIT_BREAKER_DEFAULTS.halfOpenAdmitEvery,
    };
  }
  return {
    maxHandshakesPerWorker: raw?.maxHandshakesPerWorker ?? Infinity,
    maxConnectionsPerInstance: raw?.maxConnectionsPerInstance ?? Infinity,
    rejectCpuSec: raw?.rejectCpu ?? FLEET_DEFAULTS.rejectCpuSec,
    circuitBreaker,
  };
}

/**
 * Canonical events: inside the run (at < duration, at + stagger <= duration); certificate
 * rotations get their software's side effects unless stated (defaults.ts).
 */
export function resolveEvents(
  raw: NonNullable<RawScenario["events"]>,
  context: { fleetInput: FleetInput; fleet: FleetSpec; durationSec: number },
  report: Report,
): FleetEvent[] {
  const { durationSec } = context;
  return raw.map((e, i): FleetEvent => {
    const atSec = e.at;
    const staggerSec = e.stagger ?? 0;
    if (!(atSec < durationSec)) {
      report(["events", i, "at"], `expected a time < run.duration (${fmt(durationSec)}), found ${fmt(atSec)}`);
    } else if (!(atSec + staggerSec <= durationSec)) {
      report(["events", i, "stagger"], `expected the event to end by run.duration (${fmt(durationSec)}), but at + stagger is ${fmt(atSec + staggerSec)}`);
    }
    if (e.kind !== "rotate-certificate") return { kind: e.kind, atSec, staggerSec };
    const d = certificateRotationDefaults(context.fleetInput.software, context.fleet.tickets.keysSurviveRestart);
    return {
      kind: "rotate-certificate",
      atSec,
      staggerSec,
      flushCache: e.flushCache ?? d.flushCache,
      rotateTicketKeys: e.rotateTicketKeys ?? d.rotateTicketKeys,
      restartWorkers: e.restartWorkers ?? d.restartWorkers,
    };
  });
}
