import { describe, expect, test } from "vitest";
import { ScenarioError } from "../../../models/scenario/issues.js";
import {
  applyOverrides,
  loadScenarioText,
  parseScenario,
  readScenarioText,
  scenarioFormatOf,
  scenarioNameFromSource,
} from "../../../models/scenario/load.js";
import { issueAt, minimalRaw, rawWith, scenarioErrorOf } from "./fixtures.js";

describe("parseScenario: bad inputs name the exact path and what is allowed", () => {
  const cases: { name: string; raw: Record<string, any>; path: string; message: string }[] = [
    {
      name: "an unknown key, with a suggestion and the allowed keys",
      raw: rawWith({ fleet: { software: "node", workes: 2 } }),
      path: "fleet.workes",
      message:
        'unknown key "workes" (did you mean "workers"?); allowed keys: software, instances, balancer, workers, listenBacklog, somaxconn, dispatch',
    },
    {
      name: "an unknown top-level key",
      raw: { ...minimalRaw(), laod: {} },
      path: "laod",
      message: 'unknown key "laod" (did you mean "load"?); allowed keys: $schema, name, description, run, network, load, clients, fleet, events, slos',
    },
    {
      name: "a bad enum value",
      raw: rawWith({ fleet: { software: "node", balancer: "roundrobin" } }),
      path: "fleet.balancer",
      message: 'expected one of "round-robin", "random", "least-connections" or "sticky", found "roundrobin"',
    },
    {
      name: "a bad unit",
      raw: rawWith({ clients: { timeout: "200 msec" } }),
      path: "clients.timeout",
      message: '"200 msec" is not a duration; use a number with a unit: ns, us (or µs), ms, s, m (or min), h',
    },
    {
      name: "a rate without its unit",
      raw: rawWith({ load: { rate: 800 } }),
      path: "load.rate",
      message: '"800" is not a rate (a number needs a unit)',
    },
    {
      name: "a negative rate",
      raw: rawWith({ load: { rate: "-5/s" } }),
      path: "load.rate",
      message: '"-5/s" is not a rate (negative values are not allowed)',
    },
    {
      name: "a warm-up as long as the run",
      raw: rawWith({ run: { duration: "10s", warmup: "10s" } }),
      path: "run.warmup",
      message: "expected a duration < run.duration (10s), found 10s",
    },
    {
      name: "a custom certificate without handshake costs",
      raw: rawWith({ fleet: { software: "nginx", certificate: "custom" } }),
      path: "fleet.handshake.full.cpu",
      message: "required (certificate custom has no measured default): give the CPU per full handshake",
    },
    {
      name: "both capacity and size for a session cache",
      raw: rawWith({ fleet: { software: "nginx", sessionCache: { scope: "instance", capacity: 100, size: "1m" } } }),
      path: "fleet.sessionCache.size",
      message: "give capacity (entries) or size (bytes), not both",
    },
    {
      name: "a non-integer worker count",
      raw: rawWith({ fleet: { software: "node", workers: 2.5 } }),
      path: "fleet.workers",
      message: "expected an integer >= 1, found 2.5",
    },
    {
      name: "zero workers",
      raw: rawWith({ fleet: { software: "node", workers: 0 } }),
      path: "fleet.workers",
      message: "expected an integer >= 1, found 0",
    },
    {
      name: "NaN",
      raw: rawWith({ fleet: { software: "node", instances: Number.NaN } }),
      path: "fleet.instances",
      message: "expected an integer >= 1, found NaN",
    },
    {
      name: "a missing software",
      raw: { load: { rate: "1/s" }, fleet: {} },
      path: "fleet.software",
      message: 'required; expected one of "node", "nginx" or "generic"',
    },
    {
      name: "a missing fleet",
      raw: { load: { rate: "1/s" } },
      path: "fleet",
      message: "required; expected an object with keys software, instances",
    },
    {
      name: "a TLS version that does not exist",
      raw: rawWith({ fleet: { software: "node", tls: 1.4 } }),
      path: "fleet.tls",
      message: 'expected "1.2" or "1.3", found 1.4',
    },
    {
      name: "phases out of time order",
      raw: rawWith({ load: { phases: [{ at: "5s", rate: "1/s" }, { at: "2s", rate: "2/s" }] } }),
      path: "load.phases[1].at",
      message: "expected a time after load.phases[0].at (5s), found 2s: phases must be in time order",
    },
    {
      name: "a phase after the end of the run",
      raw: rawWith({ run: { duration: "10s" }, load: { phases: [{ at: "10s", rate: "1/s" }] } }),
      path: "load.phases[0].at",
      message: "expected a time < run.duration (10s), found 10s",
    },
    {
      name: "overlapping ramps",
      raw: rawWith({
        load: {
          ramps: [
            { from: "0s", to: "10s", startRate: "1/s", endRate: "2/s" },
            { from: "5s", to: "20s", startRate: "2/s", endRate: "3/s" },
          ],
        },
      }),
      path: "load.ramps[1].at",
      message: "expected a time >= the end of load.ramps[0] (10s), found 5s: ramps must be in time order and must not overlap",
    },
    {
      name: "a ramp that ends before it starts",
      raw: rawWith({ load: { ramps: [{ from: "10s", to: "5s", startRate: "1/s", endRate: "2/s" }] } }),
      path: "load.ramps[0].to",
      message: "expected a time > from (10s), found 5s",
    },
    {
      name: "a spike that runs past the end",
      raw: rawWith({ run: { duration: "30s" }, load: { spikes: [{ at: "25s", for: "10s", rate: "5/s" }] } }),
      path: "load.spikes[0].for",
      message: "expected to end by run.duration (30s), but it ends at 35s",
    },
    {
      name: "an event after the end",
      raw: rawWith({ run: { duration: "30s" }, events: [{ kind: "flush-cache", at: "30s" }] }),
      path: "events[0].at",
      message: "expected a time < run.duration (30s), found 30s",
    },
    {
      name: "a negative stagger",
      raw: rawWith({ events: [{ kind: "flush-cache", at: "1s", stagger: "-1s" }] }),
      path: "events[0].stagger",
      message: "negative values are not allowed",
    },
    {
      name: "an unknown event kind",
      raw: rawWith({ events: [{ kind: "reboot", at: "1s" }] }),
      path: "events[0].kind",
      message: "with kind one of rotate-ticket-keys, flush-cache, restart-workers, restart-instances, rotate-certificate, found \"reboot\"",
    },
    {
      name: "more clients in all than a run can hold",
      raw: rawWith({
        clients: { population: 2 ** 31 - 10 },
        load: { persistent: { count: 10, hold: "1s", think: "1s" } },
      }),
      path: "load.persistent.count",
      message: "expected at most 9 (persistent clients come on top of clients.population, 2147483638, and all clients number at most 2^31 - 1), found 10",
    },
    {
      name: "retries without a backoff",
      raw: rawWith({ clients: { retry: { maxAttempts: 3 } } }),
      path: "clients.retry.backoff",
      message: 'expected "immediate", {constant: ...} or {exponential: ...} since maxAttempts is 3',
    },
    {
      name: "a backoff without an attempt count",
      raw: rawWith({ clients: { retry: { backoff: "immediate" } } }),
      path: "clients.retry.maxAttempts",
      message: "required with backoff immediate",
    },
    {
      name: "a misspelt backoff kind",
      raw: rawWith({ clients: { retry: { backoff: { constnt: "1s" }, maxAttempts: 2 } } }),
      path: "clients.retry.backoff.constnt",
      message: 'unknown key "constnt" (did you mean "constant"?); allowed keys: constant, exponential',
    },
    {
      name: "a cache lookup latency on a cache that is not external",
      raw: rawWith({ fleet: { software: "nginx", sessionCache: { scope: "instance", size: "1m", lookup: "1ms" } } }),
      path: "fleet.sessionCache.lookup",
      message: "only meaningful with scope fleet (an external cache), found scope instance",
    },
    {
      name: "a cache capacity without a cache",
      raw: rawWith({ fleet: { software: "node", sessionCache: { capacity: 100 } } }),
      path: "fleet.sessionCache.capacity",
      message: "has no effect with scope none (the default): set fleet.sessionCache.scope to worker, instance or fleet",
    },
    {
      name: "a circuit breaker with nothing to trip on",
      raw: rawWith({ fleet: { software: "node", admission: { circuitBreaker: { window: "1s" } } } }),
      path: "fleet.admission.circuitBreaker",
      message: "expected latencyThreshold and/or queueDepthThreshold",
    },
    {
      name: "a bad SLO",
      raw: rawWith({ slos: ["p99 ~ 3"] }),
      path: "slos[0]",
      message: 'expected "<metric> <op> <value>"',
    },
    {
      name: "no load at all",
      raw: { load: {}, fleet: { software: "node" } },
      path: "load",
      message: "no load: give a rate",
    },
  ];

  for (const c of cases) {
    test(`${c.name} gives an issue at ${c.path} saying what is allowed`, () => {
      const error = scenarioErrorOf(() => parseScenario(c.raw));
      const issue = issueAt(error, c.path);
      expect(issue.message).toContain(c.message);
      expect(error.message.split("\n")).toContain(`${c.path}: ${issue.message}`);
    });
  }
});

