/**
 * The work of one worker thread: one replication of one scenario. Loaded through workerEntry.mjs
 * (which registers tsx first) by the piscina pool in pool.ts, and called directly when the pool
 * runs in-process (one worker).
 */
import { runReplication, type ReplicationResult } from "../models/run.js";
import type { Scenario } from "../models/scenario/types.js";

/** One replication to run: the canonical scenario (plain data, structured-cloned into the thread) and its replication index. */
export interface ReplicationRequest {
  scenario: Scenario;
  replication: number;
}

/**
 * Runs replication `request.replication` of `request.scenario`: a pure function of the two (its random
 * streams are derived from the scenario's seed and the replication index), so the result is the
 * same on any thread. @throws InvariantError from the model (a bug).
 */
export function runReplicationRequest(request: ReplicationRequest): ReplicationResult {
  return runReplication(request.scenario, request.replication);
}
