/**
 * The validation report: predicted-over-measured charts per experiment, an error table, the
 * tolerance summary, the calibration, the seed-claim verdicts and the machine, as a generic
 * ReportDoc (sim/report) plus the chart specs (sim/charts). Writing the files is writeReport.ts.
 */
import type { TopLevelSpec } from "vega-lite";
import { sweepChart, timeSeriesChart } from "../sim/charts/specs.js";
import { formatNumber } from "../sim/report/format.js";
import type { ChartSection, ReportCell, ReportDoc, ReportSection, TableSection } from "../sim/report/reportDoc.js";
import { costAt } from "./calibration.js";
import type { Tolerance } from "./metrics.js";
import { insideRange, rangeCoversMedian, whyMissed } from "./missWhy.js";
import type { PointRunRecord, ValidationPoint, ValidationResult } from "./result.js";

/** A chart to render: file base name, title, spec and a sentence under it. */
export interface ValidationChart {
  name: string;
  title: string;
  spec: TopLevelSpec;
  note: string;
}

/** One tolerance rule's tally over valid points in scope. */
export interface ToleranceTally {
  rule: string;
  checked: number;
  held: number;
  /** Of the misses, those whose prediction lies inside the measured repeats' range (validate/missWhy.ts): within the measurement's own spread. */
  missedInsideRange: number;
  invalid: number;
}

const RULES: { rule: string; metric: (p: ValidationPoint) => boolean }[] = [
  { rule: "median latency within 15 % (≤ 90 % load)", metric: (p) => p.metric === "handshakeLatencyS.p50" && p.tolerance !== null },
  { rule: "p99 latency within 30 % (≤ 90 % load)", metric: (p) => p.metric === "handshakeLatencyS.p99" && p.tolerance !== null },
  { rule: "resumption rate within 3 percentage points", metric: (p) => p.tolerance?.kind === "absolute" },
  { rule: "capacity (the knee) within 10 %", metric: (p) => p.metric === "capacityPerS" },
  { rule: "retry storm recovery the same in kind", metric: (p) => p.tolerance?.kind === "same-kind" },
];

/**
 * How many in-scope points each tolerance rule checked and how many held (valid points only;
 * invalid ones counted apart). When some points were predicted with each repeat's speed trace, the
 * latency rules are tallied again on those points' predictions without it (`withoutTrace`).
 */
export function toleranceTallies(points: readonly ValidationPoint[]): ToleranceTally[] {
  type Judged = { held: boolean | null; predicted: number | null };
  const tally = (rule: string, inScope: ValidationPoint[], judge: (p: ValidationPoint) => Judged): ToleranceTally => {
    const valid = inScope.filter((p) => p.valid && judge(p).held !== null);
    const missed = valid.filter((p) => judge(p).held === false);
    return {
      rule,
      checked: valid.length,
      held: valid.length - missed.length,
      missedInsideRange: missed.filter((p) => insideRange(judge(p).predicted, p.measuredRange)).length,
      invalid: inScope.filter((p) => !p.valid).length,
    };
  };
  const out = RULES.map(({ rule, metric }) => tally(rule, points.filter(metric), (p) => ({ held: p.withinTolerance, predicted: p.predicted })));
  for (const { rule, metric } of RULES.slice(0, 2)) {
    const traced = points.filter((p) => metric(p) && p.withoutTrace !== undefined);
    if (traced.length > 0) out.push(tally(`${rule}: the traced points without their speed traces`, traced, (p) => ({ held: p.withoutTrace!.withinTolerance, predicted: p.withoutTrace!.predicted })));
  }
  return out;
}

