/**
 * Default values of the scenario format, each with its source. Where real servers differ, the
 * default depends on `fleet.software`:
 *
 *   node     Node 20 `node:tls` / `https` (one process per worker, node:cluster for more)
 *   nginx    nginx 1.22 with OpenSSL 3.0
 *   generic  a stated server with no software-specific behaviour: no session cache, no tickets,
 *            handshake costs required. Not a real server: the base for textbook models (M/M/c).
 *
 * "measured" means tls-ground-truth.md (2 vCPU VM, Node 20.20.2, nginx 1.22.1, OpenSSL 3.0.19).
 * Browser-safe: no node: imports.
 */
import type { DistributionSpec } from "../../sim/distributionSpec.js";
import type { CertificateKey, TlsVersion } from "./types.js";

/** Server software whose behaviour the defaults follow. */
export type ServerSoftware = "node" | "nginx" | "generic";

/** The software names accepted in `fleet.software`. */
export const SOFTWARE = ["node", "nginx", "generic"] as const;

/** Run control defaults (DESIGN.md: short runs, one replication unless asked). */
export const RUN_DEFAULTS = {
  durationSec: 60,
  warmupSec: 0,
  seed: 1,
  replications: 1,
  windowSec: 1,
  /** The conventional 95 % confidence level. */
  confidenceLevel: 0.95,
} as const;

/** Network: no round-trip time unless stated (loopback, as in the measurements). */
export const NETWORK_DEFAULTS = { rttSec: 0 } as const;

/** Client defaults: no timeout and no retry (the measured clients had neither, tls-ground-truth.md §7). */
export const CLIENT_DEFAULTS = {
  population: 1000,
  timeoutSec: Infinity,
  maxAttempts: 1,
  offerSessionId: true,
  offerTicket: true,
  /** Linux initial SYN RTO: 1 s (RFC 6298 §2.1 and (2.4); Linux TCP_TIMEOUT_INIT). Measured retransmits at 1, 3, 7 s (§7.5). */
  synInitialRtoSec: 1,
  /** Linux net.ipv4.tcp_syn_retries default 6 (man 7 tcp). */
  synRetries: 6,
} as const;

/**
 * Retry budget defaults, from Finagle's RetryBudget (com.twitter.finagle.service.RetryBudget):
 * percentCanRetry 0.2 and minRetriesPerSec 10 over a 10 s ttl; maxTokens 100 = 10/s × 10 s is our
 * reading of that ttl as a bucket size (an approximation: Finagle expires deposits after ttl).
 */
export const RETRY_BUDGET_DEFAULTS = { ratio: 0.2, minRetriesPerSec: 10, maxTokens: 100 } as const;

/**
 * Listen backlog requested by the server: Node's `server.listen` default 511 (Node docs,
 * net `server.listen()` "backlog ... Default: 511"); nginx `listen ... backlog=` "-1 on FreeBSD,
 * DragonFly BSD and macOS, 511 on other platforms" (nginx docs). generic follows them.
 */
export const LISTEN_BACKLOG_DEFAULT = 511;

/** net.core.somaxconn: 4096 (measured on the project's machine, tls-ground-truth.md §1; the kernel default since Linux 5.4). */
export const SOMAXCONN_DEFAULT = 4096;

/** Server defaults that do not depend on the software. */
export const FLEET_DEFAULTS = {
  instances: 1,
  /** Node is one event loop per process; nginx `worker_processes` defaults to 1 (nginx docs). */
  workersPerInstance: 1,
  balancer: "round-robin",
  /** Real TLS stacks finish a handshake whose client has left (measured: CPU/hs rose during a retry storm, §8). */
  abandonedWork: "do",
  /** Node 20 and nginx 1.22 with OpenSSL 3.0 negotiate TLS 1.3 with any current client. */
  tlsVersion: "1.3",
  /** ECDSA P-256: Certbot's default key type since Certbot 2.0 (2022). */
  certificate: "ecdsa-p256",
  /** Unmeasured assumption: accepting and closing (or answering 503 to) a connection costs tens of µs of CPU. */
  rejectCpuSec: 0.00005,
  /** Unmeasured assumption: a process restart takes about a second before it listens again. */
  restartDowntimeSec: 1,
} as const;

/**
 * Circuit breaker defaults, from Hystrix (Netflix, HystrixCommandProperties): rolling window
 * 10 s (metrics.rollingStats.timeInMilliseconds), error threshold 50 %, request volume threshold
 * 20, sleep window 5 s. Hystrix then lets one trial request through; admitting 1 in 10 while
 * half-open is our assumption (the model has no per-request trial).
 */
