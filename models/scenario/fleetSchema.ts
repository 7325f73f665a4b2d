/**
 * The `fleet` section of a scenario file: its shape and per-field rules. Defaults that depend on
 * `software`, TLS version or certificate are filled in afterwards by resolve.ts (see defaults.ts for
 * every default and its source), so every field here is optional except `software`.
 * Browser-safe: no node: imports.
 */
import { z } from "zod";
import { distributionField } from "./distributionSchema.js";
import { SOFTWARE } from "./defaults.js";
import { bool, durationSec, fraction, integer, integerOrUnlimited, number, oneOf, sizeBytes, strict, timedList } from "./fields.js";

const handshakeCost = (which: string) =>
  strict(
    {
      cpu: distributionField(
        `CPU per ${which} handshake. Default: measured means (tls-ground-truth §5.1) by software, certificate and TLS version, gamma with cv 0.5; required for certificate custom or software generic.`,
      ).optional(),
      secondPhase: fraction(
        "Fraction of the CPU spent after the client's second flight (one RTT later). Default: 0.5 for a TLS 1.2 full handshake, else 0.2 (unmeasured assumption).",
      ).optional(),
    },
    `CPU cost of a ${which} handshake.`,
  );

/** TLS version: "1.2" or "1.3", also accepted as the YAML numbers 1.2 and 1.3. */
const TLS_EXPECTED = 'expected "1.2" or "1.3"';
const tlsVersion = z
  .union([z.enum(["1.2", "1.3"], { error: TLS_EXPECTED }), z.literal([1.2, 1.3], { error: TLS_EXPECTED })], { error: TLS_EXPECTED })
  .transform((v): "1.2" | "1.3" => (v === 1.2 || v === "1.2" ? "1.2" : "1.3"))
  .meta({ description: "TLS protocol version of the handshakes. Default: 1.3 (negotiated by Node 20 and nginx 1.22 with OpenSSL 3.0)." });

const sessionCache = strict(
  {
    scope: oneOf(
      ["none", "worker", "instance", "fleet"],
      "Server-side session cache: none; one per worker (nginx builtin, a Node store per cluster worker); shared by an instance's workers (nginx shared:SSL); one external cache for the fleet. Default: none (Node has no server cache, nginx ssl_session_cache defaults to none).",
    ).optional(),
    capacity: integerOrUnlimited({
      min: 1,
      word: "unbounded",
      description:
        'Capacity in entries, or "unbounded". Give capacity or size, not both. Default: node unbounded (the app\'s Map), nginx builtin (scope worker) 20480; otherwise required.',
    }).optional(),
    size: sizeBytes(
      'Size of an nginx-style shared zone ("1m"), converted at the measured 2,650 sessions per MiB (tls-ground-truth §3). Give capacity or size, not both.',
    ).optional(),
    entriesPerFullHandshake: integer({
      min: 1,
      description: "Entries one full handshake stores. Default: 2 for TLS 1.3 with node or nginx (measured, §2-3), else 1.",
    }).optional(),
    eviction: oneOf(["lru", "fifo"], "Which entry makes room: lru, or fifo by creation. Default: nginx fifo (measured, §3), else lru.").optional(),
    timeout: durationSec({
      description:
        'Session lifetime (nginx ssl_session_timeout, Node sessionTimeout); also the default ticket lifetime. Default: nginx 300s, node and generic 7200s (OpenSSL, measured §2). "inf" for none.',
      positive: true,
      unbounded: true,
    }).optional(),
    timeoutFrom: oneOf(
      ["creation", "lastUse"],
      "Where the lifetime counts from. Default: creation (OpenSSL and nginx do not refresh on reuse).",
      "creation",
    ).optional(),
    lookup: durationSec({ description: "Lookup latency of an external (scope fleet) cache; required for scope fleet, refused otherwise." }).optional(),
  },
  "Server-side session cache (session IDs).",
);

