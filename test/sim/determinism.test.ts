import { expect, test } from "vitest";
import { makeSampler } from "../../sim/distributions.js";
import { Engine } from "../../sim/engine.js";
import { stableStringify } from "../../sim/experiment/stableJson.js";
import { runReplications, runWithWarmup, scalarsOf, summarizeReplications } from "../../sim/experiment/replications.js";
import { RandomStreams } from "../../sim/random.js";
import { ArrivalProcess } from "../../sim/source.js";
import { Station } from "../../sim/station.js";
import { StatsScope } from "../../sim/stats/scope.js";

/** A small experiment whose whole result (per-window series included) goes through stable JSON. */
function experiment(seed: number, options: { extraStream?: boolean } = {}): string {
  const reps = runReplications(3, (replication) => {
    const engine = new Engine();
    const stats = new StatsScope(engine, { windowSec: 5 });
    const streams = new RandomStreams(seed, replication);
    if (options.extraStream) {
      const jitter = streams.stream("a-new-component");
      for (let i = 0; i < 1000; i++) jitter.next();
    }
    const station = new Station(engine, {
      name: "q",
      servers: 2,
      serviceSec: makeSampler({ kind: "mixture", components: [
        { weight: 0.7, dist: { kind: "constant", value: 0.3 } },
        { weight: 0.3, dist: { kind: "exponential", mean: 1 } },
      ] }, streams.stream("service")),
      stats,
    });
    new ArrivalProcess(engine, {
      interarrivalSec: makeSampler({ kind: "exponential", mean: 0.4 }, streams.stream("arrivals")),
      onArrival: (i) => station.arrive(i),
    }).start();
    stats.windowedHistogram("q.sojournByWindow");
    runWithWarmup(engine, stats, { warmupSec: 10, untilSec: 60 });
    return { snapshot: stats.snapshot(), scalars: scalarsOf(stats.snapshot()) };
  });
  return stableStringify({ seed, replications: reps, summary: summarizeReplications(reps.map((r) => r.scalars)) });
}

test("the same seed gives byte-identical result JSON", () => {
  expect(experiment(5)).toBe(experiment(5));
});

test("different seeds give different results", () => {
  expect(experiment(5)).not.toBe(experiment(6).replace('"seed": 6', '"seed": 5'));
});

test("a new random stream drawn from by another component does not perturb the results", () => {
  expect(experiment(5, { extraStream: true })).toBe(experiment(5));
});
