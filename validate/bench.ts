/**
 * The bench: the machine side of a validation run. Owns the tracked processes (one load generator
 * for the whole run, servers started and stopped per configuration), the certificates and the
 * scratch directory, and measures scenarios on real servers. Server on CPU 0, generator on CPU 1,
 * each in its own autogroup at nice −19 (tls-ground-truth.md §1). Always {@link close} it (it
 * stops every process it started, also on errors).
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Scenario } from "../models/scenario/types.js";
import { startGenerator, type LoadGenerator } from "./loadgen/generator.js";
import type { GeneratorRunConfig } from "./loadgen/openLoopClient.js";
import { buildArrivalSchedule, type ArrivalSchedule } from "./loadgen/schedule.js";
import { measurePoint, type HygieneLimits, type MeasuredPoint } from "./measure/point.js";
import { ProcessGroup } from "./procs/processGroup.js";
import { generateCertificate, type Certificate, type CertificateKeyType } from "./servers/certs.js";
import { startNginx } from "./servers/nginxServer.js";
import { startNodeServer, type NodeServer } from "./servers/nodeServer.js";
import type { RealServer } from "./servers/realServer.js";
import type { ServerSpec } from "./servers/serverSpec.js";

/** Options of a {@link Bench}. */
export interface BenchOptions {
  limits: HygieneLimits;
  /** Raise priority of server and generator (own autogroup, nice −19). Default true. */
  raisePriority?: boolean;
  serverCpu?: number | null;
  clientCpu?: number | null;
  /** Scratch directory (created; removed on close if the bench created it). */
  workDir?: string;
}

/** How to measure a scenario on a server. */
export interface MeasureOptions {
  /** Replication whose arrivals and clients the run uses (default 0). */
  replication?: number;
  /** Ticket-key rotations during the run (s from t = 0). */
  rotateAtSec?: readonly number[];
  /** Times (s from t = 0) at which to read the server's CPU (MeasuredPoint.serverCpuMarks). */
  cpuMarksSec?: readonly number[];
  /** Sample the server's run time every 10 ms (MeasuredPoint.serverRunSamples). */
  sampleServerRunTime?: boolean;
  /** A schedule instead of the scenario's arrivals (probes with explicit clients). */
  schedule?: ArrivalSchedule;
  /** Hygiene limits of this point (default: the bench's). */
  limits?: HygieneLimits;
}

/** A started server and what the bench knows about it. */
export interface BenchServer {
  server: RealServer;
  spec: ServerSpec;
}

/** The machine side of a validation run. */
export class Bench {
  readonly group = new ProcessGroup();
  readonly limits: HygieneLimits;
  readonly raisePriority: boolean;
  private readonly serverCpu: number | null;
  private readonly clientCpu: number | null;
  private readonly dir: string;
  private readonly ownsDir: boolean;
  private readonly certs = new Map<CertificateKeyType, Certificate>();
  private generator: LoadGenerator | null = null;
  private servers = 0;

  constructor(options: BenchOptions) {
    this.limits = options.limits;
    this.raisePriority = options.raisePriority ?? true;
    this.serverCpu = options.serverCpu === undefined ? 0 : options.serverCpu;
    this.clientCpu = options.clientCpu === undefined ? 1 : options.clientCpu;
    this.ownsDir = options.workDir === undefined;
    this.dir = options.workDir ?? mkdtempSync(join(tmpdir(), "shakedown-validate-"));
    mkdirSync(this.dir, { recursive: true });
  }

  /** The certificate of a key type (generated once per bench). */
  certificate(key: CertificateKeyType): Certificate {
    let cert = this.certs.get(key);
    if (cert === undefined) {
      mkdirSync(join(this.dir, "certs"), { recursive: true });
      cert = generateCertificate(join(this.dir, "certs"), key);
      this.certs.set(key, cert);
    }
    return cert;
  }

  /** The load generator (started on first use). */
  async loadGenerator(): Promise<LoadGenerator> {
    if (this.generator === null || this.generator.process.hasExited()) {
      this.generator = await startGenerator(this.group, { cpu: this.clientCpu, raisePriority: this.raisePriority });
    }
    return this.generator;
  }

  /**
   * Starts a server for `spec` (Node or nginx) on a free port.
   * @throws ServerStartError if it cannot start (nothing is left running).
   */
  async startServer(spec: ServerSpec, options: { port?: number } = {}): Promise<RealServer> {
    const certificate = this.certificate(spec.certificate);
    const common = { spec, certificate, cpu: this.serverCpu, raisePriority: this.raisePriority, ...(options.port !== undefined ? { port: options.port } : {}) };
    if (spec.software === "node") return startNodeServer(this.group, common);
    return startNginx(this.group, { ...common, dir: join(this.dir, `nginx-${++this.servers}`) });
  }

  /** Runs `fn` with a server for `spec`, and stops the server afterwards whatever happens. */
  async withServer<T>(spec: ServerSpec, fn: (server: RealServer) => Promise<T>): Promise<T> {
    const server = await this.startServer(spec);
    try {
      return await fn(server);
    } finally {
      await server.stop();
    }
  }

  /**
   * Measures `scenario` on `server`: its arrivals (replication r), clients, timeout and retry
   * policy, over its run window ([warmup, duration), windows of run.window).
   */
  async measure(server: RealServer, scenario: Scenario, options: MeasureOptions = {}): Promise<MeasuredPoint> {
    const generator = await this.loadGenerator();
    const replication = options.replication ?? 0;
    const schedule = options.schedule ?? buildArrivalSchedule(scenario, replication);
    const n = schedule.timesSec.length;
    const last = n > 0 ? schedule.timesSec[n - 1]! : 0;
    const { clients, run } = scenario;
    const config: GeneratorRunConfig = {
      port: server.port,
      tlsVersion: scenario.fleet.tlsVersion,
      schedule,
      population: Math.max(clients.population, maxOf(schedule.clientIds) + 1),
      timeoutSec: Number.isFinite(clients.timeoutSec) ? clients.timeoutSec : null,
      retry: clients.retry,
      seed: run.seed,
      replication,
      drainSec: Math.max(0, run.durationSec - last),
    };
    const node = server.spec.software === "node" ? (server as NodeServer) : null;
    return measurePoint({
      server,
      generator,
      config,
      window: { warmupSec: run.warmupSec, durationSec: run.durationSec, windowSec: run.windowSec },
      ...(options.rotateAtSec !== undefined ? { rotateAtSec: options.rotateAtSec } : {}),
      ...(options.cpuMarksSec !== undefined ? { cpuMarksSec: options.cpuMarksSec } : {}),
      ...(options.sampleServerRunTime === true ? { sampleServerRunTime: true } : {}),
      limits: options.limits ?? this.limits,
      ...(node !== null ? { serverCounters: () => node.stats() } : {}),
    });
  }

  /** Stops every process the bench started and removes its scratch directory (if it created it). */
  async close(): Promise<void> {
    await this.group.stopAll();
    this.generator = null;
    if (this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
  }
}

function maxOf(values: Int32Array): number {
  let m = 0;
  for (const v of values) if (v > m) m = v;
  return m;
}
