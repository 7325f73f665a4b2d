/**
 * Per-connection timestamps inside the Node TLS server (TLS 1.3), for measuring where a handshake's
 * server CPU sits and how long the server waits between its two phases. Off unless turned on; the
 * calibration turns it on for one low-load point (validate/calibration.ts).
 *
 * The phase boundaries come from the server's key log (Node's 'keylog' event, emitted synchronously
 * from OpenSSL's keylog callback, RFC 8446 §7.1 secret names as in NSS's key log format):
 * - SERVER_TRAFFIC_SECRET_0 is logged when the server has written its Finished: the end of its first
 *   flight (ServerHello … Finished, with the CertificateVerify signature).
 * - CLIENT_TRAFFIC_SECRET_0 is logged when it reads the client's Finished: the start of its second
 *   phase. (Measured on Node 20: in that order, the second after the client's 'secureConnect'.)
 *
 * Times are ms since the Unix epoch (performance.timeOrigin + performance.now(), the generator's
 * clock; the two processes agree within ~5 µs on this machine). CPU is the server process's
 * utime + stime (process.cpuUsage) in ms.
 */
import type { Server, TLSSocket } from "node:tls";
import type { Socket } from "node:net";

/** One traced connection: times (epoch ms) and the process's CPU (ms) at its events; NaN if it did not happen. */
export interface PhaseTraceRow {
  /** The server's 'connection' event (TCP accepted). */
  acceptedMs: number;
  /** End of the server's first flight (SERVER_TRAFFIC_SECRET_0 logged). */
  firstFlightEndMs: number;
  /** Start of the second phase (the client's Finished read: CLIENT_TRAFFIC_SECRET_0 logged). */
  secondPhaseMs: number;
  /** The socket closed. */
  closedMs: number;
  /** Process CPU at acceptedMs and at firstFlightEndMs (ms). */
  acceptedCpuMs: number;
  firstFlightEndCpuMs: number;
}

/** The trace of one server process. */
export interface PhaseTrace {
  /** Starts (dropping anything recorded before) or stops recording. */
  setRecording(on: boolean): void;
  /** The rows recorded since the last take (connections still open are included as they are). */
  take(): PhaseTraceRow[];
}

const now = () => performance.timeOrigin + performance.now();
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Attaches the trace to a TLS server. While not recording it costs one check per connection: the
 * 'keylog' listener is only added while recording, because Node turns OpenSSL's key-log callback on
 * for every new connection of a server that has one (lib/_tls_wrap.js), which costs CPU per handshake.
 */
export function attachPhaseTrace(server: Server): PhaseTrace {
  let recording = false;
  let rows: PhaseTraceRow[] = [];
  const open = new Map<number, PhaseTraceRow>();
  server.on("connection", (socket: Socket) => {
    if (!recording) return;
    const row: PhaseTraceRow = { acceptedMs: now(), firstFlightEndMs: Number.NaN, secondPhaseMs: Number.NaN, closedMs: Number.NaN, acceptedCpuMs: cpuMs(), firstFlightEndCpuMs: Number.NaN };
    const port = socket.remotePort ?? -1;
    open.set(port, row);
    rows.push(row);
    socket.once("close", () => {
      row.closedMs = now();
      if (open.get(port) === row) open.delete(port);
    });
  });
  const onKeylog = (line: Buffer, socket: TLSSocket) => {
    const row = open.get(socket.remotePort ?? -1);
    if (row === undefined) return;
    const label = line.toString("latin1", 0, 23);
    if (label === "SERVER_TRAFFIC_SECRET_0") {
      row.firstFlightEndMs = now();
      row.firstFlightEndCpuMs = cpuMs();
    } else if (label === "CLIENT_TRAFFIC_SECRET_0") row.secondPhaseMs = now();
  };
  return {
    setRecording(on: boolean) {
      if (on && !recording) server.on("keylog", onKeylog);
      if (!on && recording) server.off("keylog", onKeylog);
      recording = on;
      rows = [];
      open.clear();
    },
    take() {
      const out = rows;
      rows = [];
      return out;
    },
  };
}
