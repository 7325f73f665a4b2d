/**
 * The scenario file format: one Zod 4 schema from file (YAML/JSON, user names, unit strings) to
 * the canonical {@link Scenario} (types.ts: seconds, per-second rates, entries, every field filled).
 *
 *   rawScenarioSchema   shape and per-field rules; unknown keys are errors; units converted
 *   scenarioSchema      rawScenarioSchema → resolve.ts: defaults by software (defaults.ts, each with
 *                       its source) and cross-field checks → Scenario
 *
 * `z.output<typeof scenarioSchema>` is Scenario, checked both ways at compile time below; the
 * JSON Schema for editors is generated from the input side (jsonSchema.ts). Browser-safe: no
 * node: imports. Field reference: the `description` of each field, or schema/scenario.schema.json.
 */
import { z } from "zod";
import { distributionField } from "./distributionSchema.js";
import { ALLOWED_KEYS_PREFIX, bool, durationSec, exactlyOneOf, fraction, integer, number, oneOf, ratePerSec, strict, timedList } from "./fields.js";
import { fleetSchema } from "./fleetSchema.js";
import { resolveScenario } from "./resolve.js";
import { parseSlo, SLO_FORM } from "./slo.js";
import type { Scenario, Slo } from "./types.js";

const run = strict(
  {
    duration: durationSec({ description: "Simulated time of one replication, including warm-up. Default: 60s.", positive: true, defaultInput: "60s" }).optional(),
    warmup: durationSec({ description: "Statistics before this time are left out of the summaries; < duration. Default: 0.", defaultInput: "0s" }).optional(),
    seed: integer({ min: 0, description: "Seed of the random streams. Default: 1.", defaultInput: 1 }).optional(),
    replications: integer({ min: 1, description: "Independent replications. Default: 1.", defaultInput: 1 }).optional(),
    window: durationSec({ description: "Width of the per-window time series; <= duration. Default: 1s.", positive: true, defaultInput: "1s" }).optional(),
    confidence: number({
      description: "Confidence level of intervals, in (0, 1). Default: 0.95.",
      min: 0,
      max: 1,
      minExclusive: true,
      maxExclusive: true,
      defaultInput: 0.95,
    }).optional(),
  },
  "Run control.",
);

const network = strict(
  { rtt: durationSec({ description: "Client-server round-trip time. Default: 0ms.", defaultInput: "0ms" }).optional() },
  "Network.",
);

const at = (what: string) => durationSec({ description: `Start of the ${what}, from t = 0.` });

