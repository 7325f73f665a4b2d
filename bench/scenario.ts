/**
 * Model throughput: connection attempts simulated per wall second on the lb-handshake-storm
 * preset, run for as many replications as it takes to simulate at least `minAttempts` attempts
 * (each replication is the preset's 60 s: reuse, a 15 s storm of new connections with backlog
 * overflow, SYN retransmissions, timeouts and retries, recovery).
 */
import { runReplication } from "../models/run.js";
import { loadPreset } from "../models/scenarios/index.js";

/** One timed run: attempts simulated, wall seconds, engine events. */
export interface ScenarioRun {
  attempts: number;
  replications: number;
  wallSec: number;
  events: number;
}

/** Runs lb-handshake-storm replications 0, 1, ... until at least minAttempts attempts were simulated. */
export function runStormScenario(minAttempts: number): ScenarioRun {
  const scenario = loadPreset("lb-handshake-storm");
  const t0 = performance.now();
  let attempts = 0;
  let events = 0;
  let r = 0;
  while (attempts < minAttempts) {
    const res = runReplication(scenario, r++);
    attempts += res.conservation.attempts;
    events += res.events;
  }
  return { attempts, replications: r, wallSec: (performance.now() - t0) / 1000, events };
}
