import seedrandom from "seedrandom";
import { expect, test } from "vitest";
import { RandomStreams, streamSeedKey } from "../../sim/random.js";

const draws = (s: { next(): number }, n: number) => Array.from({ length: n }, () => s.next());

test("a stream is seedrandom's Alea for the key (seed, replication, name)", () => {
  const ours = new RandomStreams(42, 3).stream("arrivals");
  const theirs = seedrandom.alea(streamSeedKey(42, 3, "arrivals"));
  expect(draws(ours, 1000)).toEqual(Array.from({ length: 1000 }, () => theirs()));
});

test("the same seed, replication and name give the same draws", () => {
  expect(draws(new RandomStreams(1).stream("a"), 100)).toEqual(draws(new RandomStreams(1).stream("a"), 100));
});

test("different seeds, replications or names give different draws", () => {
  const base = draws(new RandomStreams(1, 0).stream("a"), 20);
  expect(draws(new RandomStreams(2, 0).stream("a"), 20)).not.toEqual(base);
  expect(draws(new RandomStreams(1, 1).stream("a"), 20)).not.toEqual(base);
  expect(draws(new RandomStreams(1, 0).stream("b"), 20)).not.toEqual(base);
});

test("creating and drawing from a new stream does not perturb an existing one", () => {
  const alone = new RandomStreams(9);
  const a1 = alone.stream("service");
  const expected = draws(a1, 50);
  const crowded = new RandomStreams(9);
  const other = crowded.stream("jitter");
  const a2 = crowded.stream("service");
  const got: number[] = [];
  for (let i = 0; i < 50; i++) {
    other.next();
    other.next();
    got.push(a2.next());
  }
  expect(got).toEqual(expected);
});

test("draws lie in [0, 1) and look uniform", () => {
  const s = new RandomStreams(5).stream("u");
  const bins = new Array(10).fill(0);
  const n = 100_000;
  for (let i = 0; i < n; i++) {
    const u = s.next();
    expect(u >= 0 && u < 1).toBe(true);
    bins[Math.floor(u * 10)]++;
  }
  // chi-square with 9 dof: 27.88 is the 0.999 quantile
  const chi = bins.reduce((acc, b) => acc + (b - n / 10) ** 2 / (n / 10), 0);
  expect(chi).toBeLessThan(27.88);
});

test("a name may be taken once per replication, and bad seeds are refused", () => {
  const s = new RandomStreams(1);
  s.stream("x");
  expect(() => s.stream("x")).toThrow(/already created/);
  expect(() => s.stream("")).toThrow(/stream name/);
  expect(() => new RandomStreams(-1)).toThrow(/seed/);
  expect(() => new RandomStreams(1.5)).toThrow(/seed/);
  expect(() => new RandomStreams(1, Number.NaN)).toThrow(/replication/);
});

test("a variant keeps the named streams' draws and redraws the others; variant 0 is the replication itself", () => {
  const keep = ["arrivals"];
  const plain = new RandomStreams(5, 2);
  const v0 = new RandomStreams(5, 2, { index: 0, keep });
  const v3 = new RandomStreams(5, 2, { index: 3, keep });
  const v3again = new RandomStreams(5, 2, { index: 3, keep });
  const arrivals = draws(plain.stream("arrivals"), 50);
  const service = draws(plain.stream("service"), 50);
  expect(draws(v0.stream("arrivals"), 50)).toEqual(arrivals);
  expect(draws(v0.stream("service"), 50)).toEqual(service);
  expect(draws(v3.stream("arrivals"), 50)).toEqual(arrivals);
  const redrawn = draws(v3.stream("service"), 50);
  expect(redrawn).not.toEqual(service);
  expect(draws(v3again.stream("service"), 50)).toEqual(redrawn);
  expect(draws(new RandomStreams(5, 2, { index: 4, keep }).stream("service"), 50)).not.toEqual(redrawn);
  expect(seedrandom.alea(`${streamSeedKey(5, 2, "service")}/variant/3`)()).toBe(redrawn[0]);
});

test("a variant index that is not a non-negative integer is refused, naming the field", () => {
  expect(() => new RandomStreams(1, 0, { index: -1, keep: [] })).toThrow(/variant\.index/);
  expect(() => new RandomStreams(1, 0, { index: 1.5, keep: [] })).toThrow(/variant\.index/);
});
