/** phaseStructure: the first phase's CPU and the gap to the second phase, from isolated traced connections only. */
import { describe, expect, test } from "vitest";
import { MIN_ISOLATED_CONNECTIONS, phaseStructure } from "../../../validate/measure/phases.js";
import type { PhaseTraceRow } from "../../../validate/servers/phaseTrace.js";

/** A connection accepted at `at` ms: first flight after `cpu` ms of CPU (and `wall` ms), second phase `gap` ms later, closed 2 ms after that. */
function row(at: number, cpu: number, gap: number, wall = cpu, cpuBase = at): PhaseTraceRow {
  return { acceptedMs: at, firstFlightEndMs: at + wall, secondPhaseMs: at + wall + gap, closedMs: at + wall + gap + 2, acceptedCpuMs: cpuBase, firstFlightEndCpuMs: cpuBase + cpu };
}

describe("phaseStructure", () => {
  test("isolated connections give the mean first-phase CPU and the median gap, in seconds", () => {
    const rows = Array.from({ length: 30 }, (_, i) => row(10 * i, i % 2 === 0 ? 0.8 : 1.0, i < 15 ? 0.5 : 0.9, 1.2));
    const s = phaseStructure(rows)!;
    expect(s.connections).toBe(30);
    expect(s.firstPhaseCpuSec).toBeCloseTo(0.0009, 12);
    expect(s.secondPhaseAfterSec).toBeCloseTo(0.0007, 12); // median of 15 × 0.5 and 15 × 0.9 ms
  });

  test("connections that overlap a neighbour are left out: their CPU and gap include the other's work", () => {
    const rows = Array.from({ length: 30 }, (_, i) => row(10 * i, 0.8, 0.5));
    // A connection accepted while the 10th is still open (it closes at 93.3 ms) and still open when the 11th is accepted: neither it nor the 11th is isolated.
    rows.push(row(92, 5, 5));
    const s = phaseStructure(rows)!;
    expect(s.connections).toBe(29);
    expect(s.firstPhaseCpuSec).toBeCloseTo(0.0008, 12);
  });

  test("incomplete connections (no second phase, e.g. a timed-out client) are left out, order of rows does not matter", () => {
    const rows = Array.from({ length: 25 }, (_, i) => row(10 * i, 0.8, 0.5)).reverse();
    rows.push({ ...row(300, 0.8, 0.5), secondPhaseMs: Number.NaN });
    expect(phaseStructure(rows)!.connections).toBe(25);
  });

  test("fewer isolated connections than the minimum give null", () => {
    expect(phaseStructure(Array.from({ length: MIN_ISOLATED_CONNECTIONS - 1 }, (_, i) => row(10 * i, 0.8, 0.5)))).toBeNull();
    expect(phaseStructure([])).toBeNull();
  });
});
