/**
 * From a parsed scenario file (units converted, unset fields undefined) to the canonical
 * {@link Scenario}: fills in the defaults of defaults.ts and checks what one field cannot check on
 * its own (warm-up before the end, phases in order, retries that can happen, ...). Problems are
 * collected as issues with file paths (user names: `run.warmup`, `load.phases[2].at`), never thrown.
 * Browser-safe: no node: imports.
 */
import type { Backoff } from "../client/retryPolicy.js";
import { CLIENT_DEFAULTS, NETWORK_DEFAULTS, RETRY_BUDGET_DEFAULTS, RUN_DEFAULTS } from "./defaults.js";
import { resolveEvents, resolveFleet } from "./resolveFleet.js";
import type { RawScenario } from "./schema.js";
import type { ClientPausesSpec, ClientsSpec, LoadSpec, RunSpec, Scenario } from "./types.js";
import { formatDurationSec as fmt } from "./units.js";

/** A path in the file's tree: keys and array indices. */
export type IssuePath = (string | number)[];

/** Receives one cross-field problem: where (file path) and what (a message naming what was found and what is allowed). */
export type Report = (path: IssuePath, message: string) => void;

/** Most distinct clients a run can hold, open-loop and persistent together (models/client/population.ts). */
const MAX_CLIENTS = 2 ** 31 - 1;

/** Name given to a scenario that has none (parseScenario uses the file name instead when it knows it). */
export const DEFAULT_SCENARIO_NAME = "scenario";

/**
 * Canonical scenario from a parsed file. Pushes one entry to `issues` per cross-field problem;
 * when any was pushed the returned value is incomplete and must be discarded.
 */
export function resolveScenario(raw: RawScenario, issues: { path: IssuePath; message: string }[]): Scenario {
  const report: Report = (path, message) => {
    issues.push({ path, message });
  };
  const run = resolveRun(raw.run, report);
  const clients = resolveClients(raw.clients, report);
  const load = resolveLoad(raw.load, { durationSec: run.durationSec, population: clients.population }, report);
  const fleet = resolveFleet(raw.fleet, report);
  const events = resolveEvents(raw.events ?? [], { fleetInput: raw.fleet, fleet, durationSec: run.durationSec }, report);
  return {
    name: raw.name ?? DEFAULT_SCENARIO_NAME,
    description: raw.description ?? "",
    run,
    network: { rttSec: raw.network?.rtt ?? NETWORK_DEFAULTS.rttSec },
    load,
    clients,
    fleet,
    events,
    slos: raw.slos ?? [],
  };
}

function resolveRun(raw: RawScenario["run"], report: Report): RunSpec {
  const run: RunSpec = {
    durationSec: raw?.duration ?? RUN_DEFAULTS.durationSec,
    warmupSec: raw?.warmup ?? RUN_DEFAULTS.warmupSec,
    seed: raw?.seed ?? RUN_DEFAULTS.seed,
    replications: raw?.replications ?? RUN_DEFAULTS.replications,
    windowSec: raw?.window ?? RUN_DEFAULTS.windowSec,
    confidenceLevel: raw?.confidence ?? RUN_DEFAULTS.confidenceLevel,
  };
  if (!(run.warmupSec < run.durationSec)) {
    report(["run", "warmup"], `expected a duration < run.duration (${fmt(run.durationSec)}), found ${fmt(run.warmupSec)}`);
  }
  if (!(run.windowSec <= run.durationSec)) {
    report(["run", "window"], `expected a duration <= run.duration (${fmt(run.durationSec)}), found ${fmt(run.windowSec)}`);
  }
  return run;
}

