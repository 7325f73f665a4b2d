import { describe, expect, test } from "vitest";
import { runScenario } from "../../models/run.js";
import { scenarioHash } from "../../models/scenario/hash.js";
import { loadPreset, presetText } from "../../models/scenarios/index.js";
import { stableStringify } from "../../sim/experiment/stableJson.js";
import { runOverrides, type RunSpec } from "../../notebooks/lib/command.js";
import { replyTo, runSimRequest, sha256Hex, type SimReply } from "../../notebooks/lib/simJob.js";

const spec: RunSpec = { label: "cluster", preset: "node-cluster-sessions", sets: ["fleet.workers=2"], duration: "8s", seed: 5, replications: 2 };

describe("runSimRequest (the worker's job)", () => {
  test("gives the bytes and the scenario hash of the Node-side run of the same preset, overrides and seed", async () => {
    const [output] = await runSimRequest({ id: 1, runs: [{ spec, text: presetText(spec.preset) }] });
    const scenario = loadPreset(spec.preset, runOverrides(spec));
    expect(output!.resultJson).toBe(stableStringify(runScenario(scenario)));
    expect(output!.scenarioHash).toBe(scenarioHash(scenario));
    expect(output!.result.seed).toBe(5);
    expect(output!.result.replications).toBe(2);
    expect(output!.spec).toBe(spec);
  });

  test("reports progress after every replication of every run, counting up to the total", async () => {
    const progress: [number, number][] = [];
    const text = presetText(spec.preset);
    await runSimRequest({ id: 2, runs: [{ spec, text }, { spec: { ...spec, replications: 1 }, text }] }, (done, total) => progress.push([done, total]));
    expect(progress).toEqual([[1, 3], [2, 3], [3, 3]]);
  });

  test("replies done with the outputs, after progress replies carrying the request id", async () => {
    const replies: SimReply[] = [];
    await replyTo({ id: 9, runs: [{ spec: { ...spec, replications: 1 }, text: presetText(spec.preset) }] }, (r) => replies.push(r));
    expect(replies.map((r) => r.kind)).toEqual(["progress", "done"]);
    expect(replies.every((r) => r.id === 9)).toBe(true);
  });

  test("replies error naming the field when an override is invalid, without throwing", async () => {
    const replies: SimReply[] = [];
    await replyTo({ id: 3, runs: [{ spec: { ...spec, sets: ["fleet.workres=2"] }, text: presetText(spec.preset) }] }, (r) => replies.push(r));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.kind).toBe("error");
    expect((replies[0] as { message: string }).message).toMatch(/workres.*did you mean "workers"/);
  });
});

describe("sha256Hex", () => {
  test("matches the FIPS 180-2 test vector for abc", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
