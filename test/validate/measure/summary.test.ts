import { describe, expect, test } from "vitest";
import { ConnectionFate, Outcome, RecordBuffer, type AttemptRecords } from "../../../validate/loadgen/records.js";
import { quantileSorted, resumedByConnection, seriesOfRecords, summarizeRecords } from "../../../validate/measure/summary.js";

interface Row {
  conn: number;
  no: number;
  sched: number;
  start: number;
  done: number;
  outcome: number;
  resumed?: number;
}

function records(rows: Row[], fate: number[]): AttemptRecords {
  const b = new RecordBuffer(rows.length);
  for (const r of rows) {
    const a = b.alloc();
    b.connection[a] = r.conn;
    b.attemptNo[a] = r.no;
    b.scheduledSec[a] = r.sched;
    b.startSec[a] = r.start;
    b.doneSec[a] = r.done;
    b.outcome[a] = r.outcome;
    b.resumed[a] = r.resumed ?? 0;
  }
  return b.finish(Uint8Array.from(fate));
}

// Four connections scheduled at 0.5, 1.2, 1.5, 2.5 s; connection 2 times out twice and gives up; window [1, 3).
const rows: Row[] = [
  { conn: 0, no: 1, sched: 0.5, start: 0.5, done: 0.502, outcome: Outcome.Completed },
  { conn: 1, no: 1, sched: 1.2, start: 1.201, done: 1.21, outcome: Outcome.Completed, resumed: 1 },
  { conn: 2, no: 1, sched: 1.5, start: 1.5, done: 1.7, outcome: Outcome.Timeout },
  { conn: 2, no: 2, sched: 1.7, start: 1.703, done: 1.9, outcome: Outcome.Timeout },
  { conn: 3, no: 1, sched: 2.5, start: 2.5, done: 2.53, outcome: Outcome.Completed },
];
const fate = [ConnectionFate.Completed, ConnectionFate.Completed, ConnectionFate.Failed, ConnectionFate.Completed];
const times = Float64Array.from([0.5, 1.2, 1.5, 2.5]);

describe("summarizeRecords", () => {
  test("counts completions, timeouts, retries and give-ups in the window, with latency from the scheduled start", () => {
    const s = summarizeRecords(records(rows, fate), times, { warmupSec: 1, durationSec: 3, windowSec: 1 });
    expect(s.goodputPerS).toBe(1); // 2 completions in 2 s
    expect(s.offeredPerS).toBe(1.5);
    expect(s.attemptsPerS).toBe(2);
    expect(s.timeouts).toBe(2);
    expect(s.retries).toBe(1);
    expect(s.failures).toBe(1);
    expect(s.failureRate).toBeCloseTo(1 / 3, 12);
    expect(s.resumptionRate).toBe(0.5);
    expect(s["handshakeLatencyS.p50"]).toBeCloseTo(0.01, 12);
    expect(s["handshakeLatencyS.p99"]).toBeCloseTo(0.03, 12);
    expect(s.latenessMaxS).toBeCloseTo(0.003, 12);
    expect(s.slowerThan1sFraction).toBe(0);
  });

  test("refuses an empty or inverted window", () => {
    expect(() => summarizeRecords(records(rows, fate), times, { warmupSec: 2, durationSec: 2, windowSec: 1 })).toThrow(RangeError);
  });
});

describe("seriesOfRecords", () => {
  test("bins offered connections by schedule time and outcomes by the time they happen", () => {
    const s = seriesOfRecords(records(rows, fate), times, { warmupSec: 0, durationSec: 3, windowSec: 1 });
    expect(s.startSec).toEqual([0, 1, 2]);
    expect(s.offeredPerS).toEqual([1, 2, 1]);
    expect(s.attemptsPerS).toEqual([1, 3, 1]);
    expect(s.goodputPerS).toEqual([1, 1, 1]);
    expect(s.resumedPerS).toEqual([0, 1, 0]);
    expect(s.fullPerS).toEqual([1, 0, 1]);
    expect(s.timeoutsPerS).toEqual([0, 2, 0]);
    expect(s.failuresPerS).toEqual([0, 1, 0]);
    expect(s.latencyP50S[1]).toBeCloseTo(0.01, 12);
  });
});

describe("helpers", () => {
  test("quantileSorted is the nearest-rank quantile and null for no samples", () => {
    const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantileSorted(v, 0.5)).toBe(5);
    expect(quantileSorted(v, 0.99)).toBe(10);
    expect(quantileSorted(v, 0)).toBe(1);
    expect(quantileSorted([], 0.5)).toBeNull();
  });

  test("resumedByConnection gives 1 resumed, 0 full and -1 for a connection that never completed", () => {
    expect([...resumedByConnection(records(rows, fate), 4)]).toEqual([0, 1, -1, 0]);
  });
});