function resolveClients(raw: RawScenario["clients"], report: Report): ClientsSpec {
  const retry = raw?.retry;
  const backoff = toBackoff(retry?.backoff, report);
  let maxAttempts = retry?.maxAttempts;
  if (maxAttempts === undefined) {
    maxAttempts = CLIENT_DEFAULTS.maxAttempts;
    if (backoff.kind !== "none") {
      report(
        ["clients", "retry", "maxAttempts"],
        `required with backoff ${backoff.kind}: the number of attempts including the first, e.g. 3 (without it no retry would happen)`,
      );
    }
  } else if (maxAttempts > 1 && backoff.kind === "none") {
    report(
      ["clients", "retry", "backoff"],
      `expected "immediate", {constant: ...} or {exponential: ...} since maxAttempts is ${maxAttempts}, found ${retry?.backoff === undefined ? "no backoff (default none, which never retries)" : '"none" (never retries)'}`,
    );
  }
  const budget = retry?.budget;
  const selection = raw?.selection;
  return {
    population: raw?.population ?? CLIENT_DEFAULTS.population,
    selection: selection === undefined || selection === "uniform" ? { kind: "uniform" } : { kind: "zipf", alpha: selection.zipf },
    timeoutSec: raw?.timeout ?? CLIENT_DEFAULTS.timeoutSec,
    retry: {
      backoff,
      jitter: retry?.jitter ?? "none",
      maxAttempts,
      budget:
        budget === undefined || budget === "none"
          ? null
          : {
              ratio: budget.ratio ?? RETRY_BUDGET_DEFAULTS.ratio,
              minRetriesPerSec: budget.minRetriesPerSec ?? RETRY_BUDGET_DEFAULTS.minRetriesPerSec,
              maxTokens: budget.maxTokens ?? RETRY_BUDGET_DEFAULTS.maxTokens,
            },
    },
    syn: {
      initialRtoSec: raw?.syn?.initialRto ?? CLIENT_DEFAULTS.synInitialRtoSec,
      synRetries: raw?.syn?.retries ?? CLIENT_DEFAULTS.synRetries,
    },
    offerSessionId: raw?.offerSessionId ?? CLIENT_DEFAULTS.offerSessionId,
    offerTicket: raw?.offerTicket ?? CLIENT_DEFAULTS.offerTicket,
    cpu:
      raw?.cpu === undefined
        ? null
        : {
            loops: raw.cpu.loops ?? 1,
            sendCpuSec: raw.cpu.send ?? null,
            finishCpuSec: raw.cpu.finish ?? null,
            afterCpuSec: raw.cpu.after ?? null,
            pauses: toClientPauses(raw.cpu.pauses),
          },
  };
}

type RawClientPauses = NonNullable<NonNullable<NonNullable<RawScenario["clients"]>["cpu"]>["pauses"]>;

/** The pauses' two forms (the schema has checked that exactly one is given). */
function toClientPauses(raw: RawClientPauses | undefined): ClientPausesSpec | null {
  if (raw === undefined) return null;
  if (raw.replay !== undefined) return { replay: raw.replay.map((p) => ({ atSec: p.at, lengthSec: p.length })) };
  return { everySec: raw.every!, lengthSec: raw.length! };
}

type RawBackoff = NonNullable<NonNullable<NonNullable<RawScenario["clients"]>["retry"]>["backoff"]>;

function toBackoff(raw: RawBackoff | undefined, report: Report): Backoff {
  if (raw === undefined || raw === "none") return { kind: "none" };
  if (raw === "immediate") return { kind: "immediate" };
  if (raw.constant !== undefined) return { kind: "constant", delaySec: raw.constant };
  const e = raw.exponential!;
  if (e.cap < e.base) {
    report(["clients", "retry", "backoff", "exponential", "cap"], `expected a duration >= base (${fmt(e.base)}), found ${fmt(e.cap)}`);
  }
  return { kind: "exponential", baseSec: e.base, multiplier: e.multiplier, capSec: e.cap };
}

/** Checks that timed windows lie inside the run, in time order, without overlap. */
function checkWindows(
  windows: readonly { atSec: number; endSec: number }[],
  options: { list: string; endKey: string; durationSec: number },
  report: Report,
): void {
  const { list, endKey, durationSec } = options;
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i]!;
    if (!(w.atSec < durationSec)) {
      report(["load", list, i, "at"], `expected a time < run.duration (${fmt(durationSec)}), found ${fmt(w.atSec)}`);
    } else if (!(w.endSec <= durationSec)) {
      report(["load", list, i, endKey], `expected to end by run.duration (${fmt(durationSec)}), but it ends at ${fmt(w.endSec)}`);
    }
    if (i > 0 && w.atSec < windows[i - 1]!.endSec) {
      report(
        ["load", list, i, "at"],
        `expected a time >= the end of load.${list}[${i - 1}] (${fmt(windows[i - 1]!.endSec)}), found ${fmt(w.atSec)}: ${list} must be in time order and must not overlap`,
      );
    }
  }
}

