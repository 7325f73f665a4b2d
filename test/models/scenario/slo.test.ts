import { describe, expect, test } from "vitest";
import { parseSlo } from "../../../models/scenario/slo.js";

describe("parseSlo", () => {
  const cases: [string, unknown][] = [
    ["handshakeLatencyS.p99 < 100ms", { metric: "handshakeLatencyS.p99", op: "<", value: 0.1 }],
    ["failureRate < 0.1%", { metric: "failureRate", op: "<", value: 0.001 }],
    ["goodputPerSec >= 900/s", { metric: "goodputPerSec", op: ">=", value: 900 }],
    ["resumptionRate>=0.9", { metric: "resumptionRate", op: ">=", value: 0.9 }],
    ["  x.y_z <= 1e-3 ", { metric: "x.y_z", op: "<=", value: 0.001 }],
    ["latency.p50 > 2s", { metric: "latency.p50", op: ">", value: 2 }],
  ];
  for (const [text, slo] of cases) {
    test(`"${text}" parses into metric, op and a value in base units`, () => {
      expect(parseSlo(text)).toEqual(slo);
    });
  }

  test("a string without an operator is refused with the accepted form", () => {
    expect(() => parseSlo("p99 100ms")).toThrow(/^expected "<metric> <op> <value>" .*found "p99 100ms"$/);
  });

  test("an unknown operator or a bad metric name is refused", () => {
    expect(() => parseSlo("p99 == 1")).toThrow(/expected "<metric> <op> <value>"/);
    expect(() => parseSlo("9lives < 1")).toThrow(/expected "<metric> <op> <value>"/);
  });

  test("a value that is neither number, percentage, duration nor rate is refused", () => {
    expect(() => parseSlo("p99 < fast")).toThrow('the value "fast" in "p99 < fast" is not a number, a percentage, a duration or a rate');
  });
});

test("a percentage on failures means the failure rate, in a scenario file as on the command line", () => {
  expect(parseSlo("failures < 0.1%")).toEqual({ metric: "failureRate", op: "<", value: 0.001 });
  expect(parseSlo("failures < 5")).toEqual({ metric: "failures", op: "<", value: 5 });
});
