/**
 * The canonical scenario: what a scenario file becomes after parsing (models/scenario/schema.ts).
 *
 * Everything downstream (wiring, runs, reports) sees only this form: durations in seconds
 * (`...Sec`), rates per second (`...PerSec`), sizes in entries or bytes, every field filled in
 * (defaults applied, each default's source stated in the schema). Scenario files write the same
 * structure with unit strings and without the unit suffixes (`timeout: "200ms"`).
 */
import type { DistributionSpec } from "../../sim/distributionSpec.js";
import type { Backoff, Jitter } from "../client/retryPolicy.js";

/** TLS protocol version of the handshakes. */
export type TlsVersion = "1.2" | "1.3";
/** Server certificate key type (drives the default handshake costs). */
export type CertificateKey = "ecdsa-p256" | "rsa-2048" | "custom";

/** Run control. */
export interface RunSpec {
  /** Simulated time of one replication (s), including warm-up. */
  durationSec: number;
  /** Statistics before this time are deleted from the summaries (per-window series keep them). */
  warmupSec: number;
  seed: number;
  replications: number;
  /** Width of the per-window time series (s). */
  windowSec: number;
  /** Confidence level of intervals, e.g. 0.95. */
  confidenceLevel: number;
}

/** A stretch of time with its own new-connection rate; the rate holds until the next phase. */
export interface RatePhase {
  atSec: number;
  ratePerSec: number;
}

/** A linear ramp of the base rate from startRate at fromSec to endRate at toSec (then endRate holds until the next phase). */
export interface RateRamp {
  fromSec: number;
  toSec: number;
  startRatePerSec: number;
  endRatePerSec: number;
}

/** A spike: during [atSec, atSec + forSec) the rate is ratePerSec, whatever the base schedule says. */
export interface RateSpike {
  atSec: number;
  forSec: number;
  ratePerSec: number;
}

/** A window of connection reuse: during [atSec, atSec+forSec) only (1 - fraction) of the offered connections need a new handshake. */
export interface ReuseWindow {
  atSec: number;
  forSec: number;
  fraction: number;
}

/** Clients that open `connections` connections spread evenly over [atSec, atSec + overSec) ahead of a known spike. */
export interface Prewarm {
  atSec: number;
  overSec: number;
  connections: number;
}

/** Clients that keep a connection open for `holdSec`, then reconnect after `thinkSec` (closed loop). */
export interface PersistentClients {
  count: number;
  holdSec: DistributionSpec;
  thinkSec: DistributionSpec;
  /** Connections open at start spread their first connect uniformly over [0, startSpreadSec). */
  startSpreadSec: number;
}

/** Offered load. */
export interface LoadSpec {
  /** Spacing of open-loop arrivals: Poisson (exponential gaps) or uniform (evenly spaced). */
  arrivals: "poisson" | "uniform";
  /** Base new-connection rate from t = 0 (per s). */
  ratePerSec: number;
  phases: RatePhase[];
  ramps: RateRamp[];
  spikes: RateSpike[];
  /** Fraction of offered connections served on a kept-alive connection (no handshake) at all times. */
  reuseFraction: number;
  reuseWindows: ReuseWindow[];
  prewarm: Prewarm[];
  persistent: PersistentClients | null;
  /** Pauses of the sending side that bunch open-loop arrivals (models/load/senderStalls.ts); null: none. */
  senderStalls: SenderStallsSpec | null;
}

/**
 * Sender stalls: every `everySec` the clients' side stops sending for a time drawn from `lengthSec`
 * (a load balancer or client runtime pausing, a load generator's own event-loop stall); the
 * connections due meanwhile are sent together when it ends, and their latency counts from when
 * they were due.
 */
export interface SenderStallsSpec {
  everySec: number;
  lengthSec: DistributionSpec;
}

/** Retry budget (token bucket), see models/client/retryBudget.ts. */
export interface RetryBudgetSpec {
  ratio: number;
  minRetriesPerSec: number;
  maxTokens: number;
}

