// Benchmarked servers run as `npm start` runs them, including the environment its script sets before `node`
// (MALLOC_TRIM_THRESHOLD_: see README → Performance). Read from package.json so the two cannot drift apart.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../server/package-root.js";

/** The `NAME=value` assignments that precede `node` in the `start` script. */
export function startScriptEnv(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
  };
  const script = pkg.scripts?.start ?? "";
  const env: Record<string, string> = {};
  for (const word of script.split(/\s+/)) {
    const assignment = /^([A-Z_][A-Z0-9_]*)=(\S*)$/.exec(word);
    if (!assignment) break;
    env[assignment[1]!] = assignment[2]!;
  }
  return env;
}
