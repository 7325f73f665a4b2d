/**
 * Run before every notebook preview and build (npm run notebooks, notebooks:build):
 *
 * 1. Seeds Observable Framework's npm version cache, so the build makes no network request.
 *    Framework's client resolves the *versions* of its lazily loaded libraries (d3, Plot, React, …)
 *    from the npm registry even when no page uses them; it never downloads or ships their code. An
 *    empty directory `notebooks/.observablehq/cache/_npm/<name>@<version>` answers that lookup
 *    (framework dist/npm.js, resolveNpmVersion). Measured: with these directories the build
 *    succeeds in a network namespace with no network (`unshare -n`); without them it fails with
 *    `fetch failed … getaddrinfo EAI_AGAIN registry.npmjs.org` (../shared/notes/notebooks-offline.md).
 * 2. Deletes the cached outputs of the data loaders (notebooks/data/*.json.ts). Framework re-runs a
 *    loader only when the loader file itself changes, but ours read files elsewhere (the latest
 *    validation run under docs/validation/), which must be read afresh.
 *
 * Usage: tsx scripts/notebooks-prepare.ts
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Libraries whose versions Framework 1.13.4's client resolves at build time (the versions are any that satisfy its ranges). */
export const FRAMEWORK_LAZY_LIBRARIES: readonly string[] = [
  "@observablehq/plot@0.6.17",
  "@observablehq/sample-datasets@1.0.1",
  "apache-arrow@21.2.0",
  "arquero@8.0.3",
  "d3-dsv@3.0.2",
  "d3@7.9.2",
  "echarts@6.1.0",
  "htl@1.0.0",
  "leaflet@1.9.4",
  "lodash@4.18.1",
  "mapbox-gl@3.32.0",
  "parquet-wasm@0.8.0",
  "react-dom@19.3.1",
  "react@19.3.1",
  "topojson-client@3.1.0",
];

/** Seeds the version cache and clears the loader outputs under `cacheDir` (notebooks/.observablehq/cache). */
export function prepareNotebookCache(cacheDir: string): void {
  for (const lib of FRAMEWORK_LAZY_LIBRARIES) mkdirSync(join(cacheDir, "_npm", lib), { recursive: true });
  rmSync(join(cacheDir, "data"), { recursive: true, force: true });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  prepareNotebookCache(fileURLToPath(new URL("../notebooks/.observablehq/cache/", import.meta.url)));
}
