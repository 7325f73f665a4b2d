/**
 * The load balancer in front of the fleet: which instance a new connection attempt goes to.
 *   round-robin        instances in turn
 *   random             uniform, from the "balancer" stream
 *   least-connections  fewest open connections (accept queue + handshaking + established); ties go
 *                      to the first such instance after the previous pick, so ties rotate
 *   sticky             a fixed instance per client (multiplicative hash of the client id, so that
 *                      Zipf ranks do not all land on one instance)
 * The balancer does not health-check: an instance that is restarting still gets its share and
 * refuses it (the client sees a reset and its retry policy applies).
 */
import { requireParam } from "../../sim/errors.js";
import type { RandomStream } from "../../sim/random.js";
import type { BalancerKind } from "../scenario/types.js";

const KINDS: readonly BalancerKind[] = ["round-robin", "random", "least-connections", "sticky"];

/** Instance picker. `connections` is read (not copied) for least-connections. */
export class Balancer {
  private readonly code: number;
  private readonly instances: number;
  private readonly stream: RandomStream;
  private readonly connections: Int32Array;
  private next: number;

  /** @throws RangeError for an unknown kind or instances < 1. */
  constructor(kind: BalancerKind, instances: number, stream: RandomStream, connections: Int32Array) {
    requireParam(KINDS.includes(kind), "fleet.balancer", `one of ${KINDS.map((k) => `"${k}"`).join(", ")}`, kind);
    requireParam(Number.isInteger(instances) && instances >= 1, "fleet.instances", "an integer >= 1", instances);
    this.code = KINDS.indexOf(kind);
    this.instances = instances;
    this.stream = stream;
    this.connections = connections;
    this.next = 0;
  }

  /** The instance for a new attempt of `clientId`. */
  pick(clientId: number): number {
    const k = this.instances;
    if (k === 1) return 0;
    switch (this.code) {
      case 0: {
        const i = this.next;
        this.next = i + 1 === k ? 0 : i + 1;
        return i;
      }
      case 1:
        return Math.floor(this.stream.next() * k);
      case 2: {
        let best = this.next;
        let bestCount = this.connections[best];
        for (let j = 1; j < k; j++) {
          const i = (this.next + j) % k;
          if (this.connections[i] < bestCount) {
            best = i;
            bestCount = this.connections[i];
          }
        }
        this.next = best + 1 === k ? 0 : best + 1;
        return best;
      }
      default:
        // Knuth's multiplicative hash (TAOCP vol. 3 §6.4), 2654435761 = floor(2^32 / golden ratio)
        return (Math.imul(clientId, 2654435761) >>> 0) % k;
    }
  }
}
