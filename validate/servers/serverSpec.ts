/**
 * What the harness runs as a real server, derived from a scenario: the subset of a scenario's
 * fleet that Node's `node:tls` and nginx can be configured with, plus the harness's own choices
 * (certificate key size, synthetic per-connection work). Plain data, sent to the server process.
 */
import type { Scenario } from "../../models/scenario/types.js";
import { parseSizeBytes } from "../../models/scenario/units.js";
import type { CertificateKeyType } from "./certs.js";

/** Server-side session store. */
export type SessionStoreSpec =
  | { kind: "none" }
  /** Node: an application store via newSession/resumeSession, an LRU (lru-cache) of capacityEntries with a ttl of lifetimeSec; one per cluster worker. */
  | { kind: "lru"; capacityEntries: number; lifetimeSec: number }
  /** nginx `ssl_session_cache shared:SSL:<size>` (one zone for all workers). */
  | { kind: "shared"; sizeBytes: number }
  /** nginx `ssl_session_cache builtin:<capacity>` (one OpenSSL cache per worker). */
  | { kind: "builtin"; capacityEntries: number };

/** A real server's configuration. Times in seconds. */
export interface ServerSpec {
  software: "node" | "nginx";
  certificate: CertificateKeyType;
  tlsVersion: "1.2" | "1.3";
  /** Node: cluster workers (1 = a single process, no cluster); nginx: worker_processes. */
  workers: number;
  /** listen backlog (Node server.listen backlog; nginx `listen … backlog=`). */
  listenBacklog: number;
  tickets: boolean;
  /** Node `sessionTimeout` / nginx `ssl_session_timeout`; null leaves the software's default (Node: OpenSSL's 7200 s, nginx 300 s). */
  sessionTimeoutSec: number | null;
  store: SessionStoreSpec;
  /** Node only: busy-loop CPU per connection on the event loop after the handshake (µs); the scenario's fleet.requestCpu. */
  burnUs: number;
  /** nginx only: use ticket key files (so a rotation is a new key list [new, old] and a reload). */
  ticketKeyFiles: boolean;
}

/** A scenario the harness cannot run on a real server: the reason names the field. */
export class UnsupportedScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsupportedScenarioError";
  }
}

/** What the canonical scenario does not keep (read from the scenario file), and harness choices. */
export interface ServerChoices {
  /** The file's `fleet.software` (the canonical scenario keeps only its effects). */
  software: string;
  /** Certificate to generate; default: the scenario's (ecdsa-p256 or rsa-2048). Required when the scenario says custom. */
  certificate?: CertificateKeyType;
  /** The scenario's raw `fleet.sessionCache.size` ("1m"), for nginx shared caches sized in bytes. */
  rawCacheSize?: string | number;
}

/** The raw file value's `fleet.software` and `fleet.sessionCache.size` (undefined where absent). */
export function rawFleetFields(raw: unknown): { software: string; rawCacheSize?: string | number } {
  const fleet = (raw as { fleet?: { software?: unknown; sessionCache?: { size?: unknown } } } | null)?.fleet;
  const size = fleet?.sessionCache?.size;
  return { software: String(fleet?.software ?? ""), ...(typeof size === "string" || typeof size === "number" ? { rawCacheSize: size } : {}) };
}

/**
 * Maps a scenario's fleet onto a real server configuration.
 * - fleet.requestCpu must be absent or a constant: it becomes Node's per-connection busy loop.
 * - node: sessionCache scope none, or worker (an LRU per process; with 1 worker that is also the
 *   instance); a bounded capacity is required for an LRU.
 * - nginx: scope instance → shared zone (size from `rawCacheSize`, else capacity ÷ 2,650 per MiB),
 *   scope worker → builtin:<capacity>; requestCpu must be absent.
 * @throws UnsupportedScenarioError naming the field when the scenario asks for what the harness cannot run.
 */
export function serverSpecFromScenario(scenario: Scenario, choices: ServerChoices): ServerSpec {
  const f = scenario.fleet;
  const fail = (field: string, why: string): never => {
    throw new UnsupportedScenarioError(`${scenario.name}: ${field}: ${why}`);
  };
  if (f.instances !== 1) fail("fleet.instances", `the harness runs one real instance (got ${f.instances})`);
  const software = choices.software === "node" || choices.software === "nginx" ? choices.software : fail("fleet.software", `must be node or nginx to run for real (got ${choices.software})`);
  const certificate: CertificateKeyType = choices.certificate ?? (f.certificate === "custom" ? fail("fleet.certificate", "custom: the experiment must name the real key type (rsa-3072, rsa-4096, ...)") : f.certificate);
  let burnUs = 0;
  if (f.requestCpuSec !== null) {
    if (f.requestCpuSec.kind !== "constant") fail("fleet.requestCpu", "must be a constant to be run as a busy loop");
    if (software === "nginx") fail("fleet.requestCpu", "nginx has no synthetic per-connection work");
    burnUs = Math.round((f.requestCpuSec as { value: number }).value * 1e6);
  }
  const cache = f.sessionCache;
  let store: SessionStoreSpec = { kind: "none" };
  if (cache.scope === "fleet") fail("fleet.sessionCache.scope", "fleet (external) caches are not run for real");
  if (software === "node" && cache.scope !== "none") {
    if (cache.scope === "instance" && f.workersPerInstance > 1) fail("fleet.sessionCache.scope", "a store shared by Node cluster workers is not run for real (use worker)");
    if (!Number.isFinite(cache.capacityEntries)) fail("fleet.sessionCache.capacity", "an LRU store needs a finite capacity");
    store = { kind: "lru", capacityEntries: cache.capacityEntries, lifetimeSec: cache.lifetimeSec };
  }
  if (software === "nginx" && cache.scope === "instance") {
    const sizeBytes = choices.rawCacheSize !== undefined ? parseSizeBytes(String(choices.rawCacheSize), "fleet.sessionCache.size") : Math.round((cache.capacityEntries / 2650) * 1048576);
    store = { kind: "shared", sizeBytes };
  }
  if (software === "nginx" && cache.scope === "worker") store = { kind: "builtin", capacityEntries: cache.capacityEntries };
  const timeout = cache.scope !== "none" ? cache.lifetimeSec : f.tickets.lifetimeSec;
  return {
    software,
    certificate,
    tlsVersion: f.tlsVersion,
    workers: f.workersPerInstance,
    listenBacklog: f.listenBacklog,
    tickets: f.tickets.enabled,
    sessionTimeoutSec: Number.isFinite(timeout) ? timeout : null,
    store,
    burnUs,
    ticketKeyFiles: software === "nginx" && f.tickets.graceKeys > 0,
  };
}
