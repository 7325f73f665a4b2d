/**
 * One test per preset: run it briefly and check the seed article's qualitative claim — or, where
 * the measurements in ../shared/notes/tls-ground-truth.md contradict the article, check what the
 * measured model says instead, and say so.
 */
import { describe, expect, test } from "vitest";
import { runReplication, runScenario } from "../../../models/run.js";
import { loadPreset } from "../../../models/scenarios/index.js";

const mean = (xs: (number | null)[], from: number, to: number) => {
  const v = xs.slice(from, to).filter((x): x is number => x !== null);
  return v.reduce((a, b) => a + b, 0) / v.length;
};
const max = (xs: (number | null)[], from: number, to: number) => Math.max(...xs.slice(from, to).map((x) => x ?? 0));

describe("preset claims", () => {
  test("node-session-wall (seed 000): no wall at 101 clients — a Node server resumes 300 clients by ticket; the article's 100-entry FIFO cache would resume few, 2000 entries nearly all", () => {
    const short = ["run.duration=30s", "run.warmup=10s"];
    const asShipped = runReplication(loadPreset("node-session-wall", short), 0).summary;
    const articleCache = (capacity: number) => runReplication(loadPreset("node-session-wall", [...short,
      "fleet.tickets.enabled=false", "fleet.sessionCache.scope=instance", "fleet.sessionCache.eviction=fifo", `fleet.sessionCache.capacity=${capacity}`]), 0).summary;
    const small = articleCache(100);
    const large = articleCache(2000);
    // Measured (claim A): Node keeps no server cache and resumes by ticket, whatever the client count.
    // After warm-up every reconnect of the 300 clients resumes by ticket.
    expect(asShipped.resumptionRate!).toBeGreaterThan(0.95);
    // What the article thought happens: with 300 clients cycling through a 100-entry FIFO cache, most reconnects miss.
    expect(small.resumptionRate!).toBeLessThan(0.5);
    expect(large.resumptionRate!).toBeGreaterThan(0.95);
    expect(small.failures).toBe(0); // and nothing "times out at connection 101": the load is far below capacity
  });

  test("lb-handshake-storm (seed 001): when reuse stops, handshakes queue for seconds and the fleet recovers afterwards; resumption does not collapse under load", () => {
    const r = runReplication(loadPreset("lb-handshake-storm"), 0);
    const s = r.series;
    // reuse phase (0–20 s): millisecond handshakes
    expect(max(s.latencyP99S, 2, 20)).toBeLessThan(0.05);
    // forced new connections (20–35 s): the fleet saturates, the backlog overflows, p99 reaches seconds (SYN retransmits)
    expect(max(s.latencyP99S, 22, 36)).toBeGreaterThan(1);
    expect(r.summary.listenOverflows).toBeGreaterThan(1000);
    expect(mean(s.workerUtilization, 22, 35)).toBeGreaterThan(0.95);
    // recovery (reuse back at 35 s): latency returns to milliseconds once the queue and retries drain
    expect(max(s.latencyP99S, 50, 60)).toBeLessThan(0.05);
    // The article's "resumption drops from 85 % to 15 % under load" is not what a cache model does with
    // returning clients: with resuming clients, the resumption rate during the storm stays high.
    const resuming = runReplication(loadPreset("lb-handshake-storm", ["clients.offerTicket=true", "clients.offerSessionId=true"]), 0);
    const during = resuming.series.resumedPerS.slice(22, 35).reduce((a, b) => a + b, 0);
    const all = resuming.series.goodputPerS.slice(22, 35).reduce((a, b) => a + b, 0);
    expect(during / all).toBeGreaterThan(0.8);
  });

  test("nginx-cpu-saturation (seed 002): workers pin at 100 % CPU while connection slots are free, the accept queue overflows, latency climbs; shared cache vs per-worker cache", () => {
    const r = runReplication(loadPreset("nginx-cpu-saturation", ["run.duration=40s"]), 0);
    expect(mean(r.series.workerUtilization, 21, 30)).toBeGreaterThan(0.97);
    expect(r.summary.listenOverflows).toBeGreaterThan(0);
    expect(max(r.series.latencyP99S, 21, 31)).toBeGreaterThan(10 * max(r.series.latencyP99S, 6, 19));
    // per-worker caches break resumption (measured: about half with 2 workers when tickets are off)
    const returning = ["run.duration=20s", "clients.population=2000", "fleet.tickets.enabled=false", "load.spikes=[]", "load.rate=1000/s"];
    const shared = runReplication(loadPreset("nginx-cpu-saturation", returning), 0).summary.resumptionRate!;
    const perWorker = runReplication(loadPreset("nginx-cpu-saturation", [...returning, "fleet.sessionCache.scope=worker"]), 0).summary.resumptionRate!;
    expect(shared).toBeGreaterThan(0.95);
    expect(perWorker).toBeGreaterThan(0.4);
    expect(perWorker).toBeLessThan(0.6);
  });

  test("node-cluster-sessions (seed 003): per-process session stores resume about 1/W; a shared store or tickets resume nearly all", () => {
    const perWorker = runReplication(loadPreset("node-cluster-sessions"), 0).summary.resumptionRate!;
    const shared = runReplication(loadPreset("node-cluster-sessions", ["fleet.sessionCache.scope=instance"]), 0).summary.resumptionRate!;
    const tickets = runReplication(loadPreset("node-cluster-sessions", ["fleet.tickets.enabled=true"]), 0).summary.resumptionRate!;
    expect(perWorker).toBeGreaterThan(0.2);
    expect(perWorker).toBeLessThan(0.3);
    expect(shared).toBeGreaterThan(0.95);
    expect(tickets).toBeGreaterThan(0.95);
  });

  test("mmc-baseline: the mean handshake latency is Erlang C's mean sojourn within the 95 % CI", () => {
    // λ = 3000/s, μ = 1000/s, c = 4: a = 3, C(4, 3) = 0.5094; T = 1/μ + C/(cμ − λ) = 1.5094 ms (Kleinrock 1975, §3.5).
    // 30 replications: with 10, seed 1 missed by 0.09 %; at 60 replications seeds 1 and 7 gave
    // 1.5075 ± 0.0062 and 1.5088 ± 0.0045 ms, inside the CI.
    let b = 1;
    for (let k = 1; k <= 4; k++) b = (3 * b) / (k + 3 * b);
    const c = (4 * b) / (4 - 3 * (1 - b));
    const expected = 0.001 + c / 1000;
    const r = runScenario(loadPreset("mmc-baseline", ["run.replications=30", "run.duration=30s"]));
    const est = r.metrics["handshakeLatencyS.mean"];
    expect(est.lower).toBeLessThanOrEqual(expected);
    expect(est.upper).toBeGreaterThanOrEqual(expected);
    expect(est.halfWidth / expected).toBeLessThan(0.05);
  });
});