describe("parseScenario", () => {
  test("every problem of a file is reported at once, one line each", () => {
    const raw = rawWith({ fleet: { software: "node", workers: 0, instances: 0, balancer: "x" } });
    const error = scenarioErrorOf(() => parseScenario(raw));
    expect(error.issues.map((i) => i.path).sort()).toEqual(["fleet.balancer", "fleet.instances", "fleet.workers"]);
    expect(error.message.split("\n")).toHaveLength(3);
  });

  test("an issue carries the value found at its path", () => {
    const error = scenarioErrorOf(() => parseScenario(rawWith({ fleet: { software: "node", workers: 0 } })));
    expect(issueAt(error, "fleet.workers").found).toBe(0);
  });

  test("the source prefixes every message line", () => {
    const error = scenarioErrorOf(() => parseScenario(rawWith({ fleet: { software: "node", workers: 0 } }), "x.yaml"));
    expect(error.message).toBe("x.yaml: fleet.workers: expected an integer >= 1, found 0");
    expect(error.source).toBe("x.yaml");
  });

  test("a scenario without a name takes the source's file name, else 'scenario'", () => {
    expect(parseScenario(minimalRaw(), "dir/sub/my-test.yaml").name).toBe("my-test");
    expect(parseScenario(minimalRaw()).name).toBe("scenario");
    expect(parseScenario({ ...minimalRaw(), name: "given" }, "x.yaml").name).toBe("given");
  });

  test("a value that is not an object is refused at the top level", () => {
    const error = scenarioErrorOf(() => parseScenario(42));
    expect(error.issues[0]!.path).toBe("");
    expect(error.issues[0]!.message).toMatch(/^expected an object with keys .*, found 42$/);
  });
});

