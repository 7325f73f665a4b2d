/**
 * A zero-dependency static file server for the built notebook site, bound to 127.0.0.1 (port 0:
 * any free port). Serves `root` with Framework's clean URLs (`/storm` → `storm.html`,
 * `/` → `index.html`); every request is recorded so tests can assert there were no 404s.
 */
import http from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".yaml": "text/yaml; charset=utf-8",
  ".csv": "text/csv",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
};

/** A running server: its base URL, the requests it answered (path and status), and close(). */
export interface StaticServer {
  baseUrl: string;
  served: { path: string; status: number }[];
  close(): Promise<void>;
}

/**
 * Serves the files under `root` on 127.0.0.1 at a free port.
 * @throws Error if the server cannot listen.
 */
export async function serveStatic(root: string): Promise<StaticServer> {
  const absRoot = resolve(root);
  const served: { path: string; status: number }[] = [];
  const server = http.createServer((req, res) => {
    void answer(absRoot, req.url ?? "/").then(({ status, body, type }) => {
      served.push({ path: req.url ?? "/", status });
      res.writeHead(status, { "content-type": type });
      res.end(body);
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("static server has no port");
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    served,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

async function answer(absRoot: string, url: string): Promise<{ status: number; body: Buffer | string; type: string }> {
  try {
    const path = normalize(decodeURIComponent(new URL(url, "http://x").pathname));
    let file = join(absRoot, path);
    if (file !== absRoot && !file.startsWith(absRoot + sep)) return { status: 403, body: "outside root", type: "text/plain" };
    let info = await stat(file).catch(() => null);
    if (info?.isDirectory()) {
      file = join(file, "index.html");
      info = await stat(file).catch(() => null);
    }
    if (info === null && extname(file) === "") {
      file += ".html";
      info = await stat(file).catch(() => null);
    }
    if (info === null) return { status: 404, body: "not found", type: "text/plain" };
    return { status: 200, body: await readFile(file), type: TYPES[extname(file)] ?? "application/octet-stream" };
  } catch (error) {
    return { status: 500, body: String(error), type: "text/plain" };
  }
}