/** The client population and its behaviour. */
export interface ClientsSpec {
  /** Number of distinct clients U. */
  population: number;
  /** Which client opens a connection: uniform, or Zipf(alpha) over ranks (independent reference model). */
  selection: { kind: "uniform" } | { kind: "zipf"; alpha: number };
  /** Per-attempt timeout (s), Infinity for none. */
  timeoutSec: number;
  retry: { backoff: Backoff; jitter: Jitter; maxAttempts: number; budget: RetryBudgetSpec | null };
  /** TCP SYN retransmission when the SYN is dropped (Linux defaults: 1 s initial RTO, 6 retries). */
  syn: { initialRtoSec: number; synRetries: number };
  /** What the client offers to resume: a cached session ID and/or a session ticket. */
  offerSessionId: boolean;
  offerTicket: boolean;
  /** Client-side CPU on the clients' event loops (models/client/clientLoops.ts); null: clients cost nothing. */
  cpu: ClientCpuSpec | null;
}

/** CPU the clients spend per attempt, on `loops` event loops (client c on loop c mod loops). A null cost is zero. */
export interface ClientCpuSpec {
  loops: number;
  /** Before the connection goes out (socket set-up, ClientHello); in the handshake's latency. */
  sendCpuSec: DistributionSpec | null;
  /** On the server's last flight (verification, key schedule, Finished); the handshake completes when it ends. */
  finishCpuSec: DistributionSpec | null;
  /** After completion (request, reply, close); not in the latency, but the loop is busy. */
  afterCpuSec: DistributionSpec | null;
  /** Pauses of every loop (garbage collection, a load generator's stalls); null: never. */
  pauses: ClientPausesSpec | null;
}

/**
 * Pauses of every client loop: periodic (a drawn length every `everySec`, each loop's first at
 * everySec × (loop + 1) / (loops + 1)), or replayed at given times (seconds from t = 0; a measured
 * run's stalls, validate/measure/pauses.ts).
 */
export type ClientPausesSpec = { everySec: number; lengthSec: DistributionSpec } | { replay: { atSec: number; lengthSec: number }[] };

/** How connections pick an instance. */
export type BalancerKind = "round-robin" | "random" | "least-connections" | "sticky";

/** Server-side session cache. */
export interface SessionCacheSpec {
  /** none | one per worker (nginx builtin) | shared by an instance's workers (nginx shared:SSL) | one external cache shared by the fleet */
  scope: "none" | "worker" | "instance" | "fleet";
  capacityEntries: number;
  /** Entries one full handshake stores: nginx TLS 1.3 stores 2 stateful tickets (measured, tls-ground-truth §3). */
  entriesPerFullHandshake: number;
  eviction: "lru" | "fifo";
  lifetimeSec: number;
  lifetimeFrom: "creation" | "lastUse";
  /** Lookup latency of an external (fleet) cache; the event loop does other work meanwhile. */
  lookupSec: number;
}

/** Session tickets. */
export interface TicketsSpec {
  enabled: boolean;
  /** One ticket key per worker process (Node cluster with default random keys), per instance, or one shared by the fleet. */
  keyScope: "worker" | "instance" | "fleet";
  /** Previous keys that still open tickets after a rotation (Node setTicketKeys: 0; nginx key list [new, old]: 1). */
  graceKeys: number;
  lifetimeSec: number;
  /** Does a resumed handshake issue a fresh ticket (nginx: yes, 1; Node TLS 1.3: no, 0)? */
  renewOnResume: boolean;
  /** Do ticket keys survive an instance restart (nginx with ssl_session_ticket_key files)? */
  keysSurviveRestart: boolean;
}

/** CPU cost of one handshake kind, and how it splits across the two CPU phases separated by a round trip. */
export interface HandshakeCost {
  cpuSec: DistributionSpec;
  /** Fraction of the CPU spent after the client's reply (the second phase). */
  secondPhaseFraction: number;
}

/** Periodic blocking work on each worker's event loop (e.g. a GC pause or a synchronous task). */
export interface BlockingWork {
  everySec: number;
  cpuSec: DistributionSpec;
}

