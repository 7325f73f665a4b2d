import { describe, expect, test } from "vitest";
import type { RunSpec } from "../../notebooks/lib/command.js";
import { SimClient, SupersededError, type WorkerLike } from "../../notebooks/lib/simClient.js";
import type { SimReply, SimRequest, SimRun, SimRunOutput } from "../../notebooks/lib/simJob.js";

/** A fake worker: records requests and termination; the test replies through `reply`. */
class FakeWorker implements WorkerLike {
  onmessage: ((event: { data: SimReply }) => void) | null = null;
  onerror: ((event: { message?: string }) => void) | null = null;
  requests: SimRequest[] = [];
  terminated = false;
  postMessage(request: SimRequest): void {
    this.requests.push(request);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(data: SimReply): void {
    this.onmessage?.({ data });
  }
  /** Answers the last request with one fake output per run, tagged by the run's first --set. */
  finish(): void {
    const request = this.requests[this.requests.length - 1]!;
    this.reply({ kind: "done", id: request.id, outputs: request.runs.map((r) => fakeOutput(r)) });
  }
}

function fakeOutput(run: SimRun): SimRunOutput {
  return { spec: run.spec, resultJson: `{"tag":"${run.spec.sets[0] ?? ""}"}`, scenarioHash: "h", elapsedMs: 1 } as unknown as SimRunOutput;
}

const run = (tag: string, label = tag): SimRun => ({ spec: { label, preset: "mmc-baseline", sets: [`run.duration=${tag}`], seed: 1, replications: 1 } satisfies RunSpec, text: "yaml" });

function client(options: { cacheRuns?: number } = {}): { sim: SimClient; workers: FakeWorker[] } {
  const workers: FakeWorker[] = [];
  const sim = new SimClient({ createWorker: () => { const w = new FakeWorker(); workers.push(w); return w; }, ...options });
  return { sim, workers };
}

describe("SimClient", () => {
  test("posts the runs to a worker and resolves with its outputs, forwarding progress", async () => {
    const { sim, workers } = client();
    const progress: number[] = [];
    const p = sim.run([run("1s"), run("2s")], { onProgress: (done) => progress.push(done) });
    expect(workers).toHaveLength(1);
    const id = workers[0]!.requests[0]!.id;
    workers[0]!.reply({ kind: "progress", id, done: 1, total: 2 });
    workers[0]!.finish();
    const outputs = await p;
    expect(outputs.map((o) => o.resultJson)).toEqual(['{"tag":"run.duration=1s"}', '{"tag":"run.duration=2s"}']);
    expect(progress).toEqual([1]);
    expect(sim.busy).toBe(false);
  });

  test("a new request while one is running terminates that worker, rejects it as superseded and runs on a fresh worker", async () => {
    const { sim, workers } = client();
    const first = sim.run([run("1s")]);
    const second = sim.run([run("2s")]);
    await expect(first).rejects.toBeInstanceOf(SupersededError);
    expect(workers[0]!.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    workers[0]!.finish(); // a late reply from the terminated worker is ignored
    workers[1]!.finish();
    expect((await second)[0]!.resultJson).toContain("2s");
  });

  test("answers a request whose runs are all cached without a worker, with the requested labels", async () => {
    const { sim, workers } = client();
    const p = sim.run([run("1s", "first label")]);
    workers[0]!.finish();
    await p;
    const again = await sim.run([run("1s", "second label")]);
    expect(workers[0]!.requests).toHaveLength(1);
    expect(again[0]!.spec.label).toBe("second label");
  });

  test("posts only the runs not in the cache and returns all outputs in request order", async () => {
    const { sim, workers } = client();
    const p = sim.run([run("2s")]);
    workers[0]!.finish();
    await p;
    const q = sim.run([run("1s"), run("2s"), run("3s")]);
    expect(workers[0]!.requests[1]!.runs.map((r) => r.spec.sets[0])).toEqual(["run.duration=1s", "run.duration=3s"]);
    workers[0]!.finish();
    expect((await q).map((o) => o.resultJson)).toEqual(['{"tag":"run.duration=1s"}', '{"tag":"run.duration=2s"}', '{"tag":"run.duration=3s"}']);
  });

  test("keeps at most cacheRuns runs, dropping the least recently used", async () => {
    const { sim, workers } = client({ cacheRuns: 1 });
    for (const tag of ["1s", "2s"]) {
      const p = sim.run([run(tag)]);
      workers[0]!.finish();
      await p;
    }
    const p = sim.run([run("1s")]);
    expect(workers[0]!.requests).toHaveLength(3);
    workers[0]!.finish();
    await p;
  });

  test("rejects with the worker's message on an error reply, and with a load failure on onerror, then recovers with a new worker", async () => {
    const { sim, workers } = client();
    const p = sim.run([run("1s")]);
    workers[0]!.reply({ kind: "error", id: workers[0]!.requests[0]!.id, message: "fleet.workers: expected an integer" });
    await expect(p).rejects.toThrow("fleet.workers: expected an integer");
    const q = sim.run([run("2s")]);
    workers[0]!.onerror?.({ message: "404" });
    await expect(q).rejects.toThrow(/simulator worker failed: 404/);
    const r = sim.run([run("3s")]);
    expect(workers).toHaveLength(2);
    workers[1]!.finish();
    await expect(r).resolves.toHaveLength(1);
  });

  test("refuses to run after close, and close rejects a pending request", async () => {
    const { sim } = client();
    const p = sim.run([run("1s")]);
    sim.close();
    await expect(p).rejects.toBeInstanceOf(SupersededError);
    expect(() => sim.run([run("1s")])).toThrow(/closed/);
  });

  test("refuses a negative or fractional cache size at construction", () => {
    expect(() => new SimClient({ createWorker: () => new FakeWorker(), cacheRuns: -1 })).toThrow(/cacheRuns: must be an integer >= 0 \(got -1\)/);
    expect(() => new SimClient({ createWorker: () => new FakeWorker(), cacheRuns: 1.5 })).toThrow(RangeError);
  });
});
