import { describe, expect, test } from "vitest";
import { erlangC as referenceErlangC, mg1MeanWaitSec, mmcMeanWaitSec } from "../sim/theory.js";
import { allenCunneenMeanResponseSec, erlangC, mg1MeanResponseSec, mmcMeanResponseSec, theoryMeanResponse } from "../../notebooks/lib/theory.js";

describe("closed forms of the theory page", () => {
  test("Erlang C agrees with the engine's yardstick (test/sim/theory.ts) and gives 27/53 for M/M/4 at a = 3", () => {
    expect(erlangC(4, 3)).toBeCloseTo(27 / 53, 12);
    for (const [c, a] of [[1, 0.5], [2, 1.7], [8, 6.4], [16, 15]] as const) expect(erlangC(c, a)).toBeCloseTo(referenceErlangC(c, a), 12);
  });

  test("the M/M/c mean response is the yardstick's mean wait plus the mean service: 1.509 ms for the baseline preset", () => {
    const q = { arrivalRatePerSec: 3000, meanServiceSec: 0.001, servers: 4 };
    expect(mmcMeanResponseSec(q)).toBeCloseTo(mmcMeanWaitSec({ servers: 4, arrivalRatePerSec: 3000, serviceRatePerSec: 1000 }) + 0.001, 15);
    expect(mmcMeanResponseSec(q) * 1000).toBeCloseTo(1.509, 3);
  });

  test("Pollaczek–Khinchine at ρ = 0.9 gives 10 E[S] for exponential and 5.5 E[S] for constant service, as the yardstick does", () => {
    const base = { arrivalRatePerSec: 900, meanServiceSec: 0.001, servers: 1 };
    expect(mg1MeanResponseSec({ ...base, serviceCv: 1 })).toBeCloseTo(0.01, 12);
    expect(mg1MeanResponseSec({ ...base, serviceCv: 0 })).toBeCloseTo(0.0055, 12);
    const cv = 0.5;
    expect(mg1MeanResponseSec({ ...base, serviceCv: cv })).toBeCloseTo(mg1MeanWaitSec({ arrivalRatePerSec: 900, serviceMeanSec: 0.001, serviceSecondMomentSec2: (1 + cv * cv) * 1e-6 }) + 0.001, 15);
  });

  test("Allen–Cunneen reduces to M/M/c for cv 1 and to Pollaczek–Khinchine for one server", () => {
    const q = { arrivalRatePerSec: 3000, meanServiceSec: 0.001, servers: 4 };
    expect(allenCunneenMeanResponseSec({ ...q, serviceCv: 1 })).toBeCloseTo(mmcMeanResponseSec(q), 15);
    const one = { arrivalRatePerSec: 700, meanServiceSec: 0.001, servers: 1, serviceCv: 0.3 };
    expect(allenCunneenMeanResponseSec(one)).toBeCloseTo(mg1MeanResponseSec(one), 15);
  });

  test("theoryMeanResponse picks Erlang C for exponential service, P-K for one server, else the approximation flagged inexact", () => {
    expect(theoryMeanResponse({ arrivalRatePerSec: 3000, meanServiceSec: 0.001, servers: 4 }).formula).toBe("Erlang C (M/M/c)");
    expect(theoryMeanResponse({ arrivalRatePerSec: 500, meanServiceSec: 0.001, servers: 1, serviceCv: 0 }).formula).toBe("Pollaczek–Khinchine (M/G/1)");
    const approx = theoryMeanResponse({ arrivalRatePerSec: 3000, meanServiceSec: 0.001, servers: 4, serviceCv: 0 });
    expect(approx.exact).toBe(false);
    expect(approx.formula).toMatch(/Allen–Cunneen/);
  });

  test("unstable or invalid queues are refused with the parameter's path", () => {
    expect(() => mmcMeanResponseSec({ arrivalRatePerSec: 4000, meanServiceSec: 0.001, servers: 4 })).toThrow(/queue\.arrivalRatePerSec: must be < servers \/ meanServiceSec/);
    expect(() => mg1MeanResponseSec({ arrivalRatePerSec: 100, meanServiceSec: 0.001, servers: 2 })).toThrow(/queue\.servers/);
    expect(() => erlangC(0, 1)).toThrow(/erlangC\.servers/);
    expect(() => mmcMeanResponseSec({ arrivalRatePerSec: Number.NaN, meanServiceSec: 0.001, servers: 1 })).toThrow(RangeError);
    expect(() => mg1MeanResponseSec({ arrivalRatePerSec: 100, meanServiceSec: 0.001, servers: 1, serviceCv: -1 })).toThrow(/serviceCv/);
  });
});
