/**
 * A real TLS server started by the harness (Node or nginx), as the rest of the harness sees it,
 * and the IPC helpers the Node processes share.
 */
import type { ChildProcess } from "node:child_process";
import type { TrackedProcess } from "../procs/processGroup.js";
import type { ServerSpec } from "./serverSpec.js";

/** A running server bound to 127.0.0.1:port. */
export interface RealServer {
  readonly spec: ServerSpec;
  readonly port: number;
  /** The tracked leader process; its process group holds every server process (CPU is summed over it). */
  readonly process: TrackedProcess;
  /** Rotates the ticket keys now (Node: setTicketKeys with fresh keys; nginx: a new key file list [new, old] and a reload). */
  rotateTicketKeys(): Promise<void>;
  /** Stops the server and waits until none of its processes is left. */
  stop(): Promise<void>;
}

/** Thrown when a server cannot start: the port is taken, the program is missing, or it crashed while starting. */
export class ServerStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ServerStartError";
  }
}

/**
 * Waits for the first IPC message of `type` from `child` (or "error", which rejects), for at most
 * `timeoutMs`; rejects if the child exits first.
 */
export function awaitMessage<T extends { type: string }>(child: ChildProcess, type: string, timeoutMs: number, label: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    const onMessage = (msg: { type?: string; message?: string }) => {
      if (msg?.type === type) {
        cleanup();
        resolve(msg as T);
      } else if (msg?.type === "error") {
        cleanup();
        reject(new ServerStartError(`${label}: ${msg.message ?? "failed"}`));
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new ServerStartError(`${label}: exited (${signal ?? `code ${code}`}) before "${type}"`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new ServerStartError(`${label}: no "${type}" within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}
