/**
 * End-to-end test of the notebooks: builds the site (`npm run notebooks:build`, the same command
 * CI and users run), serves dist/ on 127.0.0.1, and drives Debian's chromium (never a downloaded
 * browser) with playwright-core. For pages 2, 3 and 7 it moves a slider and checks that the
 * chart and the numbers change, that the simulator ran in a Web Worker, and that there were no
 * page errors, no failed or 404 requests and no request to any other host; page 3's chart is
 * saved through vega-embed's menu as SVG. For the view each page shows after the move, it runs the
 * page's printed `shakedown` command through a shell and checks that the CLI's result is
 * byte-identical to the one the browser computed (and that the scenario hashes agree).
 *
 * Chromium: /usr/bin/chromium (or $CHROMIUM_PATH); .ci/run installs it with apt. Without it the
 * suite is skipped with a message, except in CI (CI=true), where its absence is a failure.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { stableStringify } from "../../sim/experiment/stableJson.js";
import { REPO, BIN } from "../cli/spawn.js";
import { serveStatic, type StaticServer } from "./serve.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = process.env.CI === "true" || process.env.CI === "1";
if (!HAVE_CHROMIUM && !IN_CI) {
  console.warn(`notebooks e2e skipped: no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH); CI runs it`);
}

let server: StaticServer;
let browser: Browser;
let buildLog = "";

/** A page under observation: requests to other hosts, failed requests, page errors, workers started. */
interface Watched {
  page: Page;
  context: BrowserContext;
  external: string[];
  failed: string[];
  errors: string[];
  workers: string[];
}

async function open(path: string): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const w: Watched = { page, context, external: [], failed: [], errors: [], workers: [] };
  const base = server.baseUrl;
  context.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(base) && !url.startsWith("data:") && !url.startsWith("blob:")) w.external.push(url);
  });
  page.on("requestfailed", (r) => w.failed.push(`${r.url()} ${r.failure()?.errorText ?? ""}`));
  page.on("response", (r) => {
    if (r.status() >= 400) w.failed.push(`${r.url()} ${r.status()}`);
  });
  page.on("pageerror", (e) => w.errors.push(e.message));
  page.on("worker", (worker) => w.workers.push(worker.url()));
  await page.goto(`${base}${path}`, { waitUntil: "load" });
  return w;
}

/** Waits until the page's simulation status is "done" (or fails the test with the status text on error). */
async function settled(page: Page): Promise<void> {
  const status = page.locator(".sim-status").first();
  await expect.poll(async () => status.getAttribute("data-state"), { timeout: 90_000, interval: 200 }).toMatch(/^(done|error)$/);
  expect(await status.getAttribute("data-state"), (await status.textContent()) ?? "").toBe("done");
}

/** What must change when a slider moves: the key-numbers text, the chart's SVG and the reproduce command. */
async function snapshot(page: Page, chart: string): Promise<{ numbers: string; svg: string; command: string }> {
  const svg = page.locator(`[data-chart="${chart}"] svg`).first();
  await svg.waitFor({ timeout: 30_000 });
  return {
    numbers: (await page.locator(".key-numbers").first().textContent()) ?? "",
    svg: await svg.evaluate((el) => el.outerHTML),
    command: (await page.locator(".repro-command").first().textContent()) ?? "",
  };
}

/** Waits until both the numbers and the chart differ from `before` (cells re-render one by one), and returns the new state. */
async function changed(page: Page, chart: string, before: { numbers: string; svg: string }): Promise<{ numbers: string; svg: string; command: string }> {
  await expect.poll(async () => (await snapshot(page, chart)).numbers, { timeout: 30_000 }).not.toBe(before.numbers);
  await expect.poll(async () => (await snapshot(page, chart)).svg, { timeout: 30_000 }).not.toBe(before.svg);
  return snapshot(page, chart);
}

/** Sets the range slider of the input labelled `label` (fires the input event, as dragging does). */
async function moveSlider(page: Page, label: string, value: number): Promise<void> {
  const range = page.locator("form").filter({ has: page.locator("label", { hasText: label }) }).locator("input[type=range]").first();
  await range.fill(String(value));
}