export const CIRCUIT_BREAKER_DEFAULTS = {
  windowSec: 10,
  tripFraction: 0.5,
  minObservations: 20,
  openSec: 5,
  halfOpenAdmitEvery: 10,
} as const;

/**
 * How a worker pool shares connections, by software. nginx: all workers poll one listen socket
 * (accept_mutex off by default since 1.11.3), so an idle worker takes the next connection: one
 * shared accept queue. Node cluster: the primary accepts and hands connections to workers round
 * robin (the Linux default, cluster.SCHED_RR) whatever their load: per-worker queues, which is
 * what "reuseport" models (it hashes instead of rotating: slightly less even).
 */
export const DISPATCH_DEFAULT: Record<ServerSoftware, "shared" | "reuseport"> = { node: "reuseport", nginx: "shared", generic: "shared" };

/** Session cache defaults once a cache is configured (`scope` other than none). */
export interface SessionCacheDefaults {
  /** Entries when neither capacity nor size is given; undefined: one of them is required. */
  capacityEntries: number | undefined;
  eviction: "lru" | "fifo";
  lifetimeSec: number;
}

/**
 * Per software:
 * - node: no server cache by default (measured, §2); an application store (`newSession` /
 *   `resumeSession`) is the app's Map, unbounded (measured: 150 sessions kept, §2 A5); a bounded one
 *   is typically an LRU package (assumption); lifetime is OpenSSL's 7200 s (measured, §2).
 *   Measured: Node with TLS 1.3 and such a store never resumes (§2 A5); the model does not know that.
 * - nginx: `ssl_session_cache` default none (nginx docs); `builtin` without a size holds 20480
 *   sessions (nginx docs); `shared:` needs a size; eviction oldest-first by creation, no reorder
 *   on a hit (measured, §3); `ssl_session_timeout` 5 min (measured, §3).
 * - generic: LRU (DESIGN.md), OpenSSL's default lifetime 7200 s (OpenSSL 3.0 tls1_default_timeout;
 *   measured through Node, §2); a capacity is required.
 */
export function sessionCacheDefaults(software: ServerSoftware, scope: "worker" | "instance" | "fleet"): SessionCacheDefaults {
  switch (software) {
    case "node":
      return { capacityEntries: Infinity, eviction: "lru", lifetimeSec: 7200 };
    case "nginx":
      return { capacityEntries: scope === "worker" ? 20480 : undefined, eviction: "fifo", lifetimeSec: 300 };
    case "generic":
      return { capacityEntries: undefined, eviction: "lru", lifetimeSec: 7200 };
  }
}

/**
 * Entries one full handshake stores in a session cache: 2 in TLS 1.3 (nginx stores 2 stateful
 * tickets, measured §3: 1m held about 1,250 TLS 1.3 clients against 2,650 TLS 1.2 sessions; Node
 * emits 2 `newSession` events per TLS 1.3 full handshake, measured §2 A5), else 1.
 */
export function entriesPerFullHandshakeDefault(software: ServerSoftware, tlsVersion: TlsVersion): number {
  return software !== "generic" && tlsVersion === "1.3" ? 2 : 1;
}

/** Session ticket defaults. */
export interface TicketDefaults {
  enabled: boolean;
  lifetimeSec: number;
  renewOnResume: boolean;
}

/**
 * Per software (keyScope "instance", graceKeys 0 and keysSurviveRestart false for all):
 * - node: tickets on; lifetime 7200 s (OpenSSL's default, measured: Node's documented 300 s is not
 *   in effect, §2); no ticket on a resumed handshake in TLS 1.3 (0 per resumption, measured §2) nor
 *   in TLS 1.2 (no renewal, §2); `setTicketKeys` keeps no old key (graceKeys 0, measured §2); keys
 *   are random per process, so lost on restart. node:cluster workers share one set of keys: each
 *   worker's `listen` sends `server._getServerData()` (the ticket keys) to the primary and applies
 *   the primary's reply with `_setServerData` (Node lib/internal/cluster/child.js, "Set custom data
 *   on handle (i.e. tls tickets key)"; lib/_tls_wrap.js), so the keys are per instance, not per
 *   worker (source reading, not measured; keyScope "worker" models a cluster without that sharing).
 * - nginx: tickets on, keys generated at start and shared by the workers (measured, §3); lifetime
 *   = ssl_session_timeout 300 s (measured, §3); TLS 1.3 sends 1 ticket per resumption (measured,
 *   §3); in TLS 1.2 OpenSSL renews a ticket only when nginx's key callback asks for it, i.e. when
 *   an old key opened it (nginx ngx_ssl_ticket_key_callback returns 2 for a non-current key), so
 *   renewOnResume is false in TLS 1.2; reload regenerates keys unless key files (measured, §3).
 * - generic: tickets off (no resumption unless stated); when enabled, OpenSSL's 7200 s lifetime.
 */
