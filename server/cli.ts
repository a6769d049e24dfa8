#!/usr/bin/env node
// The `zstack-model-services` bin.
import { buildProgram, serve } from "./cli-program.js";

await buildProgram(serve).parseAsync(process.argv);
