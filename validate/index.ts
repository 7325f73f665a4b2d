/**
 * The validation harness: real TLS servers (Node's node:tls, nginx) and an open-loop load
 * generator on this machine, calibration of the simulator's handshake costs from what the servers
 * use, predictions of the same scenarios, and the comparison and its report. Node-only (it starts
 * processes and reads /proc). `shakedown validate` (cli/commands/validate.ts) is its front end.
 */
export { runValidation, preflight, calibrationPlan, EXPERIMENTS_DIR, type ValidationOptions } from "./runner.js";
export { EXPERIMENTS, type ExperimentPlan, type PointPlan, type ServerName } from "./experiments.js";
export { Bench, type BenchOptions, type MeasureOptions } from "./bench.js";
export { calibrate, costAt, capacityOf, costOverrides, calibrationKey, pointsOf, type CalibrationEntry, type CalibrationPlan, type CostPoint, type CostSample } from "./calibration.js";
export { probeNodeCache, probeNginx1m, verdictsOf, type NodeCacheProbe, type Nginx1mProbe } from "./claims.js";
export { loadExperimentFile, pointScenario, serverOf, type ExperimentFile, type PointScenario } from "./experimentFile.js";
export { compareValues, metricValue, windowMean, windowMax, recoverySec, resumptionRecoverySec, TOLERANCES, type MetricSpec, type Tolerance, type CommonSeries } from "./metrics.js";
export { machineInfo, type ValidationResult, type ValidationPoint, type PointRunRecord, type Verdict, type MachineInfo } from "./result.js";
export { validationReport, validationCharts, toleranceTallies, pointsTable, type ValidationChart, type ToleranceTally } from "./report.js";
export { writeValidation, calibrationFile } from "./writeReport.js";
export { measurePoint, invalidReasons, DEFAULT_LIMITS, type HygieneLimits, type MeasuredPoint, type PointHygiene, type PointRun } from "./measure/point.js";
export { summarizeRecords, seriesOfRecords, resumedByConnection, quantileSorted, type MeasuredSummary, type MeasuredSeries, type SummaryWindow } from "./measure/summary.js";
export { buildArrivalSchedule, explicitSchedule, MAX_SCHEDULED_CONNECTIONS, type ArrivalSchedule } from "./loadgen/schedule.js";
export { startGenerator, type LoadGenerator } from "./loadgen/generator.js";
export { runOpenLoop, type GeneratorRunConfig, type GeneratorRunResult } from "./loadgen/openLoopClient.js";
export { Outcome, ConnectionFate, RecordBuffer, TimeHeap, type AttemptRecords } from "./loadgen/records.js";
export { ProcessGroup, killGroup, isAlive, groupMembers, readStat, waitUntil, type SpawnSpec, type TrackedProcess, type ProcStat } from "./procs/processGroup.js";
export { groupCpuSec, processCpuSec, machineCpu, kernelCounters, counterDelta, snapshot, cpuDelta, CLOCK_TICKS_PER_SEC, type KernelCounters, type MachineCpu, type HygieneSnapshot, type HygieneDelta } from "./procs/machine.js";
export { generateCertificate, CERTIFICATE_KEYS, type Certificate, type CertificateKeyType } from "./servers/certs.js";
export { serverSpecFromScenario, rawFleetFields, UnsupportedScenarioError, type ServerSpec, type SessionStoreSpec, type ServerChoices } from "./servers/serverSpec.js";
export { startNodeServer, type NodeServer, type StartNodeServerOptions } from "./servers/nodeServer.js";
export { startNginx, nginxBinary, nginxVersion, freePort, portAccepts, type StartNginxOptions } from "./servers/nginxServer.js";
export { nginxConfig, type NginxConfigInput } from "./servers/nginxConfig.js";
export { ServerStartError, awaitMessage, type RealServer } from "./servers/realServer.js";
