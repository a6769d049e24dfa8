// Combines full runs of `npm run bench` into their median (lib/median.ts), printed and written as one report.
// Usage: tsx bench/median.ts OUT RUN.json RUN.json RUN.json
import { readFileSync } from "node:fs";
import { medianOfRuns } from "./lib/median.js";
import { type BenchReport, printReport, writeReport } from "./lib/report.js";

const [out, ...inputs] = process.argv.slice(2);
if (!out || inputs.length === 0) {
  console.error("usage: tsx bench/median.ts OUT RUN.json [RUN.json ...]");
  process.exit(2);
}
const report = medianOfRuns(inputs.map((file) => JSON.parse(readFileSync(file, "utf8")) as BenchReport));
printReport(report);
writeReport(out, report);
console.log(`the median of ${inputs.length} runs written to ${out}`);