const load = strict(
  {
    arrivals: oneOf(["poisson", "uniform"], "Spacing of open-loop arrivals: Poisson (exponential gaps) or uniform. Default: poisson.", "poisson").optional(),
    rate: ratePerSec("Base new-connection rate from t = 0, e.g. \"800/s\". Default: 0 (then give phases, ramps, spikes, prewarm or persistent).").optional(),
    phases: z
      .array(strict({ at: at("phase"), rate: ratePerSec("Rate from `at` until the next phase.") }), { error: "expected a list of {at, rate}" })
      .meta({ description: "Rate changes, in time order; each rate holds until the next phase." })
      .optional(),
    ramps: z
      .array(
        strict({
          from: at("ramp"),
          to: durationSec({ description: "End of the ramp (> from); endRate then holds until the next phase." }),
          startRate: ratePerSec("Rate at `from`."),
          endRate: ratePerSec("Rate at `to`."),
        }),
        { error: "expected a list of {from, to, startRate, endRate}" },
      )
      .meta({ description: "Linear ramps of the base rate, in time order, not overlapping." })
      .optional(),
    spikes: z
      .array(
        strict({
          at: at("spike"),
          for: durationSec({ description: "Length of the spike.", positive: true }),
          rate: ratePerSec("Rate during the spike, whatever the base schedule says."),
        }),
        { error: "expected a list of {at, for, rate}" },
      )
      .meta({ description: "Spikes, in time order, not overlapping." })
      .optional(),
    reuse: fraction("Fraction of offered connections served on a kept-alive connection (no handshake). Default: 0.", 0).optional(),
    reuseWindows: z
      .array(
        strict({
          at: at("window"),
          for: durationSec({ description: "Length of the window.", positive: true }),
          fraction: fraction("Reuse fraction during the window."),
        }),
        { error: "expected a list of {at, for, fraction}" },
      )
      .meta({ description: "Windows with their own reuse fraction, in time order, not overlapping." })
      .optional(),
    prewarm: z
      .array(
        strict({
          at: at("pre-warming"),
          over: durationSec({ description: "Connections open evenly over [at, at + over)." }),
          connections: integer({ min: 1, description: "Connections opened ahead of a known spike." }),
        }),
        { error: "expected a list of {at, over, connections}" },
      )
      .meta({ description: "Connection pre-warming ahead of known spikes." })
      .optional(),
    persistent: strict(
      {
        count: integer({ min: 1, description: "Clients that hold a connection, then reconnect (closed loop), on top of clients.population." }),
        hold: distributionField("How long a connection stays open."),
        think: distributionField("Pause between a connection's end and the next connect."),
        startSpread: durationSec({
          description: "First connects spread uniformly over [0, startSpread). Default: 0 (all at t = 0).",
          defaultInput: "0s",
        }).optional(),
      },
      "Persistent clients (closed loop), in addition to the open-loop rate.",
    ).optional(),
    senderStalls: strict(
      {
        every: durationSec({ description: "Interval between stalls.", positive: true }),
        length: distributionField("Length of one stall."),
      },
      "Pauses of the sending side: every `every` no open-loop connection is sent for a time drawn from `length`; the ones due meanwhile go out together at its end, their latency counted from when they were due (a client runtime or load generator stall). Default: none.",
    ).optional(),
  },
  "Offered load.",
);

const backoff = z
  .union(
    [
      z.enum(["none", "immediate"], { error: 'expected "none" or "immediate"' }),
      exactlyOneOf(
        {
          constant: durationSec({ description: "Constant delay before each retry." }).optional(),
          exponential: strict({
            base: durationSec({ description: "First delay." }),
            multiplier: number({ description: "Growth factor per retry, >= 1.", min: 1 }),
            cap: durationSec({ description: "Largest delay." }),
          }).optional(),
        },
        "Backoff with a delay.",
      ),
    ],
    { error: 'expected "none", "immediate", {constant: <duration>} or {exponential: {base, multiplier, cap}}' },
  )
  .meta({ description: 'Backoff before a retry: none (never retry), immediate, {constant: "100ms"} or {exponential: {base, multiplier, cap}}. Default: none.' });

const retry = strict(
  {
    backoff: backoff.optional(),
    jitter: oneOf(["none", "full", "equal", "decorrelated"], "Jitter on the backoff delay (Brooker 2015). Default: none.", "none").optional(),
    maxAttempts: integer({
      min: 1,
      description: "Attempts including the first; required (> 1) with a backoff other than none. Default: 1.",
    }).optional(),
    budget: z
      .union(
        [
          z.literal("none", { error: 'expected "none" or {ratio, minRetriesPerSec, maxTokens}' }),
          strict({
            ratio: number({ description: "Tokens per first attempt. Default: 0.2 (Finagle).", min: 0, defaultInput: 0.2 }).optional(),
            minRetriesPerSec: number({ description: "Token refill per second. Default: 10 (Finagle).", min: 0, defaultInput: 10 }).optional(),
            maxTokens: number({ description: "Bucket capacity, >= 1. Default: 100.", min: 1, defaultInput: 100 }).optional(),
          }),
        ],
        { error: 'expected "none" or {ratio, minRetriesPerSec, maxTokens}' },
      )
      .meta({ description: 'Retry budget (token bucket), or "none". Default: none.' })
      .optional(),
  },
  "Retry policy after a failed attempt.",
);