/** Runs the page's first reproduce command through a shell and compares the CLI's result with the browser's bytes. */
async function expectCliIdentity(page: Page): Promise<void> {
  const item = page.locator(".repro").first();
  const command = ((await item.locator(".repro-command").textContent()) ?? "").trim();
  expect(command).toMatch(/^npx shakedown run [a-z0-9-]+ .*--seed \d+ --replications \d+ --json$/);
  const href = await item.locator("a.repro-result").getAttribute("href");
  expect(href).toBeTruthy();
  const browserJson = await page.evaluate(async (url) => (await fetch(url)).text(), href!);
  const browserHash = await item.locator(".repro-hash").getAttribute("data-hash");
  const shell = spawnSync("sh", ["-c", command.replace(/^npx shakedown /, `"${process.execPath}" "${BIN}" `)], { cwd: REPO, encoding: "utf8", timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
  expect(shell.status, shell.stderr).toBe(0);
  const cli = JSON.parse(shell.stdout) as Record<string, unknown>;
  expect(browserHash).toBe(cli.scenarioHash);
  delete cli.scenarioHash;
  delete cli.slos;
  expect(browserJson.trim()).toBe(stableStringify(cli));
}

/** Opens a chart's "…" menu, checks it offers SVG and PNG, and saves the SVG (a download made in the page, no request). */
async function expectSvgExport(page: Page, chart: string): Promise<void> {
  const container = page.locator(`[data-chart="${chart}"]`);
  await container.locator("details summary").click();
  const actions = await container.locator(".vega-actions a").allTextContents();
  expect(actions).toEqual(expect.arrayContaining(["Save as SVG", "Save as PNG"]));
  const [download] = await Promise.all([page.waitForEvent("download"), container.locator(".vega-actions a", { hasText: "Save as SVG" }).click()]);
  expect(download.suggestedFilename()).toBe(`${chart}.svg`);
  const path = await download.path();
  expect(readFileSync(path, "utf8")).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
}

function expectClean(w: Watched): void {
  expect(w.errors).toEqual([]);
  expect(w.external).toEqual([]);
  expect(w.failed).toEqual([]);
  expect(w.workers.some((url) => /\/_import\/lib\/simWorker\.[0-9a-f]+\.js$/.test(url))).toBe(true);
}

describe.skipIf(!HAVE_CHROMIUM && !IN_CI)("notebooks in chromium", () => {
  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`CI=true but there is no chromium at ${CHROMIUM}: .ci/run installs it with apt`);
    const build = spawnSync("npm", ["run", "--silent", "notebooks:build"], { cwd: REPO, encoding: "utf8", timeout: 300_000, env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" } });
    buildLog = `${build.stdout}\n${build.stderr}`.replace(/\x1b\[[0-9;]*m/g, "");
    if (build.status !== 0) throw new Error(`notebooks:build failed (status ${build.status}):\n${buildLog.slice(-4000)}`);
    server = await serveStatic(join(REPO, "dist"));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test("the build resolves no npm version and downloads nothing from a CDN (no npm: fetch lines)", () => {
    expect(buildLog).toMatch(/built \d+ pages? in notebooks/);
    expect(buildLog).not.toMatch(/(^|\s)npm:/m);
    expect(buildLog).not.toMatch(/jsdelivr|fetch failed/i);
  });

  test("page 2: a bigger session store changes the resumption numbers and the chart; the printed command gives the same bytes", async () => {
    const w = await open("/session-wall");
    try {
      await settled(w.page);
      const before = await snapshot(w.page, "resumption-sweep");
      await moveSlider(w.page, "store capacity", 2000);
      await expect.poll(async () => (await snapshot(w.page, "resumption-sweep")).command, { timeout: 60_000 }).not.toBe(before.command);
      await settled(w.page);
      const after = await changed(w.page, "resumption-sweep", before);
      expect(after.command).toContain("fleet.sessionCache.capacity=2000");
      await expectCliIdentity(w.page);
      expectClean(w);
    } finally {
      await w.context.close();
    }
  }, 240_000);

  test("page 3: a shorter client timeout changes the latency chart and the numbers, the chart saves as SVG, and the printed command gives the same bytes", async () => {
    const w = await open("/lb-storm");
    try {
      await settled(w.page);
      const before = await snapshot(w.page, "latency");
      await moveSlider(w.page, "client timeout", 2);
      await expect.poll(async () => (await snapshot(w.page, "latency")).command, { timeout: 60_000 }).toContain("clients.timeout=2s");
      await settled(w.page);
      await changed(w.page, "latency", before);
      await expectSvgExport(w.page, "latency");
      await expectCliIdentity(w.page);
      expectClean(w);
    } finally {
      await w.context.close();
    }
  }, 240_000);

  test("page 7: a longer spike changes the goodput chart and the numbers; the printed command gives the same bytes", async () => {
    const w = await open("/retry-storms");
    try {
      await settled(w.page);
      const before = await snapshot(w.page, "goodput");
      await moveSlider(w.page, "spike length", 6);
      await expect.poll(async () => (await snapshot(w.page, "goodput")).command, { timeout: 60_000 }).toContain("for: 6s");
      await settled(w.page);
      await changed(w.page, "goodput", before);
      await expectCliIdentity(w.page);
      expectClean(w);
    } finally {
      await w.context.close();
    }
  }, 240_000);
});
