/**
 * Probe: what the real Node server does with the handshakes of clients that gave up, in a retry
 * storm. Runs the retry-storm experiment's point (85 % of `capacityPerSec`, a 3 s spike to 150 %
 * at 4 s, 3 immediate retries, the given timeout) against the Node server of
 * validate/experiments/retry-storm.node.yaml with the per-connection phase trace on
 * (servers/phaseTrace.ts), and prints per second how many connections the server accepted and how
 * many reached their second phase (completed), the median time from a completed connection's first
 * flight to its second phase, and the generator's outcomes.
 *
 *   npx tsx validate/probes/stormTrace.ts [capacityPerSec=470] [timeout=200ms]
 *
 * Needs a quiet machine, like `shakedown validate` (server on CPU 0, generator on CPU 1). Not part
 * of the harness's runs; its findings are in docs/validation/README.md.
 */
import { median } from "simple-statistics";
import { Bench } from "../bench.js";
import { loadExperimentFile, pointScenario, serverOf } from "../experimentFile.js";
import { Outcome } from "../loadgen/records.js";
import { DEFAULT_LIMITS } from "../measure/point.js";
import type { NodeServer } from "../servers/nodeServer.js";

const capacityPerSec = Number(process.argv[2] ?? 470);
const timeout = process.argv[3] ?? "200ms";
const file = loadExperimentFile("validate/experiments", "retry-storm.node.yaml");
const bench = new Bench({ limits: { ...DEFAULT_LIMITS, maxLatenessP99Sec: 0.025 } });
try {
  await bench.withServer(serverOf(pointScenario(file, [])), async (server) => {
    const node = server as unknown as NodeServer;
    const point = pointScenario(file, [`load.rate=${(0.85 * capacityPerSec).toFixed(1)}/s`, `load.spikes=[{at: 4s, for: 3s, rate: ${(1.5 * capacityPerSec).toFixed(1)}/s}]`, "run.duration=14s", `clients.timeout=${timeout}`, "clients.retry.backoff=immediate", "clients.retry.maxAttempts=4", "clients.retry.jitter=none"]);
    await node.phaseTrace(true);
    const measured = await bench.measure(server, point.scenario);
    const rows = await node.phaseTrace(false);
    const r = measured.records;
    const outcomes = [0, 0, 0];
    for (let a = 0; a < r.count; a++) {
      if (r.outcome[a] === Outcome.Completed) outcomes[0]!++;
      else if (r.outcome[a] === Outcome.Timeout) outcomes[1]!++;
      else if (r.outcome[a] === Outcome.Reset) outcomes[2]!++;
    }
    const firstPhase = rows.filter((x) => Number.isFinite(x.firstFlightEndMs)).sort((a, b) => a.acceptedMs - b.acceptedMs);
    let inversions = 0;
    for (let i = 1; i < firstPhase.length; i++) if (firstPhase[i]!.firstFlightEndMs < firstPhase[i - 1]!.firstFlightEndMs) inversions++;
    const gapsBySec = new Map<number, number[]>();
    for (const x of rows) {
      if (!Number.isFinite(x.secondPhaseMs)) continue;
      const k = Math.floor((x.acceptedMs - measured.t0EpochMs) / 1000);
      gapsBySec.set(k, [...(gapsBySec.get(k) ?? []), x.secondPhaseMs - x.firstFlightEndMs]);
    }
    const perSec = new Map<number, [number, number]>();
    for (const x of rows) {
      const k = Math.floor((x.acceptedMs - measured.t0EpochMs) / 1000);
      const e = perSec.get(k) ?? [0, 0];
      e[0]++;
      if (Number.isFinite(x.secondPhaseMs)) e[1]++;
      perSec.set(k, e);
    }
    console.log(`generator: ${r.count} attempts, ${outcomes[0]} completed, ${outcomes[1]} timed out, ${outcomes[2]} reset (point ${measured.valid ? "valid" : `invalid: ${measured.reasons.join("; ")}`})`);
    console.log(`server: ${rows.length} accepted, ${firstPhase.length} got their first flight, ${rows.filter((x) => Number.isFinite(x.secondPhaseMs)).length} their second phase; first flights out of accept order: ${inversions}`);
    console.log(`per second from t = 0, median ms from the first flight to the second phase (completed connections): ${[...gapsBySec.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}s ${median(v).toFixed(1)}`).join(", ")}`);
    console.log(`per second from t = 0, accepted/completed: ${[...perSec.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}s ${v[0]}/${v[1]}`).join(", ")}`);
  });
} finally {
  await bench.close();
}