const PAUSE_FORMS = "either every and length (periodic pauses) or replay (pauses at given times)";
const clientPauses = z
  .strictObject(
    {
      every: durationSec({ description: "Interval between periodic pauses of each loop (with length).", positive: true }).optional(),
      length: distributionField("Length of one periodic pause (with every).").optional(),
      replay: timedList("length", {
        at: "When the pause starts, from t = 0.",
        key: "How long the loop is paused.",
        list: "Pauses at given times (a measured run's stalls, replayed): every loop pauses at each `at` for its `length`, in place of periodic ones; [] for none.",
      }).optional(),
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? ALLOWED_KEYS_PREFIX + "every, length, replay" : issue.code === "invalid_type" ? `expected ${PAUSE_FORMS}` : undefined) },
  )
  .superRefine((value, ctx) => {
    const periodic = value.every !== undefined || value.length !== undefined;
    if (value.replay !== undefined ? periodic : value.every === undefined || value.length === undefined) {
      ctx.addIssue({ code: "custom", message: `expected ${PAUSE_FORMS}, found ${["every", "length", "replay"].filter((k) => value[k as keyof typeof value] !== undefined).join(" and ") || "none"}`, input: value });
    }
  })
  .meta({ description: "Pauses of every client loop (garbage collection, a load generator's stalls): each waits its turn in the loop's queue and holds up the work behind it. Periodic ({every, length}) or at given times ({replay: [{at, length}, ...]}). Default: none." });

const clients = strict(
  {
    population: integer({
      min: 1,
      max: 2 ** 31 - 1,
      description: "Distinct open-loop clients (persistent clients come on top). Default: 1000.",
      defaultInput: 1000,
    }).optional(),
    selection: z
      .union([z.literal("uniform", { error: 'expected "uniform" or {zipf: <alpha>}' }), strict({ zipf: number({ description: "Zipf exponent alpha, >= 0.", min: 0 }) })], {
        error: 'expected "uniform" or {zipf: <alpha>}',
      })
      .meta({ description: 'Which client opens a connection: "uniform" or {zipf: 1.1}. Default: uniform.' })
      .optional(),
    timeout: durationSec({
      description: 'Per-attempt timeout, or "none". Default: none.',
      unbounded: true,
      noneIsInfinity: true,
      positive: true,
      defaultInput: "none",
    }).optional(),
    retry: retry.optional(),
    syn: strict(
      {
        initialRto: durationSec({ description: "First SYN retransmission timeout. Default: 1s (RFC 6298, Linux).", positive: true, defaultInput: "1s" }).optional(),
        retries: integer({ min: 0, description: "SYN retransmissions before giving up. Default: 6 (tcp_syn_retries).", defaultInput: 6 }).optional(),
      },
      "TCP SYN retransmission when the accept queue is full.",
    ).optional(),
    offerSessionId: bool("Clients offer a cached session ID. Default: true.", true).optional(),
    offerTicket: bool("Clients offer a session ticket. Default: true.", true).optional(),
    cpu: strict(
      {
        loops: integer({ min: 1, max: 1_000_000, description: "Client event loops; client c runs on loop c mod loops. Default: 1.", defaultInput: 1 }).optional(),
        send: distributionField("CPU before a connection goes out (socket set-up, ClientHello); in the handshake's latency. Default: 0.").optional(),
        finish: distributionField("CPU to process the server's last flight (verification, key schedule, Finished); the handshake completes when it ends. Default: 0.").optional(),
        after: distributionField("CPU after the handshake (request, reply, close); keeps the loop busy but is not in this handshake's latency. Default: 0.").optional(),
        pauses: clientPauses.optional(),
      },
      "Client-side CPU per attempt, run first come first served on the clients' event loops (a second queue in tandem with the server: a client runtime, a proxy, a load generator). Default: none (clients cost nothing).",
    ).optional(),
  },
  "The client population and its behaviour.",
);