/** The method text's sentence on the server's speed: replayed traces, pooled episodes, or recorded only (older results). */
function speedText(tracesGiven: boolean, slowdownsGiven: boolean): string {
  if (tracesGiven) return "The server's speed varies within a point and between its repeats (its CPU per completed handshake, read window by window from its run time against the handshakes it completed, moves by 10-40 %): on load-sweep points below capacity each measured repeat's paired replication replays that repeat's own window costs over their median (fleet.cpuTrace), with the handshake cost at that median, so the simulated server is slow when and as much as the measured one was (runs[].repeatOverrides; the readings in runs[].slowEpisodes). ";
  if (slowdownsGiven) return "In this run they also got the server's slow episodes (stretches in which its core ran slower; read window by window from the server's run time against the handshakes it completed) as fleet.slowdowns, with the handshake cost taken down so the total CPU still matches (runs[].predictionOverrides; each repeat's episodes in runs[].slowEpisodes). ";
  return "The server's slow episodes (stretches in which its core runs slower; read window by window from its run time against the handshakes it completed) are recorded for each repeat (runs[].slowEpisodes), not given to the predictions. ";
}

/**
 * What the report says about the pauses replayed at their times in each repeat's paired
 * prediction: the generator's stalls (`stalls`: a repeat override sets clients.cpu.pauses) and the
 * Node server's helper-thread bursts (`helperBursts`: one sets fleet.blockingWorkAt); "" for
 * neither (runs before them).
 */
export function pauseReplayText(stalls: boolean, helperBursts: boolean): string {
  const parts = [
    ...(stalls ? ["the load generator's stalls (runs of starts more than 2 ms late) as pauses of the client loop at the times they began (clients.cpu.pauses replay, in place of the point's pooled pauses)"] : []),
    ...(helperBursts ? ["for Node, the bursts of the server's own helper threads (V8's garbage-collection and compiler threads, sampled every 10 ms), which on its pinned core keep its event loop from running, as blocking work at their times (fleet.blockingWorkAt; their CPU is left out of the handshake cost)"] : []),
  ];
  if (parts.length === 0) return "";
  return `Each repeat's paired replication also replays that repeat's own pauses: ${parts.join("; and ")}. At 60-80 % of capacity with uniform arrivals a p99 is set by a few such pauses in a whole repeat, so pooled pauses at even intervals predict the median repeat and miss which repeats were hit. `;
}

function toleranceText(t: Tolerance | null): string {
  if (t === null) return "—";
  if (t.kind === "same-kind") return "same kind";
  return t.kind === "relative" ? `±${Math.round(t.max * 100)} %` : `±${Math.round(t.max * 100)} pp`;
}

function valueText(p: ValidationPoint, v: number | null): string {
  if (p.metric.startsWith("recovery") || p.metric.startsWith("resumptionRecovery")) return v === null ? "never" : formatNumber(v, "s");
  return formatNumber(v, p.unit);
}

function errorText(p: ValidationPoint): string {
  if (p.tolerance?.kind === "absolute" && p.absoluteError !== null) return `${p.absoluteError >= 0 ? "+" : ""}${(p.absoluteError * 100).toFixed(1)} pp`;
  if (p.relativeError === null) return "—";
  return `${p.relativeError >= 0 ? "+" : ""}${(p.relativeError * 100).toFixed(0)} %`;
}

function verdictOf(p: ValidationPoint): string {
  if (!p.valid) return "invalid";
  if (p.withinTolerance === null) return "info";
  return p.withinTolerance ? "held" : "MISSED";
}

/**
 * The error table of some points. Its last column says why a point is invalid; with `why`, it says
 * instead what `why` returns for the point (the misses' table: validate/missWhy.ts).
 */
export function pointsTable(title: string, points: readonly ValidationPoint[], note?: string, why?: (p: ValidationPoint) => string): TableSection {
  const rows: ReportCell[][] = points.map((p) => [
    p.server,
    p.label,
    p.metric,
    valueText(p, p.predicted),
    valueText(p, p.measured),
    errorText(p),
    toleranceText(p.tolerance),
    verdictOf(p),
    why !== undefined ? why(p) : (p.reason ?? ""),
  ]);
  return { kind: "table", title, columns: ["server", "point", "metric", "predicted", "measured", "error", "tolerance", "result", why !== undefined ? "why" : "why invalid"], rows, align: ["left", "left", "left", "right", "right", "right", "right", "left", "left"], ...(note ? { note } : {}) };
}

