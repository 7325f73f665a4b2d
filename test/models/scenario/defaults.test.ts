import { describe, expect, test } from "vitest";
import {
  certificateRotationDefaults,
  DISPATCH_DEFAULT,
  entriesPerFullHandshakeDefault,
  HANDSHAKE_CPU_CV,
  handshakeCpuDefault,
  LISTEN_BACKLOG_DEFAULT,
  secondPhaseFractionDefault,
  sessionCacheDefaults,
  SOMAXCONN_DEFAULT,
  ticketDefaults,
} from "../../../models/scenario/defaults.js";

describe("handshake CPU defaults (tls-ground-truth §5.1 means, gamma cv 0.5)", () => {
  const table: [("node" | "nginx"), ("ecdsa-p256" | "rsa-2048"), ("1.2" | "1.3"), number, number][] = [
    ["node", "ecdsa-p256", "1.2", 0.000514, 0.000344],
    ["node", "ecdsa-p256", "1.3", 0.000517, 0.000469],
    ["node", "rsa-2048", "1.2", 0.000766, 0.0003],
    ["node", "rsa-2048", "1.3", 0.000745, 0.000461],
    ["nginx", "ecdsa-p256", "1.2", 0.000402, 0.000195],
    ["nginx", "ecdsa-p256", "1.3", 0.000471, 0.000387],
    ["nginx", "rsa-2048", "1.2", 0.000531, 0.00018],
    ["nginx", "rsa-2048", "1.3", 0.000659, 0.000328],
  ];
  for (const [software, certificate, tlsVersion, full, resumed] of table) {
    test(`${software} ${certificate} TLS ${tlsVersion}: full ${full * 1000} ms, resumed ${resumed * 1000} ms`, () => {
      expect(handshakeCpuDefault({ software, certificate, tlsVersion, resumed: false })).toEqual({ kind: "gamma", mean: full, cv: HANDSHAKE_CPU_CV });
      expect(handshakeCpuDefault({ software, certificate, tlsVersion, resumed: true })).toEqual({ kind: "gamma", mean: resumed, cv: HANDSHAKE_CPU_CV });
    });
  }

  test("generic software and custom certificates have no default cost", () => {
    expect(handshakeCpuDefault({ software: "generic", certificate: "rsa-2048", tlsVersion: "1.3", resumed: false })).toBeUndefined();
    expect(handshakeCpuDefault({ software: "node", certificate: "custom", tlsVersion: "1.3", resumed: false })).toBeUndefined();
  });

  test("the second CPU phase is half of a TLS 1.2 full handshake and a fifth otherwise", () => {
    expect([secondPhaseFractionDefault("1.2", false), secondPhaseFractionDefault("1.2", true), secondPhaseFractionDefault("1.3", false)]).toEqual([0.5, 0.2, 0.2]);
  });
});

describe("server defaults by software", () => {
  test("Linux and server backlog constants", () => {
    expect([LISTEN_BACKLOG_DEFAULT, SOMAXCONN_DEFAULT]).toEqual([511, 4096]);
    expect(DISPATCH_DEFAULT).toEqual({ node: "reuseport", nginx: "shared", generic: "shared" });
  });

  test("ticket lifetimes: Node 7200 s, nginx 300 s; only nginx TLS 1.3 renews on resumption", () => {
    expect(ticketDefaults("node", "1.3")).toEqual({ enabled: true, lifetimeSec: 7200, renewOnResume: false });
    expect(ticketDefaults("nginx", "1.3")).toEqual({ enabled: true, lifetimeSec: 300, renewOnResume: true });
    expect(ticketDefaults("nginx", "1.2").renewOnResume).toBe(false);
    expect(ticketDefaults("generic", "1.3").enabled).toBe(false);
  });

  test("session caches: nginx FIFO 300 s with builtin 20480, Node unbounded 7200 s, generic needs a capacity", () => {
    expect(sessionCacheDefaults("nginx", "worker")).toEqual({ capacityEntries: 20480, eviction: "fifo", lifetimeSec: 300 });
    expect(sessionCacheDefaults("nginx", "instance").capacityEntries).toBeUndefined();
    expect(sessionCacheDefaults("node", "instance")).toEqual({ capacityEntries: Infinity, eviction: "lru", lifetimeSec: 7200 });
    expect(sessionCacheDefaults("generic", "fleet").capacityEntries).toBeUndefined();
  });

  test("a TLS 1.3 full handshake stores 2 cache entries on Node and nginx", () => {
    expect([entriesPerFullHandshakeDefault("nginx", "1.3"), entriesPerFullHandshakeDefault("node", "1.3")]).toEqual([2, 2]);
    expect([entriesPerFullHandshakeDefault("nginx", "1.2"), entriesPerFullHandshakeDefault("generic", "1.3")]).toEqual([1, 1]);
  });

  test("a certificate rotation reloads nginx and keeps ticket keys only with key files", () => {
    expect(certificateRotationDefaults("nginx", false)).toEqual({ flushCache: false, rotateTicketKeys: true, restartWorkers: true });
    expect(certificateRotationDefaults("nginx", true).rotateTicketKeys).toBe(false);
    expect(certificateRotationDefaults("node", false)).toEqual({ flushCache: false, rotateTicketKeys: true, restartWorkers: false });
    expect(certificateRotationDefaults("generic", false)).toEqual({ flushCache: false, rotateTicketKeys: false, restartWorkers: false });
  });
});