const EVENT_KINDS = ["rotate-ticket-keys", "flush-cache", "restart-workers", "restart-instances", "rotate-certificate"] as const;
const eventFields = <K extends (typeof EVENT_KINDS)[number]>(kind: K) => ({
  kind: z.literal(kind),
  at: durationSec({ description: "When the event starts." }),
  stagger: durationSec({ description: "Spread the action evenly across instances over this window. Default: 0.", defaultInput: "0s" }).optional(),
});
const eventError = (issue: { code?: string }): string | undefined =>
  issue.code === "invalid_union" || issue.code === "invalid_type"
    ? `expected an event {kind, at, stagger} with kind one of ${EVENT_KINDS.join(", ")}`
    : undefined;

const fleetEvent = z
  .discriminatedUnion(
    "kind",
    [
      strict(eventFields("rotate-ticket-keys")),
      strict(eventFields("flush-cache")),
      strict(eventFields("restart-workers")),
      strict(eventFields("restart-instances")),
      strict({
        ...eventFields("rotate-certificate"),
        flushCache: bool("Also flush session caches. Default: false.").optional(),
        rotateTicketKeys: bool("Also rotate ticket keys. Default: node and nginx yes unless keysSurviveRestart, generic no.").optional(),
        restartWorkers: bool("Also restart workers. Default: nginx yes (reload), else no.").optional(),
      }),
    ],
    { error: eventError },
  )
  .meta({ description: "A scheduled disruption." });

const slo = z
  .string({ error: `expected ${SLO_FORM}` })
  .transform((text, ctx): Slo => {
    try {
      return parseSlo(text);
    } catch (error) {
      ctx.issues.push({ code: "custom", message: (error as Error).message, input: text });
      return z.NEVER;
    }
  })
  .meta({ description: 'A service-level objective, e.g. "handshakeLatencyS.p99 < 100ms" or "failureRate < 0.1%".' });

/**
 * Shape and per-field rules of a scenario file, before defaults: user-facing names, unit strings
 * converted, unknown keys refused, unset fields undefined. `fleet` and `load` are required.
 */
export const rawScenarioSchema = strict(
  {
    $schema: z.string().meta({ description: "JSON Schema of this file (for editors); ignored." }).optional(),
    name: z.string({ error: "expected a string" }).meta({ description: "Short name. Default: the file name." }).optional(),
    description: z.string({ error: "expected a string" }).meta({ description: "What the scenario shows and where its numbers come from." }).optional(),
    run: run.optional(),
    network: network.optional(),
    load,
    clients: clients.optional(),
    fleet: fleetSchema,
    events: z.array(fleetEvent, { error: "expected a list of events" }).meta({ description: "Scheduled disruptions. Default: none." }).optional(),
    slos: z.array(slo, { error: "expected a list of SLO strings" }).meta({ description: "Service-level objectives. Default: none." }).optional(),
  },
  "A shakedown scenario: load, clients and a TLS server fleet.",
);

/** A scenario file after per-field parsing, before defaults and cross-field checks. */
export type RawScenario = z.output<typeof rawScenarioSchema>;

/**
 * The scenario schema: file form in, canonical {@link Scenario} out. Cross-field problems
 * (warm-up past the end, overlapping ramps, custom certificate without costs, ...) are reported
 * only once every field parses on its own. Use parseScenario (load.ts) for errors as data.
 */
export const scenarioSchema = rawScenarioSchema.transform((raw, ctx): Scenario => {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const scenario = resolveScenario(raw, issues);
  for (const issue of issues) ctx.issues.push({ code: "custom", message: issue.message, path: issue.path, input: undefined });
  return issues.length > 0 ? z.NEVER : scenario;
});

/** The file form a user writes (the schema's input type). */
export type ScenarioInput = z.input<typeof scenarioSchema>;

/** True when A and B are the same type (mutual assignability is not enough: this also tells optional from required). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compile-time check that the schema's output is exactly the canonical Scenario type (fails to compile otherwise). */
export type ScenarioOutputIsCanonical = Equals<z.output<typeof scenarioSchema>, Scenario> extends true ? true : never;
const scenarioOutputCheck: ScenarioOutputIsCanonical = true;
void scenarioOutputCheck;
