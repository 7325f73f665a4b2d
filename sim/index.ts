/** The engine's public API: one re-export per concept (see each file for its documentation). */
export { Calendar, type EventHandle, type EventRecord } from "./calendar.js";
export { Engine, type Clock, type EventHandler } from "./engine.js";
export { InvariantError, requireParam } from "./errors.js";
export { RandomStreams, streamSeedKey, type RandomStream } from "./random.js";
export { makeSampler, distributionMoments, type Sampler, type DistributionSpec } from "./distributions.js";
export { uniformIndex, zipfIndex, type IndexSampler } from "./discrete.js";
export { IntQueue } from "./intQueue.js";
export { ArrivalProcess, type ArrivalProcessOptions } from "./source.js";
export { Station, type StationOptions, type StationAdmission } from "./station.js";
export { Counter, type CounterSnapshot } from "./stats/counter.js";
export { TimeWeighted, type TimeWeightedSnapshot } from "./stats/timeWeighted.js";
export { Histogram, type HistogramSummary } from "./stats/histogram.js";
export { WindowedHistogram, type WindowedHistogramSnapshot, type WindowSummary } from "./stats/windowedHistogram.js";
export { StatsScope, type StatsSnapshot, type StatsScopeOptions } from "./stats/scope.js";
export { confidenceInterval, studentTQuantile, studentTCdf, type Estimate } from "./experiment/confidence.js";
export { runReplications, runWithWarmup, scalarsOf, summarizeReplications } from "./experiment/replications.js";
export { stableStringify } from "./experiment/stableJson.js";
