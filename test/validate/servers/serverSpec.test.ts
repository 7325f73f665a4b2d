import { describe, expect, test } from "vitest";
import { parseScenario } from "../../../models/scenario/load.js";
import { rawFleetFields, serverSpecFromScenario, UnsupportedScenarioError } from "../../../validate/servers/serverSpec.js";

function specOf(fleet: Record<string, unknown>, certificate?: "rsa-3072") {
  const raw = { load: { rate: "10/s" }, fleet };
  return serverSpecFromScenario(parseScenario(raw), { ...rawFleetFields(raw), ...(certificate ? { certificate } : {}) });
}

describe("serverSpecFromScenario", () => {
  test("a Node scenario maps to its TLS version, certificate, backlog, tickets and request work as a busy loop", () => {
    expect(specOf({ software: "node", tls: "1.2", certificate: "rsa-2048", listenBacklog: 128, requestCpu: "1ms" })).toEqual({
      software: "node",
      certificate: "rsa-2048",
      tlsVersion: "1.2",
      workers: 1,
      listenBacklog: 128,
      tickets: true,
      sessionTimeoutSec: 7200,
      store: { kind: "none" },
      burnUs: 1000,
      ticketKeyFiles: false,
    });
  });

  test("a Node store is an LRU of the cache's capacity and lifetime", () => {
    const s = specOf({ software: "node", sessionCache: { scope: "worker", capacity: 100, timeout: "60s" }, tickets: { enabled: false } });
    expect(s.store).toEqual({ kind: "lru", capacityEntries: 100, lifetimeSec: 60 });
    expect(s.tickets).toBe(false);
    expect(s.sessionTimeoutSec).toBe(60);
  });

  test("nginx caches map to shared (size in bytes from the file) and builtin, and a grace key to key files", () => {
    expect(specOf({ software: "nginx", sessionCache: { scope: "instance", size: "2m" } }).store).toEqual({ kind: "shared", sizeBytes: 2097152 });
    expect(specOf({ software: "nginx", workers: 2, sessionCache: { scope: "worker" } }).store).toEqual({ kind: "builtin", capacityEntries: 20480 });
    expect(specOf({ software: "nginx", tickets: { graceKeys: 1 } }).ticketKeyFiles).toBe(true);
    expect(specOf({ software: "nginx", certificate: "custom", handshake: { full: { cpu: "2ms" }, resumed: { cpu: "1ms" } } }, "rsa-3072").certificate).toBe("rsa-3072");
  });

  test("what the harness cannot run is refused with the field named", () => {
    expect(() => specOf({ software: "generic", certificate: "custom", handshake: { full: { cpu: "1ms" } } })).toThrow(/fleet.software/);
    expect(() => specOf({ software: "node", instances: 2 })).toThrow(/fleet.instances/);
    expect(() => specOf({ software: "node", requestCpu: { exponential: "1ms" } })).toThrow(/fleet.requestCpu/);
    expect(() => specOf({ software: "node", workers: 2, sessionCache: { scope: "instance", capacity: 10 } })).toThrow(/fleet.sessionCache.scope/);
    expect(() => specOf({ software: "nginx", requestCpu: "1ms" })).toThrow(UnsupportedScenarioError);
    expect(() => specOf({ software: "nginx", certificate: "custom", handshake: { full: { cpu: "2ms" }, resumed: { cpu: "1ms" } } })).toThrow(/fleet.certificate/);
  });
});
