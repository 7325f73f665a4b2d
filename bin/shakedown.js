#!/usr/bin/env node
// The `shakedown` command: registers tsx (the CLI is TypeScript, run without a build step), then
// runs cli/main.ts with this process's arguments and exits with its code (0 ok, 1 internal
// failure, 2 bad usage or invalid scenario).
import { register } from "tsx/esm/api";

register();
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv);
