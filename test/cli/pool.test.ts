import { describe, expect, test } from "vitest";
import { ReplicationPool } from "../../cli/pool.js";
import { loadPreset } from "../../models/scenarios/index.js";
import { stableStringify } from "../../sim/experiment/stableJson.js";

describe("ReplicationPool", () => {
  const scenario = loadPreset("node-session-wall", ["run.duration=10s"]);
  const requests = [0, 1, 2, 3].map((replication) => ({ scenario, replication }));

  test("worker threads and this thread give byte-identical results, in request order", async () => {
    const here = new ReplicationPool({ workers: 1 });
    const threads = new ReplicationPool({ workers: 2 });
    try {
      let ticks = 0;
      const a = await here.run(requests);
      const b = await threads.run(requests, () => ticks++);
      expect(b.map((r) => r.replication)).toEqual([0, 1, 2, 3]);
      expect(stableStringify(b)).toBe(stableStringify(a));
      expect(ticks).toBe(4);
      // Different replications differ (the pool does not return one result four times).
      expect(stableStringify(a[0]!.summary)).not.toBe(stableStringify(a[1]!.summary));
    } finally {
      await here.close();
      await threads.close();
    }
  });

  test("an error thrown by a replication on a worker thread rejects the batch", async () => {
    const broken = { ...scenario, run: { ...scenario.run, durationSec: Number.NaN } };
    const pool = new ReplicationPool({ workers: 2 });
    try {
      await expect(pool.run([{ scenario: broken, replication: 0 }, { scenario: broken, replication: 1 }])).rejects.toThrow(/run\.durationSec: must be a finite number > 0/);
    } finally {
      await pool.close();
    }
  });

  test("refuses a worker count that is not an integer >= 1", () => {
    expect(() => new ReplicationPool({ workers: 0 })).toThrow(/workers: must be an integer >= 1/);
  });
});
