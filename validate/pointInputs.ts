/**
 * What a point's prediction takes from the point's own measured repeats, besides its costs: the
 * pauses (the server's GC as blocking work, the generator's stalls), pooled over the usable
 * repeats, and the server's slow episodes, pooled and each repeat's own.
 */
import { CLIENT_LOOP_STALL_SEC, type PointPlan } from "./experiments.js";
import type { MeasuredPoint } from "./measure/point.js";
import { generatorStalls, generatorStallsSec, pausesOverride, stallReplayOverride } from "./measure/pauses.js";
import { slowdownsOverride, slowEpisodesOrReason, type SlowEpisodes } from "./measure/slowdowns.js";
import type { PointRunRecord } from "./result.js";
import { blockingWorkAtOverride, helperBursts, type HelperBurst } from "./measure/helperBursts.js";

/**
 * The pauses measured over a point's usable repeats, pooled over their active spans: the server's
 * GC pauses as blocking work and the generator's stalls as overrides, and the GC CPU per handshake
 * to take out of the handshake cost (it is in the measured CPU, and now runs as the pauses). The
 * stalls are runs of starts more than 1 ms late, given as sender stalls; when the prediction models
 * the client loop (`clientLoop`), runs more than CLIENT_LOOP_STALL_SEC late, given as its pauses.
 */
export function measuredPauses(used: readonly MeasuredPoint[], clientLoop: boolean): { overrides: string[]; gcCpuPerHandshakeSec: number } {
  const gc: number[] = [];
  const stalls: number[] = [];
  let spanSec = 0;
  let gcSec = 0;
  let handshakes = 0;
  for (const m of used) {
    gc.push(...(m.hygiene.serverGc?.pausesSec ?? []));
    stalls.push(...(clientLoop ? generatorStallsSec(m.records, CLIENT_LOOP_STALL_SEC) : generatorStallsSec(m.records)));
    spanSec += m.hygiene.activeSec;
    gcSec += m.hygiene.serverGc?.totalSec ?? 0;
    handshakes += m.hygiene.serverHandshakes;
  }
  const overrides = spanSec > 0 ? [pausesOverride(gc, spanSec, "blockingWork"), pausesOverride(stalls, spanSec, clientLoop ? "clientPauses" : "senderStalls")].filter((o): o is string => o !== null) : [];
  return { overrides, gcCpuPerHandshakeSec: handshakes > 0 ? gcSec / handshakes : 0 };
}

/**
 * One repeat's own generator stalls (runs of starts more than CLIENT_LOOP_STALL_SEC late) at their
 * times, as the replayed pauses of the client loop that replace the pooled ones in that repeat's
 * paired prediction: where the pooled stalls fall at even intervals with lengths drawn from all
 * repeats, a repeat's tail at moderate load is set by its own few stalls (docs/validation).
 */
export function ownStallsOverride(m: Pick<MeasuredPoint, "records">): string {
  return stallReplayOverride(generatorStalls(m.records, CLIENT_LOOP_STALL_SEC));
}

/**
 * The server's slow episodes over a point's usable repeats (validate/measure/slowdowns.ts), from
 * the end of the warm-up to the last arrival: pooled as a fleet.slowdowns override (with the cost
 * divisor that keeps the total CPU), and each repeat's own reading, in the order of `used`, or the
 * reason it has none; with each repeat's helper-thread bursts (measure/helperBursts.ts; for
 * "replay" points only, [] otherwise) and its {@link allThreadsFactor} with their CPU left out
 * (it is replayed as blocking work at their times).
 */
export function measuredSlowdowns(point: PointPlan, used: readonly MeasuredPoint[], warmupSec: number): { override: string | null; costDivisor: number; episodes: SlowEpisodes[]; perRepeat: (SlowEpisodes | string)[]; allThreadsFactors: number[]; helperBursts: HelperBurst[][] } {
  const perRepeat = used.map((m): SlowEpisodes | string => {
    let lastArrival = 0;
    for (let a = 0; a < m.records.count; a++) if (m.records.attemptNo[a] === 1) lastArrival = Math.max(lastArrival, m.records.scheduledSec[a]!);
    const toSec = Math.min(lastArrival, m.serverRunSamples.at(-1)?.atSec ?? 0);
    return toSec > warmupSec ? slowEpisodesOrReason(m, warmupSec, toSec, point.ratePerSec) : `no run-time samples after the warm-up (last arrival ${lastArrival.toFixed(3)} s, last sample ${m.serverRunSamples.at(-1)?.atSec.toFixed(3) ?? "none"})`;
  });
  const episodes = perRepeat.filter((e): e is SlowEpisodes => typeof e !== "string");
  // Replayed only with each repeat's own trace ("replay"); otherwise their CPU stays in the whole.
  const bursts = used.map((m) => (point.slowEpisodesFromPoint === "replay" ? helperBursts(m.serverRunSamples) : []));
  const allThreadsFactors = used.map((m, j) => allThreadsFactor(m, bursts[j]!.reduce((a, b) => a + b.cpuSec, 0)));
  return { ...slowdownsOverride(episodes), episodes, perRepeat, allThreadsFactors, helperBursts: bursts };
}

/**
 * The server's CPU over a repeat (all its threads: hygiene) over the run time its sampled main
 * threads gained meanwhile (/proc/PID/schedstat: validate/procs/machine.ts runSecOf): what the
 * window costs, read from the main threads, are to be scaled by for the whole server's CPU. About
 * 1.015 for Node (its GC and libuv helper threads share the pinned core; 0.985-1.05 by repeat in the
 * 08:00 run of 2026-11-22), 1 for nginx (single-threaded workers). 1 when either is unknown.
 * `replayedSec`: server CPU given to the prediction separately (helper-thread bursts as blocking
 * work), left out of the whole so that it is not counted twice.
 */
export function allThreadsFactor(m: Pick<MeasuredPoint, "hygiene" | "serverRunSamples">, replayedSec = 0): number {
  const s = m.serverRunSamples;
  const cost = m.hygiene.serverCpuPerHandshakeSec;
  if (s.length < 2 || cost === null) return 1;
  const runSec = s[s.length - 1]!.runSec - s[0]!.runSec;
  const f = (cost * m.hygiene.serverHandshakes - replayedSec) / runSec;
  return Number.isFinite(f) && f > 0 ? f : 1;
}

/** A repeat's slow episodes for validation.json (window ratios to 3 decimals, null for a window without completions). */
export function episodeRecord(e: SlowEpisodes, replication: number, allThreads: number): NonNullable<PointRunRecord["slowEpisodes"]>[number] {
  return { replication, allThreadsFactor: Number(allThreads.toFixed(4)), windowSec: e.windowSec, normalCostSec: e.normalCostSec, thresholdRatio: Number(e.thresholdRatio.toFixed(3)), factor: Number(e.factor.toFixed(3)), lengthsSec: e.lengthsSec.map((x) => Number(x.toFixed(3))), ratios: e.ratios.map((r) => (Number.isFinite(r) ? Number(r.toFixed(3)) : null)) };
}

