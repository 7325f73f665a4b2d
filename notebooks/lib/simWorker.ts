/**
 * Web Worker entry of the notebooks: answers each {@link SimRequest} posted to it with progress
 * replies and one "done" or "error" reply (see simJob.ts). Created by simClient.ts with
 * `new Worker(import.meta.resolve("./simWorker.js"), {type: "module"})`; Observable Framework
 * bundles it (and its imports) as a local module of the page. This module's only effect is to
 * install the message handler: it is a worker entry point, imported by nothing.
 */
import { replyTo, type SimReply, type SimRequest } from "./simJob.js";

interface WorkerScope {
  onmessage: ((event: { data: SimRequest }) => void) | null;
  postMessage(reply: SimReply): void;
}

const scope = globalThis as unknown as WorkerScope;
scope.onmessage = (event) => {
  void replyTo(event.data, (reply) => scope.postMessage(reply));
};
