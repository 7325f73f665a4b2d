import { describe, expect, test } from "vitest";
import { makeSampler } from "../../sim/distributions.js";
import { Engine } from "../../sim/engine.js";
import { RandomStreams } from "../../sim/random.js";
import { ArrivalProcess } from "../../sim/source.js";
import { Station } from "../../sim/station.js";
import { StatsScope } from "../../sim/stats/scope.js";

function scripted(arrivalTimes: number[], serviceSec: number, servers: number, capacity = Infinity) {
  const engine = new Engine();
  const stats = new StatsScope(engine);
  const departures: [number, number][] = [];
  const outcomes: string[] = [];
  const station = new Station(engine, {
    name: "q",
    servers,
    capacity,
    serviceSec: makeSampler({ kind: "constant", value: serviceSec }, new RandomStreams(1).stream("s")),
    stats,
    onDeparture: (id) => departures.push([engine.nowSec, id]),
  });
  const kind = engine.register({ handle: (_k, id) => outcomes.push(station.arrive(id)) });
  arrivalTimes.forEach((t, i) => engine.scheduleAt(t, kind, i));
  engine.runUntilEmpty();
  return { station, departures, outcomes, snap: stats.snapshot() };
}

describe("Station", () => {
  test("one server, constant service: a scripted FIFO timeline", () => {
    const { departures, outcomes, snap } = scripted([0, 0.5, 1, 5], 1, 1);
    expect(outcomes).toEqual(["served", "queued", "queued", "served"]);
    expect(departures).toEqual([[1, 0], [2, 1], [3, 2], [6, 3]]);
    expect(snap.histograms["q.waitSec"]).toMatchObject({ count: 4, mean: (0 + 0.5 + 1 + 0) / 4, max: 1 });
    expect(snap.counters["q.waited"].total).toBe(2);
    // At t=1 the arrival (scheduled first) runs before the departure (FIFO ties), so the queue
    // is 1 on [0.5,1), 2 for an instant, 1 on [1,2), 0 after; the clock ends at 6.
    expect(snap.gauges["q.queueLength"].mean).toBeCloseTo((0.5 + 1) / 6, 12);
    expect(snap.gauges["q.queueLength"].max).toBe(2);
    expect(snap.gauges["q.busyServers"].mean).toBeCloseTo(4 / 6, 12);
  });

  test("two servers take simultaneous arrivals at once, the third waits", () => {
    const { departures, outcomes } = scripted([0, 0, 0], 2, 2);
    expect(outcomes).toEqual(["served", "served", "queued"]);
    expect(departures.map((d) => d[0])).toEqual([2, 2, 4]);
  });

  test("capacity K blocks arrivals that find K customers present", () => {
    const { station, outcomes } = scripted([0, 0, 0, 0, 0.5], 1, 1, 2);
    expect(outcomes).toEqual(["served", "queued", "blocked", "blocked", "blocked"]);
    expect(station.blocked).toBe(3);
    expect(station.completed).toBe(2);
  });

  for (const dispatch of ["shared", "random"] as const) {
    test(`conservation (${dispatch} dispatch): arrivals = completed + blocked + present at every stop`, () => {
      const engine = new Engine();
      const stats = new StatsScope(engine);
      const streams = new RandomStreams(11);
      const station = new Station(engine, {
        name: "q",
        servers: 3,
        capacity: 12,
        dispatch,
        dispatchStream: dispatch === "random" ? streams.stream("dispatch") : undefined,
        serviceSec: makeSampler({ kind: "lognormal", mean: 1, cv: 1.5 }, streams.stream("service")),
        stats,
      });
      const arrivals = new ArrivalProcess(engine, {
        interarrivalSec: makeSampler({ kind: "exponential", mean: 1 / 3.3 }, streams.stream("arrivals")),
        onArrival: (i) => station.arrive(i),
      });
      arrivals.start();
      for (let t = 10; t <= 2000; t += 97.3) {
        engine.run(t);
        expect(station.arrivals).toBe(station.completed + station.blocked + station.present);
        expect(station.arrivals).toBe(arrivals.count);
        expect(station.waiting).toBeGreaterThanOrEqual(0);
      }
      expect(station.blocked).toBeGreaterThan(0);
    });
  }

  test("invalid options are refused with the field named", () => {
    const engine = new Engine();
    const stats = new StatsScope(engine);
    const s = makeSampler({ kind: "constant", value: 1 }, new RandomStreams(1).stream("s"));
    expect(() => new Station(engine, { name: "q", servers: 0, serviceSec: s, stats })).toThrow(/q\.servers/);
    expect(() => new Station(engine, { name: "q", servers: 2, capacity: 1, serviceSec: s, stats })).toThrow(/q\.capacity/);
    expect(() => new Station(engine, { name: "q", servers: 2, dispatch: "random", serviceSec: s, stats })).toThrow(/q\.dispatchStream/);
    expect(() => new Station(engine, { name: "q", servers: 2, dispatch: "jsq" as "shared", serviceSec: s, stats })).toThrow(/"shared", "random"/);
  });
});
