/**
 * Starting and stopping the Node TLS server process (nodeServerMain.ts) from the harness.
 */
import { fileURLToPath } from "node:url";
import type { ProcessGroup } from "../procs/processGroup.js";
import type { Certificate } from "./certs.js";
import type { NodeServerConfig, NodeServerStats } from "./nodeServerMain.js";
import type { PhaseTraceRow } from "./phaseTrace.js";
import { awaitMessage, ServerStartError, type RealServer } from "./realServer.js";
import type { ServerSpec } from "./serverSpec.js";

const ENTRY = fileURLToPath(new URL("./nodeServerEntry.mjs", import.meta.url));
const REPO = fileURLToPath(new URL("../../", import.meta.url));

/** Options of {@link startNodeServer}. */
export interface StartNodeServerOptions {
  spec: ServerSpec;
  certificate: Certificate;
  /** Port to bind on 127.0.0.1; 0 (default) lets the kernel choose a free one. */
  port?: number;
  /** CPU to pin the server to (null: none). */
  cpu: number | null;
  raisePriority: boolean;
  /** How long to wait for "ready" (ms). Default 20,000. */
  readyTimeoutMs?: number;
}

/** A running Node server, with its server-side counters. */
export interface NodeServer extends RealServer {
  /** Server-side counts so far (summed over cluster workers); null if the server does not answer within 2 s. */
  stats(): Promise<NodeServerStats | null>;
  /**
   * Returns the per-connection phase trace recorded since the previous call (phaseTrace.ts; empty
   * if it was off, and always for a cluster) and turns recording on or off.
   * @throws Error if the server is not running or does not answer within 5 s.
   */
  phaseTrace(on: boolean): Promise<PhaseTraceRow[]>;
}

/**
 * Starts the Node server in its own process group, waits until it listens and returns it.
 * @throws ServerStartError if it reports an error (EADDRINUSE for a taken port), exits or stays
 *   silent; the process is stopped before the error is thrown (nothing is left running).
 */
export async function startNodeServer(group: ProcessGroup, options: StartNodeServerOptions): Promise<NodeServer> {
  if (options.spec.software !== "node") throw new ServerStartError(`startNodeServer: spec.software is ${options.spec.software}`);
  const proc = group.spawn({ label: "node server", argv: [process.execPath, ENTRY], cpu: options.cpu, raisePriority: options.raisePriority, ipc: true, cwd: REPO });
  const config: NodeServerConfig = { spec: options.spec, keyPem: options.certificate.keyPem, certPem: options.certificate.certPem, port: options.port ?? 0 };
  let port: number;
  try {
    const ready = awaitMessage<{ type: "ready"; port: number }>(proc.child, "ready", options.readyTimeoutMs ?? 20_000, "node server");
    proc.child.send({ type: "config", config });
    port = (await ready).port;
  } catch (error) {
    await group.stop(proc);
    if (error instanceof ServerStartError) throw new ServerStartError(`${error.message}${proc.outputTail() ? `\n${proc.outputTail().trim()}` : ""}`);
    throw error;
  }
  return {
    spec: options.spec,
    port,
    process: proc,
    async rotateTicketKeys() {
      if (proc.hasExited()) throw new Error("node server: not running");
      const done = awaitMessage(proc.child, "rotated", 5000, "node server rotation");
      proc.child.send({ type: "rotate" });
      await done;
    },
    async stats() {
      if (proc.hasExited() || !proc.child.connected) return null;
      try {
        const reply = awaitMessage<{ type: "stats"; stats: NodeServerStats }>(proc.child, "stats", 2000, "node server stats");
        proc.child.send({ type: "stats" });
        return (await reply).stats;
      } catch {
        return null;
      }
    },
    async phaseTrace(on: boolean) {
      if (proc.hasExited() || !proc.child.connected) throw new Error("node server: not running");
      const reply = awaitMessage<{ type: "phaseTrace"; rows: PhaseTraceRow[] }>(proc.child, "phaseTrace", 5000, "node server phase trace");
      proc.child.send({ type: "phaseTrace", on });
      return (await reply).rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v ?? Number.NaN])) as unknown as PhaseTraceRow);
    },
    stop: () => group.stop(proc),
  };
}
