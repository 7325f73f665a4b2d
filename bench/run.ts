/**
 * `npm run bench [-- --json] [-- --customers N] [-- --rounds R]`
 *
 * Engine throughput on FIFO M/M/1 and M/M/8 at ρ = 0.9 (10^6 customers each by default), with
 * monitoring on, against a minimal hand-written heap loop run in the same process (see mmc.ts).
 * Runs are interleaved (engine, reference, engine, ...) after one warm-up round, and the median
 * of the rounds is reported with the min–max spread: this machine is shared and noisy.
 * `--json` prints exactly one JSON object on stdout; progress goes to stderr.
 */
import { parseArgs } from "node:util";
import { runEngineMMc, runReferenceMMc, type WorkloadRun } from "./mmc.js";
import { runStormScenario } from "./scenario.js";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    customers: { type: "string", default: "1000000" },
    rounds: { type: "string", default: "5" },
    attempts: { type: "string", default: "1000000" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log("usage: npm run bench -- [--json] [--customers N] [--rounds R] [--attempts N]\n" +
    "  M/M/1 and M/M/8 at rho=0.9 on the engine (monitoring on) and on a bare reference loop, interleaved,\n" +
    "  then the lb-handshake-storm preset for at least --attempts connection attempts.\n" +
    "  Reports medians and the min-max spread over the rounds.");
  process.exit(0);
}
const customers = Number(values.customers);
const rounds = Number(values.rounds);
if (!Number.isInteger(customers) || customers < 1000) {
  console.error(`bench: --customers must be an integer >= 1000 (got ${values.customers})`);
  process.exit(2);
}
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error(`bench: --rounds must be an integer >= 1 (got ${values.rounds})`);
  process.exit(2);
}

interface Figures {
  customersPerS: number;
  referencePerS: number;
  ratio: number;
  customersPerSRange: [number, number];
  referencePerSRange: [number, number];
  rounds: number;
  customers: number;
  meanSojournSec: number;
  referenceMeanSojournSec: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const rate = (r: WorkloadRun) => r.customers / r.wallSec;

function measure(servers: number): Figures {
  const rho = 0.9;
  // Warm-up round (JIT), not counted.
  runEngineMMc(servers, rho, Math.min(customers, 200_000), 99);
  runReferenceMMc(servers, rho, Math.min(customers, 200_000), 99);
  const eng: WorkloadRun[] = [];
  const ref: WorkloadRun[] = [];
  for (let r = 0; r < rounds; r++) {
    eng.push(runEngineMMc(servers, rho, customers, 1));
    ref.push(runReferenceMMc(servers, rho, customers, 1));
    process.stderr.write(`bench M/M/${servers}: round ${r + 1}/${rounds}\r`);
  }
  process.stderr.write("\n");
  const e = eng.map(rate);
  const f = ref.map(rate);
  return {
    customersPerS: Math.round(median(e)),
    referencePerS: Math.round(median(f)),
    ratio: Number((median(e) / median(f)).toFixed(3)),
    customersPerSRange: [Math.round(Math.min(...e)), Math.round(Math.max(...e))],
    referencePerSRange: [Math.round(Math.min(...f)), Math.round(Math.max(...f))],
    rounds,
    customers,
    meanSojournSec: eng[0].meanSojournSec,
    referenceMeanSojournSec: ref[0].meanSojournSec,
  };
}

const minAttempts = Number(values.attempts);
if (!Number.isInteger(minAttempts) || minAttempts < 1) {
  console.error(`bench: --attempts must be an integer >= 1 (got ${values.attempts})`);
  process.exit(2);
}

function measureScenario() {
  runStormScenario(Math.min(minAttempts, 100_000)); // warm-up
  const runs = [];
  for (let r = 0; r < rounds; r++) {
    runs.push(runStormScenario(minAttempts));
    process.stderr.write(`bench lb-handshake-storm: round ${r + 1}/${rounds}\r`);
  }
  process.stderr.write("\n");
  const rates = runs.map((x) => x.attempts / x.wallSec);
  return {
    attemptsPerS: Math.round(median(rates)),
    attemptsPerSRange: [Math.round(Math.min(...rates)), Math.round(Math.max(...rates))],
    attempts: runs[0].attempts,
    replications: runs[0].replications,
    eventsPerAttempt: Number((runs[0].events / runs[0].attempts).toFixed(2)),
    rounds,
  };
}

const mm1 = measure(1);
const mm8 = measure(8);
const scenario = measureScenario();
const result = { mm1, mm8, mm8OverMm1: Number((mm8.customersPerS / mm1.customersPerS).toFixed(3)), scenario };
if (values.json) {
  process.stdout.write(JSON.stringify(result) + "\n");
} else {
  const fmt = (n: number) => (n / 1e6).toFixed(2) + " M/s";
  for (const [name, f] of [["M/M/1", mm1], ["M/M/8", mm8]] as const) {
    console.log(`${name} rho=0.9, ${f.customers} customers x ${f.rounds} rounds`);
    console.log(`  shakedown  ${fmt(f.customersPerS)}  [${fmt(f.customersPerSRange[0])} .. ${fmt(f.customersPerSRange[1])}]  mean sojourn ${f.meanSojournSec.toFixed(4)} s`);
    console.log(`  reference  ${fmt(f.referencePerS)}  [${fmt(f.referencePerSRange[0])} .. ${fmt(f.referencePerSRange[1])}]  mean sojourn ${f.referenceMeanSojournSec.toFixed(4)} s`);
    console.log(`  ratio      ${f.ratio}  (goal >= 0.5 on M/M/1)`);
  }
  console.log(`M/M/8 / M/M/1 throughput: ${result.mm8OverMm1} (goal >= 0.7)`);
  console.log(`lb-handshake-storm: ${(scenario.attemptsPerS / 1e6).toFixed(2)} M attempts/s [${(scenario.attemptsPerSRange[0] / 1e6).toFixed(2)} .. ${(scenario.attemptsPerSRange[1] / 1e6).toFixed(2)}], ` +
    `${scenario.attempts} attempts in ${scenario.replications} replications, ${scenario.eventsPerAttempt} events/attempt`);
}