const tickets = strict(
  {
    enabled: bool("Session tickets on or off. Default: on for node and nginx, off for generic.").optional(),
    keyScope: oneOf(
      ["worker", "instance", "fleet"],
      "One ticket key per worker process, per instance (random at start; node:cluster workers share the primary's), or one shared by the fleet (key files). Default: instance.",
      "instance",
    ).optional(),
    graceKeys: integer({
      min: 0,
      description: "Previous keys that still open tickets after a rotation (nginx key list [new, old]: 1). Default: 0 (Node setTicketKeys, measured §2).",
      defaultInput: 0,
    }).optional(),
    lifetime: durationSec({
      description: 'Ticket lifetime. Default: sessionCache.timeout if given, else nginx 300s, node and generic 7200s (measured, §2-3). "inf" for none.',
      positive: true,
      unbounded: true,
    }).optional(),
    renewOnResume: bool(
      "Does a resumed handshake issue a fresh ticket? Default: nginx TLS 1.3 yes (measured §3); Node no (measured §2); nginx TLS 1.2 no.",
    ).optional(),
    keysSurviveRestart: bool("Do ticket keys survive a restart (key files)? Default: false (random keys per process).", false).optional(),
  },
  "Session tickets.",
);

const circuitBreaker = strict(
  {
    window: durationSec({ description: "Evaluation window. Default: 10s (Hystrix).", positive: true, defaultInput: "10s" }).optional(),
    latencyThreshold: durationSec({ description: "Trip when at least tripFraction of handshake latencies in a window exceed this." }).optional(),
    tripFraction: number({
      description: "Fraction of slow handshakes that trips the breaker, in (0, 1]. Default: 0.5 (Hystrix).",
      min: 0,
      minExclusive: true,
      max: 1,
      defaultInput: 0.5,
    }).optional(),
    queueDepthThreshold: integer({ min: 1, description: "Trip when the run queue or backlog reaches this depth." }).optional(),
    minObservations: integer({ min: 1, description: "Latencies needed in a window for a verdict. Default: 20 (Hystrix).", defaultInput: 20 }).optional(),
    open: durationSec({ description: "Time open before half-open. Default: 5s (Hystrix).", positive: true, defaultInput: "5s" }).optional(),
    halfOpenAdmitEvery: integer({
      min: 1,
      description: "While half-open, admit 1 of every N connections. Default: 10 (assumption).",
      defaultInput: 10,
    }).optional(),
  },
  "Circuit breaker that rejects new connections cheaply while open. Needs latencyThreshold and/or queueDepthThreshold.",
);

const admission = strict(
  {
    maxHandshakesPerWorker: integerOrUnlimited({
      min: 1,
      word: "none",
      description: 'Cap on handshakes in progress per worker, or "none". Default: none.',
      defaultInput: "none",
    }).optional(),
    maxConnectionsPerInstance: integerOrUnlimited({
      min: 1,
      word: "none",
      description: 'Cap on connections per instance (limit_conn), or "none". Default: none.',
      defaultInput: "none",
    }).optional(),
    rejectCpu: durationSec({ description: "CPU to reject one connection. Default: 50us (unmeasured assumption).", defaultInput: "50us" }).optional(),
    circuitBreaker: circuitBreaker.optional(),
  },
  "Admission control.",
);

