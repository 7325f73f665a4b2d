/**
 * JSON Schema of the scenario file format, for editors (VS Code's YAML extension, JSON files'
 * "$schema"): generated from the input side of the Zod schema, so it shows the file's names, unit
 * strings and descriptions. Cross-field rules (warm-up < duration, ...) are not in it: parsing
 * checks those. Committed as schema/scenario.schema.json by scripts/generate-schema.ts.
 * Browser-safe: no node: imports.
 */
import { z } from "zod";
import { scenarioSchema } from "./schema.js";

/** Where the committed schema lives, relative to the repository root. */
export const SCENARIO_JSON_SCHEMA_PATH = "schema/scenario.schema.json";

/** The JSON Schema (draft-07, which editors support best) of a scenario file, as a plain object. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { io: "input", target: "draft-07" }) as Record<string, unknown>;
  return { ...schema, title: "shakedown scenario" };
}

/** The committed file's exact text: the schema as 2-space JSON with a final newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