/** Episodes of a slower server (fleet.slowdowns; models/server/slowdowns.ts). */
export interface Slowdowns {
  /** Mean interval between episode starts (s; Poisson). */
  everySec: number;
  /** Length of one episode (s). */
  lengthSec: DistributionSpec;
  /** CPU time multiplier during an episode (≥ 1). */
  factor: number;
}

/** The server's CPU time multiplier window by window (fleet.cpuTrace; models/server/slowdowns.ts CpuTrace). */
export interface CpuTraceSpec {
  /** Start of the first window (s). */
  fromSec: number;
  /** Length of each window (s). */
  windowSec: number;
  /** Multiplier of each window (> 0); 1 outside the trace. */
  factors: number[];
}

/** Admission control. */
export interface AdmissionSpec {
  /** Cap on handshakes in progress per worker (limit_conn-like); Infinity for none. */
  maxHandshakesPerWorker: number;
  /** Cap on connections (handshaking or established) per instance; Infinity for none. */
  maxConnectionsPerInstance: number;
  /** CPU a worker spends to reject a connection (s). */
  rejectCpuSec: number;
  circuitBreaker: {
    windowSec: number;
    latencyThresholdSec: number | null;
    tripFraction: number;
    queueDepthThreshold: number | null;
    minObservations: number;
    openSec: number;
    halfOpenAdmitEvery: number;
  } | null;
}

/** The server fleet. */
export interface FleetSpec {
  instances: number;
  balancer: BalancerKind;
  workersPerInstance: number;
  /** Accept queue capacity: min(listen backlog, net.core.somaxconn). Node default backlog 511. */
  listenBacklog: number;
  /** One accept queue per instance that idle workers pull from, or one per worker chosen by hashing (SO_REUSEPORT). */
  dispatch: "shared" | "reuseport";
  /** Work for an attempt whose client already gave up: still done (real TLS stacks; counted as wasted) or dropped before it starts. */
  abandonedWork: "do" | "drop";
  tlsVersion: TlsVersion;
  certificate: CertificateKey;
  handshake: { full: HandshakeCost; resumed: HandshakeCost };
  /** CPU per connection after the handshake (request work), on the same event loop. */
  requestCpuSec: DistributionSpec | null;
  blockingWork: BlockingWork | null;
  /** Blocking work at given times on each worker (s from t = 0; its length in s); [] for none. */
  blockingWorkAt: { atSec: number; cpuSec: number }[];
  /** Episodes during which the server's CPU work takes longer; null: none. */
  slowdowns: Slowdowns | null;
  /** The server's CPU speed window by window (a measured trace); null: none. */
  cpuTrace: CpuTraceSpec | null;
  sessionCache: SessionCacheSpec;
  tickets: TicketsSpec;
  admission: AdmissionSpec;
  /** Time an instance is down (refusing connections) when it restarts. */
  restartDowntimeSec: number;
}

/** Scheduled disruptions; `staggerSec` > 0 spreads the action evenly across instances over that window. */
export type FleetEvent =
  | { kind: "rotate-ticket-keys"; atSec: number; staggerSec: number }
  | { kind: "flush-cache"; atSec: number; staggerSec: number }
  | { kind: "restart-workers"; atSec: number; staggerSec: number }
  | { kind: "restart-instances"; atSec: number; staggerSec: number }
  | { kind: "rotate-certificate"; atSec: number; staggerSec: number; flushCache: boolean; rotateTicketKeys: boolean; restartWorkers: boolean };

/** A service-level objective on a summary metric, e.g. handshakeLatencyS.p99 < 0.1. */
export interface Slo {
  metric: string;
  op: "<" | "<=" | ">" | ">=";
  value: number;
}

/** A complete, validated scenario. */
export interface Scenario {
  name: string;
  description: string;
  run: RunSpec;
  network: { rttSec: number };
  load: LoadSpec;
  clients: ClientsSpec;
  fleet: FleetSpec;
  events: FleetEvent[];
  slos: Slo[];
}
