/**
 * The Node TLS server process (run by nodeServerEntry.mjs, started by nodeServer.ts). Bound to
 * 127.0.0.1 only. Configured by one IPC message {type: "config", config}; answers "ready" with its
 * port (or "error"), then serves until killed or until its parent goes away (IPC disconnect).
 *
 * Per connection: optional busy loop of `burnUs` on the event loop once the handshake is done
 * (the scenario's fleet.requestCpu), then on the client's first bytes (its GET) one small HTTP
 * reply and end(). Writing before end() matters: a TLS 1.3 server that ends without writing never
 * sends its NewSessionTickets (measured, tls-ground-truth.md §2 pitfall 1).
 * Session store: an LRU (lru-cache, capacity and ttl) behind newSession/resumeSession; tickets
 * off is SSL_OP_NO_TICKET; rotation is setTicketKeys with 48 fresh random bytes (every
 * outstanding ticket stops resuming at once, measured §2). Workers > 1: node:cluster (the primary
 * hands connections out round robin; workers share the primary's ticket keys, so a rotation
 * sends the same new keys to every worker).
 *
 * IPC from the parent: {type: "rotate"} → {type: "rotated"}; {type: "stats"} → {type: "stats", ...};
 * {type: "phaseTrace", on} → {type: "phaseTrace", rows} (the rows recorded since the previous
 * request, then recording on or off: phaseTrace.ts). A cluster primary answers with no rows (its
 * workers' connections are not traced).
 */
import cluster from "node:cluster";
import { constants, randomBytes } from "node:crypto";
import { PerformanceObserver } from "node:perf_hooks";
import { createServer, type TLSSocket } from "node:tls";
import { LRUCache } from "lru-cache";
import { attachPhaseTrace } from "./phaseTrace.js";
import type { ServerSpec } from "./serverSpec.js";

/** The configuration message of the server process. */
export interface NodeServerConfig {
  spec: ServerSpec;
  keyPem: string;
  certPem: string;
  /** Port to listen on; 0 for any free port (reported in "ready"). */
  port: number;
}

/** Server-side counts since start (summed over cluster workers). */
export interface NodeServerStats {
  connections: number;
  handshakes: number;
  resumed: number;
  /** Garbage-collection pauses observed (perf_hooks "gc" entries): count and total since start (ms). */
  gcCount: number;
  gcMs: number;
  /** Longest pause since the previous stats request (ms). */
  gcMaxMs: number;
  /** Pause durations since the previous stats request (ms; at most the last 5,000). */
  gcPausesMs: number[];
}

const RESPONSE = "HTTP/1.1 200 OK\r\ncontent-length: 1\r\nconnection: close\r\n\r\nx";
const CONFIG_ENV = "SHAKEDOWN_NODE_SERVER_CONFIG";

/** Entry point: primary (or single process) or cluster worker. */
export function main(): void {
  if (cluster.isWorker) {
    runWorker(JSON.parse(process.env[CONFIG_ENV] ?? "{}") as NodeServerConfig);
    return;
  }
  process.on("disconnect", () => process.exit(0));
  process.once("message", (msg: { type: string; config: NodeServerConfig }) => {
    if (msg.type !== "config") return;
    if (msg.config.spec.workers > 1) runPrimary(msg.config);
    else runSingle(msg.config);
  });
}

function send(message: object): void {
  if (process.send !== undefined && process.connected) process.send(message);
}

function burn(us: number): void {
  if (us <= 0) return;
  const end = performance.now() + us / 1000;
  while (performance.now() < end) {
    // busy loop: synthetic per-connection CPU on the event loop
  }
}

/** Builds the TLS server of one process; returns it and its counters. */
function buildServer(config: NodeServerConfig) {
  const spec = config.spec;
  const version = spec.tlsVersion === "1.2" ? "TLSv1.2" : "TLSv1.3";
  const stats: NodeServerStats = { connections: 0, handshakes: 0, resumed: 0, gcCount: 0, gcMs: 0, gcMaxMs: 0, gcPausesMs: [] };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      stats.gcCount++;
      stats.gcMs += entry.duration;
      if (entry.duration > stats.gcMaxMs) stats.gcMaxMs = entry.duration;
      if (stats.gcPausesMs.length < 5000) stats.gcPausesMs.push(entry.duration);
    }
  }).observe({ entryTypes: ["gc"] });
  const server = createServer({
    key: config.keyPem,
    cert: config.certPem,
    minVersion: version,
    maxVersion: version,
    ...(spec.tickets ? {} : { secureOptions: constants.SSL_OP_NO_TICKET }),
    ...(spec.sessionTimeoutSec !== null ? { sessionTimeout: spec.sessionTimeoutSec } : {}),
  });
  if (spec.store.kind === "lru") {
    const store = new LRUCache<string, Buffer>({ max: spec.store.capacityEntries, ...(Number.isFinite(spec.store.lifetimeSec) ? { ttl: spec.store.lifetimeSec * 1000 } : {}) });
    server.on("newSession", (id: Buffer, data: Buffer, done: () => void) => {
      store.set(id.toString("hex"), data);
      done();
    });
    server.on("resumeSession", (id: Buffer, done: (err: Error | null, data: Buffer | null) => void) => {
      done(null, store.get(id.toString("hex")) ?? null);
    });
  }
  server.on("connection", () => {
    stats.connections++;
  });
  server.on("secureConnection", (socket: TLSSocket) => {
    stats.handshakes++;
    if (socket.isSessionReused()) stats.resumed++;
    socket.on("error", () => undefined);
    burn(spec.burnUs);
    socket.once("data", () => socket.end(RESPONSE));
  });
  server.on("tlsClientError", () => undefined);
  server.on("error", () => undefined);
  return { server, stats, trace: attachPhaseTrace(server) };
}

