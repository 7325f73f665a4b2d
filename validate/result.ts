/**
 * The validation result: plain, JSON-ready data (what `shakedown validate --json` prints and
 * validation.json holds), and the machine description it was measured on.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, release } from "node:os";
import type { CalibrationEntry } from "./calibration.js";
import type { ServerName } from "./experiments.js";
import type { PointHygiene } from "./measure/point.js";
import type { CommonSeries, Tolerance } from "./metrics.js";
import { nginxVersion } from "./servers/nginxServer.js";

/** One compared value: the point (experiment, server, offered load, metric, predicted, measured, error, validity). */
export interface ValidationPoint {
  experiment: string;
  server: ServerName;
  label: string;
  offeredLoad: { ratePerSec: number; fractionOfCapacity: number | null };
  metric: string;
  unit: "s" | "/s" | "fraction" | "count";
  /**
   * The simulator's value on the arrivals and clients the usable measured repeats replayed: the
   * median over those replications, as `measured` is over the repeats (validate/paired.ts).
   */
  predicted: number | null;
  /** Smallest and largest of those paired replications' values (null with one). */
  predictedRange: [number, number] | null;
  /** The simulator's value over all its replications (other realizations of the same load; on points predicted with speed traces, without them): mean for a summary metric, on the averaged series for a window. */
  predictedExpected: number | null;
  /** The simulator's 95 % confidence interval of {@link predictedExpected} over replications, when the metric is a summary metric. */
  predictedCi: [number, number] | null;
  /**
   * On points predicted with each repeat's own speed trace (`slowEpisodesFromPoint: "replay"`): the
   * paired prediction without the traces (the point's median cost alone, as before 2026-11-22 08:00)
   * and whether it held, so a reader sees what the trace did. Absent elsewhere.
   */
  withoutTrace?: { predicted: number | null; relativeError: number | null; withinTolerance: boolean | null };
  /** The median over the point's usable repeats (its valid ones; all of them if none is valid). */
  measured: number | null;
  /** Smallest and largest measured value over those repeats (null with one). */
  measuredRange: [number, number] | null;
  repeats: { measured: number; used: number };
  /**
   * Each usable repeat's measured value beside its own paired replication's predicted value (the
   * pairs whose median and range are `measured`, `measuredRange`, `predicted` and `predictedRange`),
   * in the order the repeats ran. Absent before 2026-11-22 11:10.
   */
  perRepeat?: { replication: number; measured: number | null; predicted: number | null }[];
  /**
   * On a storm's recovery: of the simulated realizations paired with the usable repeats (each
   * replication and its variants, which redraw what the measurement did not share), how many
   * recovered (`count`) of how many (`of`). Absent on other metrics and before 2026-11-22 12:10.
   */
  predictedDefined?: { count: number; of: number };
  /** (predicted − measured) ÷ |measured|. */
  relativeError: number | null;
  absoluteError: number | null;
  tolerance: Tolerance | null;
  /** null: informational (no tolerance applies, or a value is missing). */
  withinTolerance: boolean | null;
  valid: boolean;
  /** Why the measurement is invalid (null when valid). */
  reason: string | null;
}

/** One measured point run with both sides' series (for charts) and its hygiene. */
export interface PointRunRecord {
  experiment: string;
  server: ServerName;
  label: string;
  file: string;
  overrides: string[];
  predictionOverrides: string[];
  /**
   * What the calibrated client delay was multiplied by for this point's prediction: the generator's
   * CPU per attempt here over the calibration's at this rate (validate/clientDelay.ts); null where
   * the point does not model the clients' CPU. Absent in results written before 2026-11-22.
   */
  clientDelayFactor?: number | null;
  /**
   * The server's slow episodes measured in each usable repeat (validate/measure/slowdowns.ts), on
   * load-sweep points below capacity: window length, median CPU per handshake, the ratio from which
   * a window was slow, the slow windows' factor, the episodes' lengths (s) and every window's cost
   * over the median (null: no completion), with the replication the repeat replayed and the
   * server's CPU (all threads) over its sampled run time (validate/pointInputs.ts allThreadsFactor;
   * both absent before 2026-11-22 08:00). A repeat without a reading has no entry. Absent before 2026-11-22 and on other points.
   */
  slowEpisodes?: { replication?: number; allThreadsFactor?: number; windowSec: number; normalCostSec: number; thresholdRatio: number; factor: number; lengthsSec: number[]; ratios: (number | null)[] }[];
  /**
   * On points whose repeats are each predicted with their own speed trace (`slowEpisodesFromPoint:
   * "replay"`): the overrides that replication's prediction appends to `predictionOverrides` (its
   * handshake cost at the repeat's median window cost, and its fleet.cpuTrace). Empty for a repeat
   * without a trace (predicted with `predictionOverrides` alone). Absent elsewhere and before 2026-11-22 08:00.
   */
  repeatOverrides?: { replication: number; overrides: string[] }[];
  ratePerSec: number;
  loadFraction: number | null;
  valid: boolean;
  reasons: string[];
  repeats: { measured: number; used: number };
  /** Hygiene of the first usable repeat. */
  hygiene: PointHygiene;
  /** Hygiene of every repeat. */
  allHygiene: PointHygiene[];
  measuredSeries: CommonSeries | null;
  predictedSeries: CommonSeries | null;
}

/** A seed article's claim and what measurement says. */
export interface Verdict {
  id: string;
  seed: string;
  claim: string;
  verdict: "true" | "false" | "partly true" | "not measured";
  evidence: string;
}

/** The machine a run was measured on. */
export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  kernel: string;
  node: string;
  nginx: string | null;
  openssl: string;
  somaxconn: number | null;
}

/** The whole result. */
export interface ValidationResult {
  version: 1;
  generatedAt: string;
  quick: boolean;
  servers: ServerName[];
  machine: MachineInfo;
  wallSec: number;
  /** Mean foreign CPU (cores) over the measured points, and its maximum. */
  foreignCores: { mean: number; max: number };
  calibration: CalibrationEntry[];
  /** Drift probes: at the start of each calibrated experiment after the first, the calibration's costs were multiplied by `factor`. */
  drift: { experiment: string; server: ServerName; calibration: string; factor: number; capacityPerSec: number }[];
  points: ValidationPoint[];
  verdicts: Verdict[];
  runs: PointRunRecord[];
  /** What was not run and why (e.g. nginx not installed). */
  skipped: string[];
}

/** Describes this machine (CPU, kernel, Node, nginx, OpenSSL, somaxconn). */
export function machineInfo(): MachineInfo {
  let somaxconn: number | null = null;
  try {
    somaxconn = Number(readFileSync("/proc/sys/net/core/somaxconn", "utf8").trim());
  } catch {
    somaxconn = null;
  }
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? "unknown",
    kernel: release(),
    node: process.version,
    nginx: nginxVersion(),
    openssl: process.versions.openssl ?? "unknown",
    somaxconn,
  };
}

/** The system OpenSSL's version line, or null (for the report). */
export function systemOpenssl(): string | null {
  try {
    return execFileSync("openssl", ["version"], { encoding: "utf8" }).trim();
  } catch {
    return null;
  }
}