export function ticketDefaults(software: ServerSoftware, tlsVersion: TlsVersion): TicketDefaults {
  switch (software) {
    case "node":
      return { enabled: true, lifetimeSec: 7200, renewOnResume: false };
    case "nginx":
      return { enabled: true, lifetimeSec: 300, renewOnResume: tlsVersion === "1.3" };
    case "generic":
      return { enabled: false, lifetimeSec: 7200, renewOnResume: false };
  }
}

/**
 * Coefficient of variation of the default handshake CPU distributions: 0.5, an assumption
 * informed by the low-load CVs of handshake latency, 0.31–0.64 (tls-ground-truth.md §5.2 table).
 */
export const HANDSHAKE_CPU_CV = 0.5;

/**
 * Mean server CPU per handshake (s), [full, resumed], measured at 600 conn/s open loop, 3 repeats,
 * one HTTP GET per connection included (tls-ground-truth.md §5.1). Costs fall 20–35 % towards
 * saturation (§5.2): calibrate at the load you predict.
 */
const HANDSHAKE_CPU_MEAN_SEC: Record<"node" | "nginx", Record<"ecdsa-p256" | "rsa-2048", Record<TlsVersion, [number, number]>>> = {
  node: {
    "ecdsa-p256": { "1.2": [0.000514, 0.000344], "1.3": [0.000517, 0.000469] },
    "rsa-2048": { "1.2": [0.000766, 0.0003], "1.3": [0.000745, 0.000461] },
  },
  nginx: {
    "ecdsa-p256": { "1.2": [0.000402, 0.000195], "1.3": [0.000471, 0.000387] },
    "rsa-2048": { "1.2": [0.000531, 0.00018], "1.3": [0.000659, 0.000328] },
  },
};

/**
 * Default CPU distribution of one handshake: gamma with the measured mean (§5.1) and cv
 * {@link HANDSHAKE_CPU_CV}. undefined when nothing was measured (software generic or certificate
 * custom): the scenario must then state the cost.
 */
export function handshakeCpuDefault(options: {
  software: ServerSoftware;
  certificate: CertificateKey;
  tlsVersion: TlsVersion;
  resumed: boolean;
}): DistributionSpec | undefined {
  if (options.software === "generic" || options.certificate === "custom") return undefined;
  const mean = HANDSHAKE_CPU_MEAN_SEC[options.software][options.certificate][options.tlsVersion][options.resumed ? 1 : 0];
  return { kind: "gamma", mean, cv: HANDSHAKE_CPU_CV };
}

/**
 * Fraction of a handshake's CPU done after the client's second flight. Unmeasured assumption:
 * 0.5 for a TLS 1.2 full handshake (the server's key exchange work is split between ServerKeyExchange
 * and the client's ClientKeyExchange), 0.2 for everything else (most work is in the first flight).
 */
export function secondPhaseFractionDefault(tlsVersion: TlsVersion, resumed: boolean): number {
  return tlsVersion === "1.2" && !resumed ? 0.5 : 0.2;
}

/**
 * What a certificate rotation does, by software, unless the event says otherwise:
 * - nginx: rotating a certificate means `nginx -s reload`: new worker processes (nginx docs,
 *   "Controlling nginx"), ticket keys regenerated unless key files (measured, §3); the shared
 *   cache zone survives a reload.
 * - node: `server.setSecureContext()` swaps the context in place; the new context gets new random
 *   ticket keys unless the app passes `ticketKeys` (keysSurviveRestart), per the Node tls docs
 *   (ticketKeys are "randomly generated" otherwise); unmeasured.
 * - generic: nothing beyond the certificate.
 */
export function certificateRotationDefaults(software: ServerSoftware, keysSurviveRestart: boolean) {
  switch (software) {
    case "nginx":
      return { flushCache: false, rotateTicketKeys: !keysSurviveRestart, restartWorkers: true };
    case "node":
      return { flushCache: false, rotateTicketKeys: !keysSurviveRestart, restartWorkers: false };
    case "generic":
      return { flushCache: false, rotateTicketKeys: false, restartWorkers: false };
  }
}
