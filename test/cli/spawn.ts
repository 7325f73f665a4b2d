/**
 * Helpers of the command-line tests: running the real bin in a child process, and checking the
 * files it writes (a PNG decoder that inflates the image data and checks its size).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { inflateSync } from "node:zlib";
import { onTestFinished } from "vitest";

/** The repository root. */
export const REPO = fileURLToPath(new URL("../../", import.meta.url));
/** The shakedown bin. */
export const BIN = join(REPO, "bin", "shakedown.js");

/** What a finished command gave. */
export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/shakedown.js ...args` in the repository (generous timeout: the machine may be loaded). */
export function shakedown(args: readonly string[], options: { cwd?: string } = {}): Ran {
  const out = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? REPO, encoding: "utf8", timeout: 180_000, env: { ...process.env, FORCE_COLOR: "0" } });
  if (out.error) throw out.error;
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

/** A fresh temporary directory, removed when the current test finishes (call it inside a test). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `shakedown-${prefix}-`));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Width, height and raw (filtered) pixel bytes of a PNG, after inflating its IDAT chunks. */
export interface DecodedPng {
  width: number;
  height: number;
  bytesPerPixel: number;
  raw: Buffer;
}

/**
 * Decodes a non-interlaced 8-bit PNG far enough to prove it is an image: signature, IHDR, IDAT
 * inflated to exactly height × (1 + width × bytesPerPixel) bytes, IEND last.
 * @throws Error describing the first problem.
 */
export function decodePng(png: Buffer): DecodedPng {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!png.subarray(0, 8).equals(signature)) throw new Error("not a PNG signature");
  let offset = 8;
  let width = 0;
  let height = 0;
  let bytesPerPixel = 0;
  const idat: Buffer[] = [];
  let last = "";
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString("latin1", offset + 4, offset + 8);
    const chunk = png.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = chunk.readUInt32BE(0);
      height = chunk.readUInt32BE(4);
      const bitDepth = chunk[8]!;
      const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[chunk[9]!];
      if (bitDepth !== 8 || channels === undefined || chunk[12] !== 0) throw new Error(`unsupported PNG: depth ${bitDepth}, color type ${chunk[9]}, interlace ${chunk[12]}`);
      bytesPerPixel = channels;
    } else if (type === "IDAT") idat.push(chunk);
    last = type;
    offset += 12 + length;
  }
  if (last !== "IEND") throw new Error("PNG does not end with IEND");
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length !== height * (1 + width * bytesPerPixel)) throw new Error(`PNG chunk is ${raw.length} bytes, expected ${height * (1 + width * bytesPerPixel)}`);
  return { width, height, bytesPerPixel, raw };
}