/** Schema of the `fleet` section (input side: user names and unit strings; output: units converted, unset fields undefined). */
export const fleetSchema = strict(
  {
    software: oneOf(SOFTWARE, "Server software whose measured behaviour sets the defaults: node (Node 20), nginx (1.22), or generic (no resumption, costs required)."),
    instances: integer({ min: 1, description: "Instances behind the balancer. Default: 1.", defaultInput: 1 }).optional(),
    balancer: oneOf(
      ["round-robin", "random", "least-connections", "sticky"],
      "How connections pick an instance. Default: round-robin.",
      "round-robin",
    ).optional(),
    workers: integer({
      min: 1,
      description: "Workers (single-threaded event loops) per instance. Default: 1 (one Node process; nginx worker_processes 1).",
      defaultInput: 1,
    }).optional(),
    listenBacklog: integer({
      min: 1,
      description: "Listen backlog requested by the server; the accept queue holds min(listenBacklog, somaxconn). Default: 511 (Node and nginx).",
      defaultInput: 511,
    }).optional(),
    somaxconn: integer({ min: 1, description: "net.core.somaxconn. Default: 4096 (Linux >= 5.4, measured).", defaultInput: 4096 }).optional(),
    dispatch: oneOf(
      ["shared", "reuseport"],
      "One accept queue that idle workers pull from (nginx), or one queue per worker (SO_REUSEPORT; Node cluster's round robin). Default: node reuseport, else shared.",
    ).optional(),
    abandonedWork: oneOf(
      ["do", "drop"],
      "Work for an attempt whose client gave up: done and counted as wasted (real TLS stacks), or dropped. Default: do.",
      "do",
    ).optional(),
    tls: tlsVersion.optional(),
    certificate: oneOf(
      ["ecdsa-p256", "rsa-2048", "custom"],
      "Certificate key type; custom requires handshake costs. Default: ecdsa-p256.",
      "ecdsa-p256",
    ).optional(),
    handshake: strict({ full: handshakeCost("full").optional(), resumed: handshakeCost("resumed").optional() }, "Handshake CPU costs.").optional(),
    requestCpu: distributionField("CPU per connection after the handshake (request work). Default: none (the measured handshake costs include one GET).").optional(),
    blockingWork: strict(
      {
        every: durationSec({ description: "Interval between blocking pauses on each worker.", positive: true }),
        cpu: distributionField("Length of one pause."),
      },
      "Periodic blocking work on each worker (GC pause, synchronous task). Default: none.",
    ).optional(),
    blockingWorkAt: timedList("cpu", {
      at: "When the work arrives, from t = 0.",
      key: "How long it holds the worker.",
      list: "Blocking work at given times on each worker (a measured run's: the server's own helper threads taking its core, garbage collection); like blockingWork, it waits for the running item and goes before new connections. Combines with blockingWork. Default: none.",
    }).optional(),
    slowdowns: strict(
      {
        every: durationSec({ description: "Mean interval between the starts of slowdown episodes (Poisson).", positive: true }),
        length: distributionField("Length of one episode."),
        factor: number({ description: "CPU time multiplier of every server item started during an episode (blocking work excepted), >= 1.", min: 1 }),
      },
      "Episodes during which the server's CPU work takes longer (a machine whose speed drops for a while: models/server/slowdowns.ts). Default: none.",
    ).optional(),
    cpuTrace: strict(
      {
        from: durationSec({ description: "Start of the first window (run time)." }),
        window: durationSec({ description: "Length of every window.", positive: true }),
        factors: z
          .array(number({ description: "CPU time multiplier of the window's items, > 0.", min: 0, minExclusive: true }), { error: "expected a list of numbers > 0" })
          .min(1, { error: "expected at least one factor" }),
      },
      "The server's CPU speed replayed window by window: every server item started in window i (blocking work excepted) takes factors[i] times its CPU; 1 outside the trace. Combines with slowdowns (product). What the validation harness gives a prediction paired with a measured run (models/server/slowdowns.ts CpuTrace). Default: none.",
    ).optional(),
    sessionCache: sessionCache.optional(),
    tickets: tickets.optional(),
    admission: admission.optional(),
    restartDowntime: durationSec({
      description: "Time an instance is down when it restarts. Default: 1s (unmeasured assumption).",
      defaultInput: "1s",
    }).optional(),
  },
  "The server fleet.",
);

/** The parsed `fleet` section before defaults (units converted, unset fields undefined). */
export type FleetInput = z.output<typeof fleetSchema>;
