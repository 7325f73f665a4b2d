/**
 * TCP SYN retransmission of a client whose SYN was dropped (the server's listen backlog was full).
 *
 * Linux: the first retransmission timeout is TCP_TIMEOUT_INIT = 1 s (RFC 6298 §2.1; include/net/tcp.h), and it
 * doubles after every retransmission, capped at TCP_RTO_MAX = 120 s (include/net/tcp.h). The client retransmits at
 * most net.ipv4.tcp_syn_retries times (default 6, man 7 tcp), then waits one more timeout and fails with ETIMEDOUT:
 *
 *   retransmission k (1-based) is sent min(maxRto, initialRto * 2^(k-1)) after the previous send;
 *   give-up comes min(maxRto, initialRto * 2^synRetries) after the last retransmission.
 *
 * Linux defaults: retransmissions at 1, 3, 7, 15, 31, 63 s after the first SYN, give-up at 127 s. This matches the kernel's
 * tcp_model_timeout(), which for tcp_syn_retries = 7 also gives 127 + 120 = 247 s.
 * Measured here: connect latency modes at 1 s / 3 s / 7 s past saturation (tls-ground-truth.md §7.5, §10.4).
 */
import { InvariantError, requireParam } from "../../sim/errors.js";

/**
 * Options of the SYN retransmission schedule. All times in seconds.
 * initialRtoSec: first retransmission timeout, finite > 0 and <= maxRtoSec. synRetries: retransmissions before giving up, integer in [0, 127]
 * (the kernel's MAX_TCP_SYNCNT; 0 means give up after one timeout). maxRtoSec: cap on the doubled timeout, finite >= initialRtoSec,
 * default 120 (Linux TCP_RTO_MAX).
 */
export interface SynRetransmitOptions {
  initialRtoSec: number;
  synRetries: number;
  maxRtoSec?: number;
}

/** Linux defaults: TCP_TIMEOUT_INIT 1 s, tcp_syn_retries 6 (man 7 tcp), TCP_RTO_MAX 120 s (include/net/tcp.h). */
export const LINUX_SYN_DEFAULTS: Readonly<SynRetransmitOptions> = Object.freeze({ initialRtoSec: 1, synRetries: 6, maxRtoSec: 120 });

/** Default cap on the retransmission timeout (s): Linux TCP_RTO_MAX. */
const DEFAULT_MAX_RTO_SEC = 120;
/** Largest tcp_syn_retries the kernel accepts (MAX_TCP_SYNCNT, include/net/tcp.h). */
const MAX_SYN_RETRIES = 127;

function isFiniteNumber(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

/**
 * Checks SYN retransmission options; call it once at wiring, since {@link synRetransmitDelaySec} does not re-check them.
 * @throws RangeError naming the field, e.g. `clients.syn.synRetries: must be an integer in [0, 127] (got -1)`.
 */
export function validateSynRetransmitOptions(options: SynRetransmitOptions, path = "synRetransmit"): void {
  requireParam(typeof options === "object" && options !== null, path, "an object with initialRtoSec and synRetries", options);
  const { initialRtoSec, synRetries, maxRtoSec } = options;
  requireParam(isFiniteNumber(initialRtoSec) && initialRtoSec > 0, path + ".initialRtoSec", "a finite number > 0", initialRtoSec);
  if (maxRtoSec === undefined) {
    requireParam(initialRtoSec <= DEFAULT_MAX_RTO_SEC, path + ".initialRtoSec", "<= maxRtoSec (default " + String(DEFAULT_MAX_RTO_SEC) + ")", initialRtoSec);
  }
  requireParam(
    Number.isInteger(synRetries) && synRetries >= 0 && synRetries <= MAX_SYN_RETRIES,
    path + ".synRetries",
    "an integer in [0, " + String(MAX_SYN_RETRIES) + "]",
    synRetries,
  );
  if (maxRtoSec !== undefined) {
    requireParam(isFiniteNumber(maxRtoSec) && maxRtoSec >= initialRtoSec, path + ".maxRtoSec", "a finite number >= initialRtoSec (" + String(initialRtoSec) + ")", maxRtoSec);
  }
}

/**
 * Delay (s) before retransmission number `retransmission` (1-based), counted from the previous send of the SYN;
 * -1 if retransmission > synRetries (the client sends no more SYNs and gives up {@link synGiveUpDelaySec} after its last send).
 * Options must have passed {@link validateSynRetransmitOptions}. Allocates nothing.
 * @throws InvariantError if retransmission is not an integer >= 1.
 */
export function synRetransmitDelaySec(options: SynRetransmitOptions, retransmission: number): number {
  if (!(Number.isInteger(retransmission) && retransmission >= 1)) {
    throw new InvariantError(`synRetransmitDelaySec: retransmission must be an integer >= 1 (got ${retransmission})`);
  }
  if (retransmission > options.synRetries) return -1;
  return rtoSec(options, retransmission - 1);
}

/**
 * Delay (s) from the last retransmission (or from the first SYN if synRetries is 0) until the client gives up with
 * ETIMEDOUT: min(maxRto, initialRto * 2^synRetries). Options must have passed {@link validateSynRetransmitOptions}. Allocates nothing.
 */
export function synGiveUpDelaySec(options: SynRetransmitOptions): number {
  return rtoSec(options, options.synRetries);
}

/**
 * The whole schedule, as offsets (s) from the first SYN: when each retransmission is sent, and when the client gives up.
 * Linux defaults give retransmitAtSec [1, 3, 7, 15, 31, 63] and giveUpAtSec 127. Allocates (not for hot paths).
 * @throws RangeError if the options are invalid (see {@link validateSynRetransmitOptions}).
 */
export function synRetransmitSchedule(options: SynRetransmitOptions): { retransmitAtSec: number[]; giveUpAtSec: number } {
  validateSynRetransmitOptions(options);
  const retransmitAtSec: number[] = [];
  let atSec = 0;
  for (let k = 1; k <= options.synRetries; k++) {
    atSec += synRetransmitDelaySec(options, k);
    retransmitAtSec.push(atSec);
  }
  return { retransmitAtSec, giveUpAtSec: atSec + synGiveUpDelaySec(options) };
}

/** The timeout after `doublings` doublings: min(maxRto, initialRto * 2^doublings). */
function rtoSec(options: SynRetransmitOptions, doublings: number): number {
  const maxRtoSec = options.maxRtoSec === undefined ? DEFAULT_MAX_RTO_SEC : options.maxRtoSec;
  const t = options.initialRtoSec * Math.pow(2, doublings);
  return t < maxRtoSec ? t : maxRtoSec;
}
