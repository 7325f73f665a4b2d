// Entry of a piscina worker thread (plain JS): worker threads do not inherit the main thread's
// tsx loader, so register it here before importing the TypeScript module. See cli/pool.ts.
import { register } from "tsx/esm/api";

register();
const { runReplicationRequest } = await import("./worker.ts");

export default runReplicationRequest;
