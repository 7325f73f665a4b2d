// Entry of the load-generator process: child processes do not inherit the harness's tsx loader,
// so register it before importing the TypeScript module.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./generatorMain.ts");
main();
