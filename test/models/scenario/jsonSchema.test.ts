import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { SCENARIO_JSON_SCHEMA_PATH, scenarioJsonSchema, scenarioJsonSchemaText } from "../../../models/scenario/jsonSchema.js";
import { readScenarioText } from "../../../models/scenario/load.js";
import { presetNames, presetText } from "../../../models/scenarios/index.js";

type Json = Record<string, any>;

/**
 * A small JSON Schema (draft-07 subset) checker: enough for the keywords the generator emits
 * ($ref to definitions, allOf/anyOf/oneOf, type, enum, const, properties, required,
 * additionalProperties false, items, numeric bounds, minItems). Returns the paths that fail.
 */
function check(schema: Json, value: unknown, root: Json, path = "$"): string[] {
  if (schema.$ref !== undefined) {
    const name = String(schema.$ref).replace("#/definitions/", "");
    return check(root.definitions[name], value, root, path);
  }
  const errors: string[] = [];
  if (schema.allOf) for (const s of schema.allOf) errors.push(...check(s, value, root, path));
  if (schema.anyOf && !schema.anyOf.some((s: Json) => check(s, value, root, path).length === 0)) errors.push(`${path}: anyOf`);
  if (schema.oneOf && schema.oneOf.filter((s: Json) => check(s, value, root, path).length === 0).length !== 1) errors.push(`${path}: oneOf`);
  if (schema.type !== undefined) {
    const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
    const actual = value === null ? "null" : Array.isArray(value) ? "array" : Number.isInteger(value) ? "integer" : typeof value;
    const ok = types.some((t) => t === actual || (t === "number" && actual === "integer"));
    if (!ok) return [...errors, `${path}: type ${types.join("|")}, found ${actual}`];
  }
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: enum`);
  if ("const" in schema && schema.const !== value) errors.push(`${path}: const`);
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${path}: minimum`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${path}: maximum`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) errors.push(`${path}: exclusiveMinimum`);
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) errors.push(`${path}: exclusiveMaximum`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${path}: minItems`);
    if (schema.items) value.forEach((v, i) => errors.push(...check(schema.items, v, root, `${path}[${i}]`)));
  } else if (typeof value === "object" && value !== null) {
    const obj = value as Json;
    for (const key of schema.required ?? []) if (!(key in obj)) errors.push(`${path}.${key}: required`);
    for (const [key, v] of Object.entries(obj)) {
      const sub = schema.properties?.[key];
      if (sub !== undefined) errors.push(...check(sub, v, root, `${path}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${path}.${key}: additional property`);
    }
  }
  return errors;
}

describe("the committed JSON Schema", () => {
  test("equals the generator's output (run npx tsx scripts/generate-schema.ts after changing the schema)", () => {
    const committed = readFileSync(fileURLToPath(new URL(`../../../${SCENARIO_JSON_SCHEMA_PATH}`, import.meta.url)), "utf8");
    expect(committed).toBe(scenarioJsonSchemaText());
  });

  test("is draft-07 with descriptions on the main fields", () => {
    const schema = scenarioJsonSchema();
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    const fleet = (schema.properties as Json).fleet;
    expect(fleet.additionalProperties).toBe(false);
    expect(fleet.required).toEqual(["software"]);
    expect(fleet.properties.software.enum).toEqual(["node", "nginx", "generic"]);
    for (const key of ["workers", "listenBacklog", "sessionCache", "tickets", "tls"]) expect(fleet.properties[key].description, key).toMatch(/\w/);
    expect((schema.properties as Json).run.properties.duration.default).toBe("60s");
  });

  for (const name of presetNames) {
    test(`validates the raw YAML of preset ${name}`, () => {
      const schema = scenarioJsonSchema();
      expect(check(schema, readScenarioText(presetText(name), "yaml"), schema)).toEqual([]);
    });
  }

  test("refuses an unknown key, a bad enum value and a bad distribution", () => {
    const schema = scenarioJsonSchema();
    const bad = {
      load: { rate: "1/s" },
      fleet: { software: "node", workes: 2, balancer: "roundrobin", requestCpu: { gama: "1ms" } },
    };
    expect(check(schema, bad, schema)).toEqual([
      "$.fleet.workes: additional property",
      "$.fleet.balancer: enum",
      "$.fleet.requestCpu: anyOf",
    ]);
  });
});
