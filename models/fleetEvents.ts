/**
 * Scheduled disruptions: ticket-key rotation, cache flush, worker and instance restarts, and
 * certificate rotation (the combination of those the scenario states), each at once or staggered
 * evenly across the fleet over a window.
 *
 * Staggering: instance i of K acts at atSec + staggerSec * i / K; for worker restarts, worker g of
 * the fleet's N workers acts at atSec + staggerSec * g / N (a rolling restart). Something shared by
 * the whole fleet (a fleet-wide ticket key or external cache) changes once, at atSec.
 * Restarts regenerate per-process ticket keys unless the scenario says keys survive a restart
 * (nginx with ssl_session_ticket_key files; tls-ground-truth §3: a reload without key files
 * regenerates them).
 */
import type { Engine, EventHandler } from "../sim/engine.js";
import type { Edge } from "./edge.js";
import type { FleetEvent, FleetSpec } from "./scenario/types.js";
import type { Resumption } from "./tls/resumption.js";

const Action = { RotateKeys: 0, FlushCache: 1, RestartWorker: 2, RestartInstance: 3, RotateFleetKeys: 4, FlushFleetCache: 5 } as const;

interface PlannedAction {
  atSec: number;
  action: number;
  index: number;
}

/** Expands the scenario's events into timed actions, in time order (ties in listed order). Pure. */
export function planFleetEvents(events: readonly FleetEvent[], fleet: FleetSpec): PlannedAction[] {
  const K = fleet.instances;
  const N = K * fleet.workersPerInstance;
  const fleetKeys = fleet.tickets.keyScope === "fleet";
  const fleetCache = fleet.sessionCache.scope === "fleet";
  const out: PlannedAction[] = [];
  const perInstance = (e: FleetEvent, action: number) => {
    for (let i = 0; i < K; i++) out.push({ atSec: e.atSec + (e.staggerSec * i) / K, action, index: i });
  };
  for (const e of events) {
    const rotate = e.kind === "rotate-ticket-keys" || (e.kind === "rotate-certificate" && e.rotateTicketKeys);
    const flush = e.kind === "flush-cache" || (e.kind === "rotate-certificate" && e.flushCache);
    if (rotate) {
      if (fleetKeys) out.push({ atSec: e.atSec, action: Action.RotateFleetKeys, index: 0 });
      else perInstance(e, Action.RotateKeys);
    }
    if (flush) {
      if (fleetCache) out.push({ atSec: e.atSec, action: Action.FlushFleetCache, index: 0 });
      else perInstance(e, Action.FlushCache);
    }
    if (e.kind === "restart-workers" || (e.kind === "rotate-certificate" && e.restartWorkers)) {
      for (let g = 0; g < N; g++) out.push({ atSec: e.atSec + (e.staggerSec * g) / N, action: Action.RestartWorker, index: g });
    }
    if (e.kind === "restart-instances") perInstance(e, Action.RestartInstance);
  }
  return out.map((a, order) => ({ a, order })).sort((x, y) => x.a.atSec - y.a.atSec || x.order - y.order).map((x) => x.a);
}

/** Runs the planned disruptions on an edge model. */
export class FleetEvents implements EventHandler {
  readonly plan: PlannedAction[];
  /** Actions carried out so far. */
  done: number;
  private readonly engine: Engine;
  private readonly kind: number;
  private readonly edge: Edge;
  private readonly resumption: Resumption;
  private readonly fleet: FleetSpec;

  constructor(engine: Engine, options: { events: readonly FleetEvent[]; fleet: FleetSpec; edge: Edge; resumption: Resumption }) {
    this.engine = engine;
    this.kind = engine.register(this);
    this.plan = planFleetEvents(options.events, options.fleet);
    this.edge = options.edge;
    this.resumption = options.resumption;
    this.fleet = options.fleet;
    this.done = 0;
  }

  /** Schedules every planned action. */
  start(): void {
    this.plan.forEach((a, i) => this.engine.scheduleAt(a.atSec, this.kind, i, 0));
  }

  handle(_kind: number, target: number): void {
    const a = this.plan[target];
    const regenerate = !this.fleet.tickets.keysSurviveRestart;
    this.done++;
    switch (a.action) {
      case Action.RotateKeys:
      case Action.RotateFleetKeys:
        this.resumption.rotateKeys(a.index);
        return;
      case Action.FlushCache:
      case Action.FlushFleetCache:
        this.resumption.flushCaches(a.action === Action.FlushFleetCache ? -1 : a.index);
        return;
      case Action.RestartWorker:
        this.edge.restartWorker(a.index, regenerate);
        return;
      case Action.RestartInstance:
        this.edge.restartInstance(a.index, this.fleet.restartDowntimeSec, regenerate);
        return;
    }
  }
}