describe("loadScenarioText", () => {
  const yaml = ["name: t", "load:", "  rate: 100/s", "fleet:", "  software: node", "  workers: 0", ""].join("\n");

  test("a validation issue carries the line and column of its key", () => {
    const error = scenarioErrorOf(() => loadScenarioText(yaml, "yaml", { source: "t.yaml" }));
    const issue = issueAt(error, "fleet.workers");
    expect([issue.line, issue.column]).toEqual([6, 3]);
    expect(error.message).toBe("t.yaml:6:3: fleet.workers: expected an integer >= 1, found 0");
  });

  test("a YAML syntax error becomes a ScenarioError with line and column", () => {
    const error = scenarioErrorOf(() => loadScenarioText("fleet:\n  software: node\n  software: nginx\n", "yaml", { source: "s.yaml" }));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]!.message).toBe("YAML syntax error: Map keys must be unique");
    expect([error.issues[0]!.line, error.issues[0]!.column]).toEqual([3, 3]);
    expect(error.message).toBe("s.yaml:3:3: YAML syntax error: Map keys must be unique");
  });

  test("JSON text parses the same as the equivalent YAML", () => {
    const json = JSON.stringify({ name: "t", load: { rate: "100/s" }, fleet: { software: "node", workers: 2 } });
    const fromJson = loadScenarioText(json, "json");
    const fromYaml = loadScenarioText("name: t\nload: {rate: 100/s}\nfleet: {software: node, workers: 2}\n", "yaml");
    expect(fromJson).toEqual(fromYaml);
  });

  test("a JSON syntax error becomes a ScenarioError", () => {
    const error = scenarioErrorOf(() => loadScenarioText('{"load": ', "json", { source: "j.json" }));
    expect(error.issues[0]!.message).toMatch(/^JSON syntax error: /);
  });

  test("overrides are applied before validation", () => {
    const scenario = loadScenarioText(yaml, "yaml", { overrides: ["fleet.workers=3"] });
    expect(scenario.fleet.workersPerInstance).toBe(3);
  });

  test("readScenarioText returns the value before validation", () => {
    expect(readScenarioText(yaml, "yaml")).toEqual({ name: "t", load: { rate: "100/s" }, fleet: { software: "node", workers: 0 } });
  });
});

