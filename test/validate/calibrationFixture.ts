/** Calibration entries for tests: a cost point, and a Node TLS 1.3 entry (1 ms of work per connection) with whatever a test changes. */
import type { CalibrationEntry, CostPoint } from "../../validate/calibration.js";

/** A cost point measured once at `ratePerSec`, mean = min = max. */
export const pt = (ratePerSec: number, meanSec: number): CostPoint => ({ ratePerSec, meanSec, minSec: meanSec, maxSec: meanSec, repeats: 1 });

/** node/rsa-2048/tls1.3/work1000us: 2.5 ms per full handshake at 200/s, 2 ms at 500/s (its capacity), resumed 1.5 ms, 400 us of RTT, cv 0.5; `patch` replaces fields. */
export function nodeCalibration(patch: Partial<CalibrationEntry> = {}): CalibrationEntry {
  return {
    key: "node/rsa-2048/tls1.3/work1000us",
    server: "node",
    certificate: "rsa-2048",
    tlsVersion: "1.3",
    workSec: 0.001,
    full: [pt(200, 0.0025), pt(500, 0.002)],
    resumed: [pt(200, 0.0015)],
    capacityPerSec: 500,
    saturatedServerCores: 1,
    rttSec: 0.0004,
    cv: 0.5,
    samples: [],
    ...patch,
  };
}
