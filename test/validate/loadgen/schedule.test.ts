import { describe, expect, test } from "vitest";
import { parseScenario } from "../../../models/scenario/load.js";
import type { Scenario } from "../../../models/scenario/types.js";
import { wireScenario } from "../../../models/wire.js";
import { uniformIndex } from "../../../sim/discrete.js";
import { RandomStreams } from "../../../sim/random.js";
import { buildArrivalSchedule, explicitSchedule } from "../../../validate/loadgen/schedule.js";
import { UnsupportedScenarioError } from "../../../validate/servers/serverSpec.js";

function scenario(load: object, extra: object = {}): Scenario {
  return parseScenario({ run: { duration: "3s", seed: 7 }, load, clients: { population: 50 }, fleet: { software: "node" }, ...extra });
}

/** The simulator's own arrivals and client choices for replication r (models/wire.ts), recorded at the edge. */
function simulatorArrivals(s: Scenario, replication: number): { times: number[]; clients: number[] } {
  const model = wireScenario(s, replication);
  const times: number[] = [];
  const clients: number[] = [];
  model.edge.openConnection = (clientId: number) => {
    times.push(model.engine.nowSec);
    clients.push(clientId);
  };
  model.start();
  model.engine.run(s.run.durationSec);
  return { times, clients };
}

describe("buildArrivalSchedule", () => {
  test("uniform arrivals at 100/s start exactly at k/100 and the clients are the simulator's draws of stream client-select", () => {
    const s = scenario({ arrivals: "uniform", rate: "100/s" });
    const schedule = buildArrivalSchedule(s);
    expect(schedule.timesSec.length).toBe(300);
    for (let k = 0; k < 300; k++) expect(schedule.timesSec[k]).toBe(k / 100);
    const select = uniformIndex(50, new RandomStreams(7, 0).stream("client-select"));
    expect([...schedule.clientIds]).toEqual(Array.from({ length: 300 }, () => select.sample()));
  });

  test("Poisson arrivals and their clients are exactly those the simulator's replication sees, for replications 0 and 3", () => {
    const s = scenario({ arrivals: "poisson", rate: "200/s", spikes: [{ at: "1s", for: "0.5s", rate: "900/s" }] });
    for (const r of [0, 3]) {
      const sim = simulatorArrivals(s, r);
      const schedule = buildArrivalSchedule(s, r);
      expect([...schedule.timesSec]).toEqual(sim.times);
      expect([...schedule.clientIds]).toEqual(sim.clients);
    }
  });

  test("uniform arrivals with phases, a spike and reuse match the simulator arrival for arrival", () => {
    const s = scenario({ arrivals: "uniform", rate: "100/s", phases: [{ at: "2s", rate: "50/s" }], spikes: [{ at: "1s", for: "0.5s", rate: "400/s" }], reuse: 0.3 });
    const sim = simulatorArrivals(s, 1);
    const schedule = buildArrivalSchedule(s, 1);
    expect([...schedule.timesSec]).toEqual(sim.times);
    expect([...schedule.clientIds]).toEqual(sim.clients);
    const inSpike = [...schedule.timesSec].filter((t) => t >= 1 && t < 1.5).length;
    expect(inSpike).toBeGreaterThan(100);
    expect(inSpike).toBeLessThan(180);
  });

  test("a different seed gives different Poisson times", () => {
    const a = buildArrivalSchedule(scenario({ arrivals: "poisson", rate: "100/s" }));
    const b = buildArrivalSchedule(parseScenario({ run: { duration: "3s", seed: 8 }, load: { arrivals: "poisson", rate: "100/s" }, clients: { population: 50 }, fleet: { software: "node" } }));
    expect([...a.timesSec]).not.toEqual([...b.timesSec]);
  });

  test("persistent clients are refused: the generator runs open-loop arrivals only", () => {
    const s = parseScenario({ load: { persistent: { count: 3, hold: "1s", think: "1s" } }, fleet: { software: "node" } });
    expect(() => buildArrivalSchedule(s)).toThrow(UnsupportedScenarioError);
    expect(() => buildArrivalSchedule(s)).toThrow(/load.persistent/);
  });
});

describe("explicitSchedule", () => {
  test("connection i starts at start + i / rate with the given client", () => {
    const s = explicitSchedule([5, 0, 5], 10, 2);
    expect([...s.timesSec]).toEqual([2, 2.1, 2.2]);
    expect([...s.clientIds]).toEqual([5, 0, 5]);
  });

  test("a rate that is not positive, a negative start or a bad client id is refused", () => {
    expect(() => explicitSchedule([0], 0)).toThrow(/ratePerSec/);
    expect(() => explicitSchedule([0], 10, -1)).toThrow(/startSec/);
    expect(() => explicitSchedule([0, -1], 10)).toThrow(/clientIds\[1\]/);
    expect(() => explicitSchedule([0.5], 10)).toThrow(/clientIds\[0\]/);
  });
});
