/**
 * Starting, reloading and stopping an nginx instance with a generated configuration (see
 * nginxConfig.ts), in the foreground (`daemon off`) so the master is the harness's tracked child
 * and its workers share its process group. Rotation: with key files, a new 80-byte key is written
 * and the list becomes [new, old]; without, nginx regenerates its keys on reload (measured,
 * tls-ground-truth.md §3). A reload is SIGHUP to the master; it is done when the new workers are up.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { join } from "node:path";
import { groupMembers, type ProcessGroup } from "../procs/processGroup.js";
import type { Certificate } from "./certs.js";
import { nginxConfig } from "./nginxConfig.js";
import { ServerStartError, type RealServer } from "./realServer.js";
import type { ServerSpec } from "./serverSpec.js";

/** Where the nginx binary is, or null if it is not installed (PATH, then /usr/sbin). */
export function nginxBinary(): string | null {
  for (const p of ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"]) if (existsSync(p)) return p;
  try {
    const out = execFileSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" }).trim();
    return out === "" ? null : out;
  } catch {
    return null;
  }
}

/** The installed nginx version ("1.22.1"), or null (`nginx -v` prints it on stderr). */
export function nginxVersion(): string | null {
  const bin = nginxBinary();
  if (bin === null) return null;
  const out = spawnSync(bin, ["-v"], { encoding: "utf8", timeout: 5000 });
  return /nginx\/([\d.]+)/.exec(`${out.stdout ?? ""}${out.stderr ?? ""}`)?.[1] ?? null;
}

/** A free TCP port on 127.0.0.1 (bind port 0, read it back, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen({ host: "127.0.0.1", port: 0 }, () => {
      const address = s.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:port (one connect attempt, 500 ms at most). */
export function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** Options of {@link startNginx}. */
export interface StartNginxOptions {
  spec: ServerSpec;
  certificate: Certificate;
  /** Prefix directory for this instance (created). */
  dir: string;
  /** Port on 127.0.0.1; default: a free one. */
  port?: number;
  cpu: number | null;
  raisePriority: boolean;
  readyTimeoutMs?: number;
}

/**
 * Starts nginx and waits until it accepts connections.
 * @throws ServerStartError if nginx is not installed, the configuration is refused, the port is
 *   taken (nginx exits: "bind() … Address already in use"), or it does not listen in time; nothing
 *   is left running.
 */
export async function startNginx(group: ProcessGroup, options: StartNginxOptions): Promise<RealServer> {
  const bin = nginxBinary();
  if (bin === null) throw new ServerStartError("nginx is not installed (apt-get install nginx)");
  const { spec, dir } = options;
  mkdirSync(dir, { recursive: true });
  const port = options.port ?? (await freePort());
  const keyPaths: string[] = [];
  const newKey = () => {
    const path = join(dir, `ticket.${keyPaths.length}.key`);
    writeFileSync(path, randomBytes(80), { mode: 0o600 });
    keyPaths.unshift(path);
  };
  if (spec.ticketKeyFiles) newKey();
  const confPath = join(dir, "nginx.conf");
  const writeConf = () => writeFileSync(confPath, nginxConfig({ spec, dir, port, certPath: options.certificate.certPath, keyPath: options.certificate.keyPath, ticketKeyPaths: keyPaths.slice(0, 2) }));
  writeConf();
  const errorLog = join(dir, "error.log");
  // A watchdog in nginx's process group kills the group if this harness dies without stopping it
  // (nginx, unlike the Node children, has no IPC channel to notice); it wakes once a second.
  const watchdog = `(while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -KILL 0) & exec "$@"`;
  const proc = group.spawn({ label: "nginx", argv: ["sh", "-c", watchdog, "sh", bin, "-p", dir, "-c", confPath, "-e", errorLog], cpu: options.cpu, raisePriority: options.raisePriority, output: "pipe" });
  const deadline = performance.now() + (options.readyTimeoutMs ?? 10_000);
  const logTail = () => (existsSync(errorLog) ? readFileSync(errorLog, "utf8").trim().split("\n").slice(-5).join("\n") : "");
  // Ready when the workers are started (nginx forks them only after binding) and the port answers;
  // a bind failure is in the error log at once (nginx would retry it for 2.5 s before exiting).
  for (;;) {
    const log = existsSync(errorLog) ? readFileSync(errorLog, "utf8") : "";
    if (proc.hasExited() || /bind\(\) to .* failed/.test(log)) {
      await group.stop(proc);
      throw new ServerStartError(`nginx could not start on port ${port}:\n${(proc.outputTail() + logTail()).trim()}`);
    }
    if (countStarts(errorLog) >= spec.workers && (await portAccepts(port))) break;
    if (performance.now() > deadline) {
      await group.stop(proc);
      throw new ServerStartError(`nginx did not listen on port ${port} in time:\n${logTail()}`);
    }
    await new Promise((r) => setTimeout(r, 30));
  }
  await waitFor(() => nginxProcesses(proc.pid).length >= spec.workers + 1, 5000);
  return {
    spec,
    port,
    process: proc,
    async rotateTicketKeys() {
      if (proc.hasExited()) throw new Error("nginx: not running");
      if (spec.ticketKeyFiles) {
        newKey();
        writeConf();
      }
      const startsBefore = countStarts(errorLog);
      process.kill(proc.pid, "SIGHUP");
      await waitFor(() => countStarts(errorLog) >= startsBefore + spec.workers, 5000);
    },
    stop: () => group.stop(proc),
  };
}

/** PIDs of the nginx processes (master and workers) in process group `pgid` (the watchdog shell is not one). */
export function nginxProcesses(pgid: number): number[] {
  return groupMembers(pgid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "nginx";
    } catch {
      return false;
    }
  });
}

/** "start worker process" lines in the error log (one per worker started, at start and on each reload). */
function countStarts(errorLog: string): number {
  if (!existsSync(errorLog)) return 0;
  return readFileSync(errorLog, "utf8").split("start worker process").length - 1;
}

async function waitFor(ok: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!ok()) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}
