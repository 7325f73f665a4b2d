// Entry of the Node TLS server process (and of its cluster workers): child processes do not
// inherit the harness's tsx loader, so register it before importing the TypeScript module.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./nodeServerMain.ts");
main();
