import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { FRAMEWORK_LAZY_LIBRARIES, prepareNotebookCache } from "../../scripts/notebooks-prepare.js";

let dir = "";
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("prepareNotebookCache", () => {
  test("creates one version directory per lazy library, scoped packages under their scope, and deletes data-loader outputs", () => {
    dir = mkdtempSync(join(tmpdir(), "nb-cache-"));
    mkdirSync(join(dir, "data"), { recursive: true });
    writeFileSync(join(dir, "data", "validation.json"), "{}");
    prepareNotebookCache(dir);
    expect(existsSync(join(dir, "data"))).toBe(false);
    expect(readdirSync(join(dir, "_npm", "@observablehq")).sort()).toEqual(["plot@0.6.17", "sample-datasets@1.0.1"]);
    for (const lib of FRAMEWORK_LAZY_LIBRARIES) expect(existsSync(join(dir, "_npm", lib))).toBe(true);
  });

  test("is idempotent: a second run over a prepared cache succeeds and changes nothing", () => {
    dir = mkdtempSync(join(tmpdir(), "nb-cache-"));
    prepareNotebookCache(dir);
    prepareNotebookCache(dir);
    expect(readdirSync(join(dir, "_npm")).length).toBe(FRAMEWORK_LAZY_LIBRARIES.filter((l) => !l.startsWith("@")).length + 1);
  });
});