describe("applyOverrides", () => {
  test("sets the named fields, reads values as YAML and leaves the input unchanged", () => {
    const raw = rawWith({ fleet: { software: "node", workers: 2 } });
    const before = structuredClone(raw);
    const changed = applyOverrides(raw, ["fleet.workers=8", "clients.timeout=200ms", "clients.selection={zipf: 1.1}", "fleet.tls=1.2"]);
    expect(raw).toEqual(before);
    const scenario = parseScenario(changed);
    expect(scenario.fleet.workersPerInstance).toBe(8);
    expect(scenario.clients.timeoutSec).toBe(0.2);
    expect(scenario.clients.selection).toEqual({ kind: "zipf", alpha: 1.1 });
    expect(scenario.fleet.tlsVersion).toBe("1.2");
  });

  test("sets a list item's field and may append one item at the end", () => {
    const raw = rawWith({ load: { phases: [{ at: "5s", rate: "1/s" }] } });
    const changed = applyOverrides(raw, ["load.phases[0].rate=7/s", "load.phases[1].at=8s", "load.phases[1].rate=9/s"]);
    expect(parseScenario(changed).load.phases).toEqual([
      { atSec: 5, ratePerSec: 7 },
      { atSec: 8, ratePerSec: 9 },
    ]);
  });

  test("refuses a path the schema does not have, naming it and the override", () => {
    const error = scenarioErrorOf(() => applyOverrides(minimalRaw(), ["fleet.workes=8"]));
    const issue = issueAt(error, "fleet.workes");
    expect(issue.message).toContain('unknown key "workes" (did you mean "workers"?)');
    expect(issue.message).toContain("(in --set fleet.workes=8)");
  });

  test("refuses an unknown key on the way to the field", () => {
    const error = scenarioErrorOf(() => applyOverrides(minimalRaw(), ["fleet.sessionCach.scope=instance"]));
    expect(issueAt(error, "fleet.sessionCach").message).toContain('did you mean "sessionCache"?');
  });

  test("refuses a path through a value that is not an object", () => {
    const error = scenarioErrorOf(() => applyOverrides(rawWith({ fleet: { software: "node", workers: 2 } }), ["fleet.workers.x=1"]));
    expect(issueAt(error, "fleet.workers").message).toBe("is 2, not an object or list: set it whole instead, e.g. fleet.workers={...} (in --set fleet.workers.x=1)");
  });

  test("refuses an index past the end of a list", () => {
    const error = scenarioErrorOf(() => applyOverrides(minimalRaw(), ["load.phases[1].at=1s"]));
    expect(issueAt(error, "load.phases").message).toContain("index 1 is past the end");
  });

  test("refuses an override without '=' and a malformed path", () => {
    expect(scenarioErrorOf(() => applyOverrides(minimalRaw(), ["fleet.workers"])).message).toContain("expected <path>=<value>");
    expect(scenarioErrorOf(() => applyOverrides(minimalRaw(), ["fleet..workers=2"])).message).toContain("malformed path");
  });

  test("leaves bad values to parseScenario, which names the field", () => {
    const changed = applyOverrides(minimalRaw(), ["fleet.workers=0"]);
    expect(issueAt(scenarioErrorOf(() => parseScenario(changed)), "fleet.workers").message).toBe("expected an integer >= 1, found 0");
  });

  test("no overrides return the input itself", () => {
    const raw = minimalRaw();
    expect(applyOverrides(raw, [])).toBe(raw);
  });
});

describe("file names", () => {
  test("the format follows the extension and an unknown one is refused", () => {
    expect(scenarioFormatOf("a/b.yaml")).toBe("yaml");
    expect(scenarioFormatOf("b.YML")).toBe("yaml");
    expect(scenarioFormatOf("b.json")).toBe("json");
    expect(() => scenarioFormatOf("b.toml")).toThrow(ScenarioError);
  });

  test("the default name is the base name without extension", () => {
    expect(scenarioNameFromSource("C:\\x\\storm.yml")).toBe("storm");
    expect(scenarioNameFromSource("/x/y/z.json")).toBe("z");
  });
});
