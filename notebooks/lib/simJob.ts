/**
 * The simulations a notebook asks its Web Worker for, and how the worker runs them: each run is a
 * preset's YAML text plus a {@link RunSpec}; the worker applies the CLI's overrides to the text
 * (`loadScenarioText`, the same validation as `shakedown run`), runs every replication with
 * `runScenario`, and returns the result with its canonical JSON (`stableStringify`, as
 * `shakedown run --json` writes it) and the scenario hash (SHA-256 of the canonical scenario, as
 * models/scenario/hash.ts computes it with node:crypto; here with Web Crypto).
 * Browser-safe (Web Crypto is global in browsers, workers and Node 20).
 */
import { runScenario, type ScenarioResult } from "../models/run.js";
import { loadScenarioText } from "../models/scenario/load.js";
import type { Scenario } from "../models/scenario/types.js";
import { stableStringify } from "../sim/experiment/stableJson.js";
import { runOverrides, type RunSpec } from "./command.js";

/** One run of a request: the spec and the YAML text of its preset. */
export interface SimRun {
  spec: RunSpec;
  text: string;
}

/** What the page posts to the worker. `id` ties replies to the request. */
export interface SimRequest {
  id: number;
  runs: readonly SimRun[];
}

/** One finished run. */
export interface SimRunOutput {
  spec: RunSpec;
  /** The canonical scenario that ran (after overrides). */
  scenario: Scenario;
  result: ScenarioResult;
  /** `stableStringify(result)` (2-space indent): the bytes `shakedown run --json` prints for the result fields. */
  resultJson: string;
  /** SHA-256 (hex) of `stableStringify(scenario, 0)`: the CLI's `scenarioHash`. */
  scenarioHash: string;
  /** Wall-clock time of the run in the worker, in milliseconds (not part of the result). */
  elapsedMs: number;
}

/** What the worker posts back: progress (replications done of all runs), the outputs, or an error. */
export type SimReply =
  | { kind: "progress"; id: number; done: number; total: number }
  | { kind: "done"; id: number; outputs: SimRunOutput[] }
  | { kind: "error"; id: number; message: string };

/**
 * SHA-256 of a text (UTF-8) as 64 lower-case hex digits, with Web Crypto.
 * @throws Error if Web Crypto is unavailable (an insecure http origin other than localhost).
 */
export async function sha256Hex(text: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) throw new Error("Web Crypto (crypto.subtle) is unavailable: serve the notebooks from localhost or https");
  const digest = await subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Runs every run of a request in order, calling `onProgress(done, total)` after each replication
 * (total = the replications of all runs).
 * @throws ScenarioError (from loadScenarioText) for an invalid override or scenario, naming the
 *   field; RangeError for a bad spec; InvariantError for a simulator bug.
 */
export async function runSimRequest(request: SimRequest, onProgress?: (done: number, total: number) => void): Promise<SimRunOutput[]> {
  const total = request.runs.reduce((sum, run) => sum + run.spec.replications, 0);
  let done = 0;
  const outputs: SimRunOutput[] = [];
  for (const run of request.runs) {
    const t0 = performance.now();
    const scenario = loadScenarioText(run.text, "yaml", { source: `${run.spec.preset}.yaml`, overrides: runOverrides(run.spec) });
    const result = runScenario(scenario, {
      onReplication: () => {
        done++;
        onProgress?.(done, total);
      },
    });
    const resultJson = stableStringify(result);
    const scenarioHash = await sha256Hex(stableStringify(scenario, 0));
    outputs.push({ spec: run.spec, scenario, result, resultJson, scenarioHash, elapsedMs: performance.now() - t0 });
  }
  return outputs;
}

/** The reply to a request: "done" with the outputs, or "error" with the message (ScenarioError messages name the field). */
export async function replyTo(request: SimRequest, post: (reply: SimReply) => void): Promise<void> {
  try {
    const outputs = await runSimRequest(request, (done, total) => post({ kind: "progress", id: request.id, done, total }));
    post({ kind: "done", id: request.id, outputs });
  } catch (error) {
    post({ kind: "error", id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
}