function runSingle(config: NodeServerConfig): void {
  const { server, stats, trace } = buildServer(config);
  server.once("error", (error: Error) => {
    send({ type: "error", message: error.message });
    setTimeout(() => process.exit(3), 50);
  });
  server.listen({ host: "127.0.0.1", port: config.port, backlog: config.spec.listenBacklog }, () => {
    const address = server.address();
    send({ type: "ready", port: typeof address === "object" && address !== null ? address.port : config.port });
  });
  process.on("message", (msg: { type: string; on?: boolean }) => {
    if (msg.type === "rotate") {
      server.setTicketKeys(randomBytes(48));
      send({ type: "rotated" });
    } else if (msg.type === "stats") sendStats(stats);
    else if (msg.type === "phaseTrace") {
      const rows = trace.take();
      trace.setRecording(msg.on === true);
      send({ type: "phaseTrace", rows });
    }
  });
}

/** Sends the counters and starts a new interval for the per-interval fields. */
function sendStats(stats: NodeServerStats): void {
  send({ type: "stats", stats });
  stats.gcMaxMs = 0;
  stats.gcPausesMs = [];
}

function runPrimary(config: NodeServerConfig): void {
  cluster.setupPrimary({ silent: false });
  const env = { [CONFIG_ENV]: JSON.stringify(config) };
  const workers = Array.from({ length: config.spec.workers }, () => cluster.fork(env));
  let listening = 0;
  let port = config.port;
  let failed = false;
  for (const w of workers) {
    w.on("listening", (address: { port: number }) => {
      port = address.port;
      if (++listening === workers.length) send({ type: "ready", port });
    });
    w.on("message", (msg: { type: string; message?: string }) => {
      if (msg.type === "error" && !failed) {
        failed = true;
        send({ type: "error", message: msg.message ?? "worker failed" });
        setTimeout(() => process.exit(3), 50);
      }
    });
  }
  cluster.on("exit", () => {
    if (!failed) {
      failed = true;
      send({ type: "error", message: "a cluster worker exited" });
      setTimeout(() => process.exit(4), 50);
    }
  });
  process.on("message", (msg: { type: string }) => {
    if (msg.type === "rotate") {
      const keys = randomBytes(48).toString("hex");
      let acks = 0;
      for (const w of workers) {
        w.once("message", function onAck(reply: { type: string }) {
          if (reply.type === "rotated" && ++acks === workers.length) send({ type: "rotated" });
        });
        w.send({ type: "rotate", keys });
      }
    } else if (msg.type === "phaseTrace") {
      send({ type: "phaseTrace", rows: [] });
    } else if (msg.type === "stats") {
      const total: NodeServerStats = { connections: 0, handshakes: 0, resumed: 0, gcCount: 0, gcMs: 0, gcMaxMs: 0, gcPausesMs: [] };
      let replies = 0;
      for (const w of workers) {
        w.once("message", (reply: { type: string; stats?: NodeServerStats }) => {
          if (reply.type !== "stats" || reply.stats === undefined) return;
          total.connections += reply.stats.connections;
          total.handshakes += reply.stats.handshakes;
          total.resumed += reply.stats.resumed;
          total.gcCount += reply.stats.gcCount;
          total.gcMs += reply.stats.gcMs;
          total.gcMaxMs = Math.max(total.gcMaxMs, reply.stats.gcMaxMs);
          total.gcPausesMs.push(...reply.stats.gcPausesMs);
          if (++replies === workers.length) send({ type: "stats", stats: total });
        });
        w.send({ type: "stats" });
      }
    }
  });
}

function runWorker(config: NodeServerConfig): void {
  const { server, stats } = buildServer(config);
  server.once("error", (error: Error) => {
    send({ type: "error", message: error.message });
    setTimeout(() => process.exit(3), 50);
  });
  server.listen({ host: "127.0.0.1", port: config.port, backlog: config.spec.listenBacklog });
  process.on("message", (msg: { type: string; keys?: string }) => {
    if (msg.type === "rotate" && msg.keys !== undefined) {
      server.setTicketKeys(Buffer.from(msg.keys, "hex"));
      send({ type: "rotated" });
    } else if (msg.type === "stats") sendStats(stats);
  });
}
