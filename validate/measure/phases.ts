/**
 * Where a handshake's server CPU sits, from the Node server's per-connection phase trace
 * (validate/servers/phaseTrace.ts): the CPU of the first phase, which the client waits for, and the
 * time from the end of the server's first flight to the start of its second phase (the client's
 * share of the handshake after the server's flight, plus the way back). Pure.
 */
import { mean, median } from "simple-statistics";
import type { PhaseTraceRow } from "../servers/phaseTrace.js";

/** The phase structure of a server's full handshakes, measured at low load. */
export interface PhaseStructure {
  /** Mean server CPU from accepting the connection to the end of its first flight (s). */
  firstPhaseCpuSec: number;
  /** Median time from the end of the server's first flight to the start of its second phase (s). */
  secondPhaseAfterSec: number;
  /** Connections measured (isolated ones: see {@link phaseStructure}). */
  connections: number;
}

/** Fewer isolated connections than this give no structure. */
export const MIN_ISOLATED_CONNECTIONS = 20;

/**
 * The phase structure of the traced connections. Only isolated connections count: the previous
 * connection had closed when this one was accepted, and the next one was accepted after this one's
 * second phase started, so the process's CPU between its accept and its first flight's end was this
 * connection's (plus the loop's own overhead) and nothing else delayed its second phase.
 * @returns null when fewer than {@link MIN_ISOLATED_CONNECTIONS} connections are isolated and complete.
 */
export function phaseStructure(rows: readonly PhaseTraceRow[]): PhaseStructure | null {
  const sorted = [...rows].sort((a, b) => a.acceptedMs - b.acceptedMs);
  const cpu: number[] = [];
  const after: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i]!;
    const prev = sorted[i - 1];
    const next = sorted[i + 1];
    if (!(r.firstFlightEndMs >= r.acceptedMs && r.secondPhaseMs >= r.firstFlightEndMs)) continue;
    if (prev !== undefined && !(prev.closedMs <= r.acceptedMs)) continue;
    if (next !== undefined && !(next.acceptedMs >= r.secondPhaseMs)) continue;
    const c = r.firstFlightEndCpuMs - r.acceptedCpuMs;
    if (!(c >= 0)) continue;
    cpu.push(c / 1000);
    after.push((r.secondPhaseMs - r.firstFlightEndMs) / 1000);
  }
  if (cpu.length < MIN_ISOLATED_CONNECTIONS) return null;
  return { firstPhaseCpuSec: mean(cpu), secondPhaseAfterSec: median(after), connections: cpu.length };
}
