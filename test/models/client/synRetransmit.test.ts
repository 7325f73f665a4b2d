import { describe, expect, test } from "vitest";
import { InvariantError } from "../../../sim/errors.js";
import {
  LINUX_SYN_DEFAULTS,
  synGiveUpDelaySec,
  synRetransmitDelaySec,
  synRetransmitSchedule,
  validateSynRetransmitOptions,
} from "../../../models/client/synRetransmit.js";

describe("Linux defaults", () => {
  test("retransmissions come at 1, 3, 7, 15, 31, 63 s after the first SYN and the client gives up at 127 s", () => {
    expect(synRetransmitSchedule(LINUX_SYN_DEFAULTS)).toEqual({ retransmitAtSec: [1, 3, 7, 15, 31, 63], giveUpAtSec: 127 });
  });

  test("each delay doubles from 1 s and the seventh retransmission is refused", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((k) => synRetransmitDelaySec(LINUX_SYN_DEFAULTS, k));
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, -1]);
    expect(synGiveUpDelaySec(LINUX_SYN_DEFAULTS)).toBe(64);
  });

  test("the defaults are 1 s, 6 retries, 120 s cap, and frozen", () => {
    expect(LINUX_SYN_DEFAULTS).toEqual({ initialRtoSec: 1, synRetries: 6, maxRtoSec: 120 });
    expect(Object.isFrozen(LINUX_SYN_DEFAULTS)).toBe(true);
  });
});

describe("other settings", () => {
  test("synRetries 2 gives retransmissions at 1 and 3 s and give-up at 7 s", () => {
    expect(synRetransmitSchedule({ initialRtoSec: 1, synRetries: 2 })).toEqual({ retransmitAtSec: [1, 3], giveUpAtSec: 7 });
  });

  test("synRetries 0 sends no retransmission and gives up after one timeout", () => {
    expect(synRetransmitSchedule({ initialRtoSec: 1, synRetries: 0 })).toEqual({ retransmitAtSec: [], giveUpAtSec: 1 });
    expect(synRetransmitDelaySec({ initialRtoSec: 1, synRetries: 0 }, 1)).toBe(-1);
  });

  test("maxRtoSec caps the doubling", () => {
    expect(synRetransmitSchedule({ initialRtoSec: 1, synRetries: 4, maxRtoSec: 3 })).toEqual({ retransmitAtSec: [1, 3, 6, 9], giveUpAtSec: 12 });
  });

  test("with 8 retries the 120 s default cap applies, matching the kernel's 127 + 2 × 120 = 367 s", () => {
    expect(synRetransmitSchedule({ initialRtoSec: 1, synRetries: 8 })).toEqual({
      retransmitAtSec: [1, 3, 7, 15, 31, 63, 127, 247],
      giveUpAtSec: 367,
    });
  });
});

describe("errors", () => {
  test("a retransmission number below 1 or fractional is a broken invariant", () => {
    expect(() => synRetransmitDelaySec(LINUX_SYN_DEFAULTS, 0)).toThrow(InvariantError);
    expect(() => synRetransmitDelaySec(LINUX_SYN_DEFAULTS, 1.5)).toThrow(InvariantError);
    expect(() => synRetransmitDelaySec(LINUX_SYN_DEFAULTS, Number.NaN)).toThrow(InvariantError);
  });

  test("bad options are rejected naming the field", () => {
    const path = "clients.syn";
    expect(() => validateSynRetransmitOptions({ initialRtoSec: 0, synRetries: 6 }, path)).toThrow("clients.syn.initialRtoSec: must be a finite number > 0 (got 0)");
    expect(() => validateSynRetransmitOptions({ initialRtoSec: Number.NaN, synRetries: 6 }, path)).toThrow("clients.syn.initialRtoSec");
    expect(() => validateSynRetransmitOptions({ initialRtoSec: 200, synRetries: 6 }, path)).toThrow("clients.syn.initialRtoSec: must be <= maxRtoSec (default 120) (got 200)");
    expect(() => validateSynRetransmitOptions({ initialRtoSec: 1, synRetries: -1 }, path)).toThrow("clients.syn.synRetries: must be an integer in [0, 127] (got -1)");
    expect(() => validateSynRetransmitOptions({ initialRtoSec: 1, synRetries: 2.5 }, path)).toThrow("clients.syn.synRetries");
    expect(() => validateSynRetransmitOptions({ initialRtoSec: 1, synRetries: 128 }, path)).toThrow("clients.syn.synRetries");
    expect(() => validateSynRetransmitOptions({ initialRtoSec: 2, synRetries: 6, maxRtoSec: 1 }, path)).toThrow(
      "clients.syn.maxRtoSec: must be a finite number >= initialRtoSec (2) (got 1)",
    );
    expect(() => synRetransmitSchedule({ initialRtoSec: 1, synRetries: -3 })).toThrow("synRetransmit.synRetries");
  });

  test("valid options pass validation", () => {
    expect(() => validateSynRetransmitOptions(LINUX_SYN_DEFAULTS)).not.toThrow();
  });
});
