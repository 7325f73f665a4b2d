import { describe, expect, expectTypeOf, test } from "vitest";
import type { z } from "zod";
import { rawScenarioSchema, scenarioSchema, type ScenarioOutputIsCanonical } from "../../../models/scenario/schema.js";
import type { Scenario } from "../../../models/scenario/types.js";
import { minimalRaw } from "./fixtures.js";

describe("scenarioSchema", () => {
  test("its output type is exactly the canonical Scenario", () => {
    expectTypeOf<z.output<typeof scenarioSchema>>().toEqualTypeOf<Scenario>();
    expectTypeOf<ScenarioOutputIsCanonical>().toEqualTypeOf<true>();
  });

  test("parsing gives a canonical scenario with no unit strings left", () => {
    const scenario = scenarioSchema.parse({ ...minimalRaw(), clients: { timeout: "1.5s" } });
    expect(scenario.clients.timeoutSec).toBe(1.5);
    const strings: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (typeof v === "string" && /\d(ms|us|s|\/s|m)$/.test(v)) strings.push(`${path}=${v}`);
      else if (typeof v === "object" && v !== null) for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    };
    walk(scenario, "");
    expect(strings).toEqual([]);
  });

  test("a $schema key is accepted and left out of the canonical form", () => {
    const scenario = scenarioSchema.parse({ ...minimalRaw(), $schema: "../schema/scenario.schema.json" });
    expect(Object.keys(scenario)).toEqual(["name", "description", "run", "network", "load", "clients", "fleet", "events", "slos"]);
  });

  test("the raw schema converts units but leaves unset fields undefined", () => {
    const raw = rawScenarioSchema.parse({ load: { rate: "2k/s" }, fleet: { software: "nginx", workers: 2 } });
    expect(raw.load.rate).toBe(2000);
    expect(raw.fleet.workers).toBe(2);
    expect(raw.fleet.instances).toBeUndefined();
    expect(raw.run).toBeUndefined();
  });

  test("fleet.software and load are required", () => {
    expect(scenarioSchema.safeParse({ fleet: { software: "node" } }).success).toBe(false);
    expect(scenarioSchema.safeParse({ load: { rate: "1/s" } }).success).toBe(false);
    expect(scenarioSchema.safeParse(minimalRaw()).success).toBe(true);
  });
});
