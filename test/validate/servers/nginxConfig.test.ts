import { describe, expect, test } from "vitest";
import { nginxConfig, type NginxConfigInput } from "../../../validate/servers/nginxConfig.js";
import type { ServerSpec } from "../../../validate/servers/serverSpec.js";

const spec: ServerSpec = { software: "nginx", certificate: "rsa-3072", tlsVersion: "1.2", workers: 2, listenBacklog: 128, tickets: false, sessionTimeoutSec: 300, store: { kind: "shared", sizeBytes: 1048576 }, burnUs: 0, ticketKeyFiles: false };
const input = (over: Partial<ServerSpec> = {}, extra: Partial<NginxConfigInput> = {}): NginxConfigInput => ({ spec: { ...spec, ...over }, dir: "/tmp/x", port: 8443, certPath: "/tmp/x/c.pem", keyPath: "/tmp/x/k.pem", ticketKeyPaths: [], ...extra });

describe("nginxConfig", () => {
  test("binds 127.0.0.1 with the backlog, workers, protocol, cache, timeout and tickets of the spec, all files under the prefix", () => {
    const text = nginxConfig(input());
    expect(text).toContain("worker_processes 2;");
    expect(text).toContain("listen 127.0.0.1:8443 ssl backlog=128;");
    expect(text).toContain("ssl_protocols TLSv1.2;");
    expect(text).toContain("ssl_session_cache shared:SSL:1024k;");
    expect(text).toContain("ssl_session_timeout 300s;");
    expect(text).toContain("ssl_session_tickets off;");
    expect(text).toContain("daemon off;");
    expect(text).toContain("pid /tmp/x/nginx.pid;");
    expect(text).not.toMatch(/listen (?!127\.0\.0\.1)/);
  });

  test("a per-worker cache is builtin with its capacity, no cache is none, and key files are listed newest first", () => {
    expect(nginxConfig(input({ store: { kind: "builtin", capacityEntries: 20480 } }))).toContain("ssl_session_cache builtin:20480;");
    expect(nginxConfig(input({ store: { kind: "none" } }))).toContain("ssl_session_cache none;");
    const keys = nginxConfig(input({ tickets: true, ticketKeyFiles: true }, { ticketKeyPaths: ["/tmp/x/ticket.1.key", "/tmp/x/ticket.0.key"] }));
    expect(keys.indexOf("ticket.1.key")).toBeLessThan(keys.indexOf("ticket.0.key"));
    expect(keys).toContain("ssl_session_tickets on;");
  });

  test("refuses a bad port, a relative prefix, a tiny zone, key files missing and an LRU store", () => {
    expect(() => nginxConfig(input({}, { port: 0 }))).toThrow(/port/);
    expect(() => nginxConfig(input({}, { dir: "rel" }))).toThrow(/dir/);
    expect(() => nginxConfig(input({ store: { kind: "shared", sizeBytes: 1000 } }))).toThrow(/sizeBytes/);
    expect(() => nginxConfig(input({ tickets: true, ticketKeyFiles: true }))).toThrow(/ticketKeyPaths/);
    expect(() => nginxConfig(input({ store: { kind: "lru", capacityEntries: 5, lifetimeSec: 1 } }))).toThrow(/store.kind/);
  });
});