/** Charts: per server, the sweep's p50 and p99 predicted and measured against load; per timeline point, goodput, p99 and resumption over time. */
export function validationCharts(result: ValidationResult): ValidationChart[] {
  const charts: ValidationChart[] = [];
  for (const server of result.servers) {
    for (const arrivals of ["uniform", "poisson"] as const) {
      const pts = result.points.filter((p) => p.experiment === "load-sweep" && p.server === server && p.label.endsWith(arrivals) && p.offeredLoad.fractionOfCapacity !== null);
      for (const q of ["p50", "p99"] as const) {
        const mine = pts.filter((p) => p.metric === `handshakeLatencyS.${q}`).sort((a, b) => a.offeredLoad.fractionOfCapacity! - b.offeredLoad.fractionOfCapacity!);
        if (mine.length < 2 || mine.some((p) => p.predicted === null || p.predicted <= 0 || p.measured === null || p.measured <= 0)) continue;
        // A log axis cannot show 0: a band whose lower bound is at or near 0 is drawn down to half the
        // smallest value on the chart (the note says so) instead of failing the whole report.
        const logFloor = Math.min(...mine.flatMap((p) => [p.predicted!, p.measured!])) / 2;
        const floored = mine.filter((p) => p.predictedRange !== null && p.predictedRange[0] < logFloor).map((p) => p.label);
        charts.push({
          name: `sweep-${server}-${arrivals}-${q}`,
          title: `Load sweep, ${server}, ${arrivals} arrivals: ${q} handshake latency, predicted and measured`,
          spec: sweepChart(
            {
              x: mine.map((p) => Math.round(p.offeredLoad.fractionOfCapacity! * 100)),
              xTitle: "offered load (% of measured capacity)",
              series: [
                { name: "predicted", mean: mine.map((p) => p.predicted), lower: mine.map((p) => Math.max(p.predictedRange?.[0] ?? p.predicted!, logFloor)), upper: mine.map((p) => p.predictedRange?.[1] ?? p.predicted) },
                { name: "measured", mean: mine.map((p) => p.measured) },
              ],
            },
            { title: `${server}: ${q} handshake latency against load (${arrivals})`, yTitle: `${q} latency`, yUnit: "s", logY: true },
          ),
          note: `Predicted: the median over the simulator's replications that replayed the measured repeats' arrivals; band: the smallest to the largest of them${floored.length > 0 ? ` (at ${floored.join(", ")} its lower bound is below the chart's floor, where the band is cut)` : ""}. Points above 100 % are past the knee (no tolerance applies there). Invalid points: ${mine.filter((p) => !p.valid).map((p) => p.label).join(", ") || "none"}.`,
        });
      }
    }
  }
  result.runs.forEach((run, i) => {
    if (run.measuredSeries === null || run.predictedSeries === null) return;
    const m = run.measuredSeries;
    const p = run.predictedSeries;
    const n = Math.min(m.startSec.length, p.startSec.length);
    const x = m.startSec.slice(0, n);
    const cut = <T>(a: T[]) => a.slice(0, n);
    const base = `${run.experiment}-${run.server}-${i}`;
    const validity = run.valid ? "valid" : `invalid: ${run.reasons.join("; ")}`;
    charts.push({
      name: `${base}-goodput`,
      title: `${run.experiment}, ${run.server}, ${run.label}: goodput and attempts per second`,
      spec: timeSeriesChart(
        { xSec: x, series: [{ name: "offered", values: cut(m.offeredPerS) }, { name: "goodput predicted", values: cut(p.goodputPerS) }, { name: "goodput measured", values: cut(m.goodputPerS) }, { name: "attempts predicted", values: cut(p.attemptsPerS) }, { name: "attempts measured", values: cut(m.attemptsPerS) }] },
        { title: `${run.label}: goodput and attempts`, yTitle: "per second", yUnit: "/s" },
      ),
      note: `Per ${formatNumber(m.windowSec, "s")} window, by event time. Measurement ${validity}.`,
    });
    const p99 = { p: cut(p.latencyP99S), m: cut(m.latencyP99S) };
    if ([...p99.p, ...p99.m].some((v) => v !== null && v > 0)) {
      const pos = (a: (number | null)[]) => a.map((v) => (v !== null && v > 0 ? v : null));
      charts.push({
        name: `${base}-p99`,
        title: `${run.experiment}, ${run.server}, ${run.label}: p99 handshake latency per window`,
        spec: timeSeriesChart({ xSec: x, series: [{ name: "p99 predicted", values: pos(p99.p) }, { name: "p99 measured", values: pos(p99.m) }, { name: "p50 predicted", values: pos(cut(p.latencyP50S)) }, { name: "p50 measured", values: pos(cut(m.latencyP50S)) }] }, { title: `${run.label}: latency per window`, yTitle: "latency", yUnit: "s", logY: true }),
        note: `Latency of the attempts completed in each window, from their scheduled start. Measurement ${validity}.`,
      });
    }
    const resumed = (s: typeof m) => cut(s.resumedPerS).map((r, k) => (r + (s.fullPerS[k] ?? 0) > 0 ? r / (r + (s.fullPerS[k] ?? 0)) : null));
    if (cut(m.resumedPerS).some((v) => v > 0) || cut(p.resumedPerS).some((v) => v > 0)) {
      charts.push({
        name: `${base}-resumption`,
        title: `${run.experiment}, ${run.server}, ${run.label}: resumption rate per window`,
        spec: timeSeriesChart({ xSec: x, series: [{ name: "predicted", values: resumed(p) }, { name: "measured", values: resumed(m) }] }, { title: `${run.label}: resumed share of completed handshakes`, yTitle: "resumed", yUnit: "fraction" }),
        note: `Measurement ${validity}.`,
      });
    }
  });
  return charts;
}

/** The report document around the rendered charts (in the order of {@link validationCharts}). */
export function validationReport(result: ValidationResult, charts: readonly ChartSection[], reproduceCommand: string, generatedBy: string): ReportDoc {
  const m = result.machine;
  const sections: ReportSection[] = [];
  sections.push({
    kind: "table",
    title: "Machine and run",
    columns: ["item", "value"],
    rows: [
      ["date", result.generatedAt],
      ["mode", result.quick ? "--quick (CI bounds; not the issue's tolerances)" : "full"],
      ["servers", result.servers.join(", ")],
      ["CPUs", `${m.cpus} × ${m.cpuModel}`],
      ["kernel", m.kernel],
      ["Node (and its OpenSSL)", `${m.node} (OpenSSL ${m.openssl})`],
      ["nginx", m.nginx ?? "not installed"],
      ["net.core.somaxconn", m.somaxconn],
      ["CPU used by other processes during points (cores)", `mean ${result.foreignCores.mean.toFixed(2)}, max ${result.foreignCores.max.toFixed(2)}`],
      ["wall time", formatNumber(result.wallSec, "s")],
      ...result.skipped.map((s): ReportCell[] => ["skipped", s]),
    ],
    align: ["left", "left"],
  });
  const tallies = toleranceTallies(result.points);
  sections.push({
    kind: "table",
    title: "Tolerances (valid points in scope)",
    columns: ["rule", "checked", "held", "missed", "of the misses: inside the measured repeats' range", "invalid points left out"],
    rows: tallies.map((t) => [t.rule, t.checked, t.held, t.checked - t.held, t.missedInsideRange, t.invalid]),
    note: `A miss inside the measured repeats' range is within the measurement's own spread: the range of n repeats holds the measured median with confidence 1 − 2^(1−n) (${[5, 4, 3].map((n) => `${(100 * rangeCoversMedian(n)).toFixed(0)} % for ${n} repeats`).join(", ")}), and the prediction lies in it; the section on misses says for each. A point is invalid when the load generator, not the server, may have been the bottleneck (generator CPU above 0.85 cores, start lateness p99 above the limit), other processes used much CPU, or anything else used more than 0.1 core of the server's own CPU; invalid points are reported, never used.`,
  });
  const slowdownsGiven = result.runs.some((r) => r.predictionOverrides.some((o) => o.startsWith("fleet.slowdowns=")));
  const tracesGiven = result.runs.some((r) => (r.repeatOverrides ?? []).some((x) => x.overrides.length > 0));
  const replayed = (prefix: string) => result.runs.some((r) => (r.repeatOverrides ?? []).some((x) => x.overrides.some((o) => o.startsWith(prefix))));
  sections.push({
    kind: "text",
    title: "How each point is predicted",
    text:
      "The simulator runs the point's own scenario file with the point's overrides (rate, arrivals, phases) and the calibrated costs: the server CPU per handshake from the calibration curve at the point's rate, rescaled by a drift probe before each experiment; on load-sweep and saturation points, the CPU per handshake the point itself measured; on retry-storm points, the curve rescaled by the CPU per handshake measured over the point's own base load before its spike. " +
      "On load-sweep points the clients get the load generator's CPU per attempt measured at the point, as one event loop in tandem with the server (clients.cpu): the client delay the calibration measured at low load becomes CPU in the handshake's path (before the connection goes out and on the server's last flight, after which the client's Finished lets the server's second phase run), the rest of the generator's CPU is work after the handshake that keeps its loop busy. That delay is rescaled at each point by the generator's speed there: its CPU per attempt at the point over the calibration's at the same rate (validation.json runs[].clientDelayFactor), since the generator drifts as the server does. " +
      "Where the handshake's CPU sits: for the Node server (TLS 1.3, one process) the calibration traces every connection inside the server at its lowest load (key-log callbacks mark the end of the server's first flight and the start of its second phase): the first phase gets the traced CPU from accept to the end of the first flight, the second phase the rest of the handshake's cost (which includes the connection's request, reply and close), and the client's CPU on the server's flight is the traced time between the two phases, as far as the in-path client CPU covers it. For nginx the split is the model's assumption (20 % in the second phase, the in-path client CPU halved). " +
      "Below capacity, load-sweep predictions also get the pauses measured during the point: the server's garbage-collection pauses (Node) as blocking work on its event loop (their CPU is taken out of the handshake cost), and the load generator's stalls (runs of starts more than 2 ms late: shorter ones are the client loop's own queueing, which the model now has) as pauses of the client loop (clients.cpu.pauses: a pause holds up both the connections due to go out and the handshakes waiting for the client to finish them). With uniform arrivals at 80-90 % of capacity a backlog drains at only 10-20 % of the service rate, so a few-millisecond pause or burst sets the p99; without them the simulator predicted a third to half of the measured p99 there. " +
      speedText(tracesGiven, slowdownsGiven) +
      pauseReplayText(replayed("clients.cpu.pauses="), replayed("fleet.blockingWorkAt=")) +
      "Paired realizations: measured repeat k replays the arrivals and clients of the simulator's replication k (the generator draws them with the simulator's own streams), so a point is compared with the median over the replications its usable repeats replayed, as the measured value is the median over those repeats. Only those draws are shared: each paired replication is the mean over 8 variants that keep them and redraw the rest (which worker the kernel wakes, each handshake's CPU), the model's expectation given what the measurement shared (3 variants in quick mode). The value over all replications (other realizations of the same load) is in validation.json as predictedExpected, with its 95 % CI. " +
      "The exact overrides of every prediction are in validation.json (runs[].predictionOverrides).",
  });
  sections.push({ kind: "table", title: "The seed articles' claims", columns: ["seed", "claim", "verdict", "evidence"], rows: result.verdicts.map((v) => [v.seed, v.claim, v.verdict, v.evidence]), align: ["left", "left", "left", "left"] });
  sections.push({
    kind: "table",
    title: "Calibration: server CPU per handshake (work per connection included)",
    columns: ["configuration", "capacity", "full: rate → CPU/hs [min–max]", "resumed: rate → CPU/hs", "client delay as RTT", "traced first phase: CPU, then second phase after", "CPU share at saturation"],
    rows: result.calibration.map((c) => [
      c.key,
      formatNumber(c.capacityPerSec, "/s"),
      c.full.map((p) => `${formatNumber(p.ratePerSec, "/s")} → ${formatNumber(p.meanSec, "s")} [${formatNumber(p.minSec, "s")}–${formatNumber(p.maxSec, "s")}] ×${p.repeats}`).join("; "),
      c.resumed.map((p) => `${formatNumber(p.ratePerSec, "/s")} → ${formatNumber(p.meanSec, "s")}`).join("; ") || "—",
      formatNumber(c.rttSec, "s"),
      c.phases === undefined ? "—" : `${formatNumber(c.phases.firstPhaseCpuSec, "s")}, ${formatNumber(c.phases.secondPhaseAfterSec, "s")} (${c.phases.connections} connections)`,
      c.saturatedServerCores === null ? "—" : c.saturatedServerCores.toFixed(2),
    ]),
    note: `Cost at capacity: ${result.calibration.map((c) => `${c.key} ${formatNumber(costAt(c.full, c.capacityPerSec), "s")}`).join("; ")}. The last full-handshake point of each configuration is a short overload; its rate is the capacity its cost implies. The handshake CPU is given to the simulator as gamma with the cv estimated from the spread of latency at the lowest load (${result.calibration.map((c) => `${c.key} ${c.cv}`).join("; ")}), the work per connection as a constant. Steady full-handshake points (load sweep, saturation) are predicted with the CPU per handshake measured during the point itself, retry-storm points with the calibration rescaled by the CPU per handshake measured over their own base load before the spike, in place of the drift probe's factor (the curve keeps its shape: the spike gets the overload cost).`,
  });
  if (result.drift.length > 0) {
    sections.push({
      kind: "table",
      title: "Drift probes",
      columns: ["experiment", "server", "calibration", "cost factor", "capacity then"],
      rows: result.drift.map((d) => [d.experiment, d.server, d.calibration, d.factor.toFixed(3), formatNumber(d.capacityPerSec, "/s")]),
      note: "The machine's speed drifts by 10-20 % over tens of minutes (other tenants of the host). Each calibrated experiment after the first starts with a 2 s probe at half the capacity; the calibration's costs are multiplied by the ratio of the probe's CPU per handshake to the calibrated one.",
    });
  }
  const experiments = [...new Set(result.points.map((p) => p.experiment))];
  for (const id of experiments) {
    const mine = result.points.filter((p) => p.experiment === id);
    sections.push(pointsTable(`Experiment: ${id}`, mine));
    for (const chart of charts.filter((c) => c.title.startsWith(`Load sweep`) ? id === "load-sweep" : c.title.startsWith(`${id},`))) sections.push(chart);
  }
  const missed = result.points.filter((p) => p.valid && p.withinTolerance === false);
  const runOf = (p: ValidationPoint) => result.runs.find((r) => r.experiment === p.experiment && r.server === p.server && r.label === p.label);
  const siblingsOf = (p: ValidationPoint) => result.points.filter((q) => q !== p && q.experiment === p.experiment && q.server === p.server && q.label === p.label);
  const whyText = (p: ValidationPoint) => whyMissed(p, runOf(p), siblingsOf(p)).join("; ");
  const missedNote = "Each miss with what the stored data say about it: where the prediction lies against the measured repeats (their range holds the measured median with the confidence given), how many repeats held against their own paired replication (validation.json points[].perRepeat), how busy the server was (near saturation the wait moves by 1 / (1 − ρ) percent per percent of speed), and whether the prediction without the speed traces held; for a retry storm whose recovery differs in kind, in how many of the simulated realizations paired with the measurement it recovered and what the measured and simulated servers completed during the spike.";
  sections.push(missed.length > 0 ? pointsTable("Where the simulator missed (valid points outside tolerance)", missed, missedNote, whyText) : { kind: "text", title: "Where the simulator missed", text: "Every valid point in scope held its tolerance." });
  const invalid = result.runs.filter((r) => !r.valid);
  if (invalid.length > 0) {
    sections.push({ kind: "table", title: "Invalid measurements", columns: ["experiment", "server", "point", "why"], rows: invalid.map((r) => [r.experiment, r.server, r.label, r.reasons.join("; ")]), align: ["left", "left", "left", "left"] });
  }
  sections.push(hygieneTable(result.runs));
  return { title: "shakedown validate: predicted against measured", subtitle: `${result.quick ? "Quick run" : "Full run"} on ${result.generatedAt.slice(0, 10)}, ${m.cpus} × ${m.cpuModel}`, generatedBy, reproduceCommand, sections };
}

function hygieneTable(runs: readonly PointRunRecord[]): TableSection {
  return {
    kind: "table",
    title: "Measurement hygiene per point",
    columns: ["experiment", "server", "point", "repeats used", "server CPU", "generator CPU", "generator CPU/attempt", "client delay ×", "other CPU", "other CPU on the server's core", "CPU/hs", "lateness p50 / p99 / max", "generator loop delay p99 / max", "server GC pauses (n, longest)", "listen overflows", "SYN retransmits"],
    rows: runs.map((r) => {
      const h = r.hygiene;
      const gc = h.serverGc === null ? "—" : `${h.serverGc.count}, ${formatNumber(h.serverGc.maxSec, "s")}`;
      return [r.experiment, r.server, r.label, `${r.repeats.used} of ${r.repeats.measured}`, h.serverCores.toFixed(2), h.clientCores.toFixed(2), formatNumber(h.clientCpuPerAttemptSec ?? null, "s"), r.clientDelayFactor === undefined || r.clientDelayFactor === null ? "—" : r.clientDelayFactor.toFixed(2), h.foreignCores.toFixed(2), h.serverCoreForeignCores === null || h.serverCoreForeignCores === undefined ? "—" : h.serverCoreForeignCores.toFixed(2), formatNumber(h.serverCpuPerHandshakeSec, "s"), `${formatNumber(h.latenessP50S, "s")} / ${formatNumber(h.latenessP99S, "s")} / ${formatNumber(h.latenessMaxS, "s")}`, `${formatNumber(h.generatorLoopDelayS.p99, "s")} / ${formatNumber(h.generatorLoopDelayS.max, "s")}`, gc, h.counters.listenOverflows, h.counters.synRetrans];
    }),
    note: "Of the first usable repeat. CPU in cores over the point's active span (server: all its processes; generator: its own process; other: the machine's busy time minus both and the harness; on the server's core: that CPU's busy time minus the server's, interrupts and hypervisor steal included). Server and generator run pinned to CPU 0 and CPU 1, each in its own autogroup at nice −19. The generator's loop delay is its own event-loop lag (1 ms resolution: about 1 ms when idle). Client delay ×: what the calibrated client delay was multiplied by (the generator's CPU per attempt at the point, median over the repeats used, over the calibration's at that rate; — where the clients' CPU is not modelled).",
  };
}
