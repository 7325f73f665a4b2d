/**
 * Writes schema/scenario.schema.json, the JSON Schema of scenario files, from the Zod schema
 * (models/scenario/jsonSchema.ts). Run after changing the schema: `npx tsx scripts/generate-schema.ts`
 * (or the package script that wraps it); a test fails while the committed file is stale.
 * With `--check`, writes nothing and exits 1 if the committed file differs.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SCENARIO_JSON_SCHEMA_PATH, scenarioJsonSchemaText } from "../models/scenario/jsonSchema.js";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const target = join(root, SCENARIO_JSON_SCHEMA_PATH);
const text = scenarioJsonSchemaText();

if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {
    // a missing file is stale
  }
  if (current !== text) {
    console.error(`${SCENARIO_JSON_SCHEMA_PATH} is stale: run npx tsx scripts/generate-schema.ts`);
    process.exit(1);
  }
  console.log(`${SCENARIO_JSON_SCHEMA_PATH} is up to date`);
} else {
  writeFileSync(target, text);
  console.log(`wrote ${SCENARIO_JSON_SCHEMA_PATH} (${text.length} bytes)`);
}
