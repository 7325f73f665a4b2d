/**
 * Data loader (run by Observable Framework with tsx at build and preview time): the latest
 * validation run's `validation.json`, normalized for the notebooks (notebooks/lib/validation.ts),
 * or `{present: false, searched: [...]}` when there is none yet.
 * Reads $SHAKEDOWN_VALIDATION_JSON when set (a path, e.g. a run kept elsewhere), else
 * docs/validation/validation.json, else the most recently modified docs/validation/**\/validation.json.
 * Prints JSON on stdout.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { normalizeValidation, type ValidationData } from "../lib/validation.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const DIR = join(REPO, "docs", "validation");

function candidates(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...candidates(path));
    else if (entry.name === "validation.json") out.push(path);
  }
  return out;
}

function latest(): string | null {
  const chosen = process.env.SHAKEDOWN_VALIDATION_JSON;
  if (chosen !== undefined && chosen !== "") return chosen;
  const top = join(DIR, "validation.json");
  if (existsSync(top)) return top;
  const all = candidates(DIR).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return all[0] ?? null;
}

const file = latest();
let data: ValidationData;
if (file === null) data = { present: false, searched: ["docs/validation/validation.json", "docs/validation/**/validation.json"] };
else data = normalizeValidation(JSON.parse(readFileSync(file, "utf8")) as unknown, relative(REPO, file) || file);
process.stdout.write(JSON.stringify(data));