function resolveLoad(raw: RawScenario["load"], context: { durationSec: number; population: number }, report: Report): LoadSpec {
  const { durationSec } = context;
  const phases = (raw.phases ?? []).map((p) => ({ atSec: p.at, ratePerSec: p.rate }));
  const ramps = (raw.ramps ?? []).map((r) => ({ fromSec: r.from, toSec: r.to, startRatePerSec: r.startRate, endRatePerSec: r.endRate }));
  const spikes = (raw.spikes ?? []).map((s) => ({ atSec: s.at, forSec: s.for, ratePerSec: s.rate }));
  const reuseWindows = (raw.reuseWindows ?? []).map((w) => ({ atSec: w.at, forSec: w.for, fraction: w.fraction }));
  const prewarm = (raw.prewarm ?? []).map((p) => ({ atSec: p.at, overSec: p.over, connections: p.connections }));

  for (let i = 0; i < phases.length; i++) {
    const at = phases[i]!.atSec;
    if (!(at < durationSec)) report(["load", "phases", i, "at"], `expected a time < run.duration (${fmt(durationSec)}), found ${fmt(at)}`);
    if (i > 0 && !(at > phases[i - 1]!.atSec)) {
      report(
        ["load", "phases", i, "at"],
        `expected a time after load.phases[${i - 1}].at (${fmt(phases[i - 1]!.atSec)}), found ${fmt(at)}: phases must be in time order`,
      );
    }
    const inside = ramps.findIndex((r) => at > r.fromSec && at < r.toSec);
    if (inside >= 0) {
      const r = ramps[inside]!;
      report(["load", "phases", i, "at"], `falls inside load.ramps[${inside}] (${fmt(r.fromSec)} to ${fmt(r.toSec)}), found ${fmt(at)}: put phases before or after a ramp`);
    }
  }
  for (let i = 0; i < ramps.length; i++) {
    const r = ramps[i]!;
    if (!(r.toSec > r.fromSec)) {
      report(["load", "ramps", i, "to"], `expected a time > from (${fmt(r.fromSec)}), found ${fmt(r.toSec)}`);
    }
  }
  checkWindows(ramps.map((r) => ({ atSec: r.fromSec, endSec: r.toSec })), { list: "ramps", endKey: "to", durationSec }, report);
  checkWindows(spikes.map((s) => ({ atSec: s.atSec, endSec: s.atSec + s.forSec })), { list: "spikes", endKey: "for", durationSec }, report);
  checkWindows(reuseWindows.map((w) => ({ atSec: w.atSec, endSec: w.atSec + w.forSec })), { list: "reuseWindows", endKey: "for", durationSec }, report);
  for (let i = 0; i < prewarm.length; i++) {
    const p = prewarm[i]!;
    if (!(p.atSec < durationSec)) report(["load", "prewarm", i, "at"], `expected a time < run.duration (${fmt(durationSec)}), found ${fmt(p.atSec)}`);
    else if (!(p.atSec + p.overSec <= durationSec)) {
      report(["load", "prewarm", i, "over"], `expected to end by run.duration (${fmt(durationSec)}), but it ends at ${fmt(p.atSec + p.overSec)}`);
    }
  }

  let persistent: LoadSpec["persistent"] = null;
  if (raw.persistent !== undefined) {
    const p = raw.persistent;
    persistent = { count: p.count, holdSec: p.hold, thinkSec: p.think, startSpreadSec: p.startSpread ?? 0 };
    if (p.count + context.population > MAX_CLIENTS) {
      report(
        ["load", "persistent", "count"],
        `expected at most ${MAX_CLIENTS - context.population} (persistent clients come on top of clients.population, ${context.population}, and all clients number at most 2^31 - 1), found ${p.count}`,
      );
    }
  }
  const ratePerSec = raw.rate ?? 0;
  if (ratePerSec === 0 && phases.length === 0 && ramps.length === 0 && spikes.length === 0 && prewarm.length === 0 && persistent === null) {
    report(["load"], "no load: give a rate (e.g. rate: \"800/s\"), phases, ramps, spikes, prewarm or persistent clients");
  }
  return {
    arrivals: raw.arrivals ?? "poisson",
    ratePerSec,
    phases,
    ramps,
    spikes,
    reuseFraction: raw.reuse ?? 0,
    reuseWindows,
    prewarm,
    persistent,
    senderStalls: raw.senderStalls === undefined ? null : { everySec: raw.senderStalls.every, lengthSec: raw.senderStalls.length },
  };
}
