// `npm run bench`: every scenario against servers in their own processes, load from another process, then a
// table, the targets and bench/results/latest.json. Exits non-zero when any scenario failed (a non-2xx
// answer, a server that would not start) so that a regression cannot pass unnoticed.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { packageRoot } from "../server/package-root.js";
import { buildEntries, removeBuild, sourceEntries } from "./lib/build.js";
import { measureStartup, soak, type SoakResult, type StartupResult } from "./lib/lifecycle.js";
import { failedResult, type ScenarioResult } from "./lib/measure.js";
import { parseBenchOptions, wants, type ScenarioName } from "./lib/options.js";
import {
  checkTargets,
  machine,
  printReport,
  settingsOf,
  targetOf,
  tidy,
  writeReport,
  type BenchReport,
} from "./lib/report.js";
import * as ownServers from "./lib/own-servers.js";
import * as scenarios from "./lib/scenarios.js";
import { seededFile, type SeededKind } from "./lib/seed.js";

const options = parseBenchOptions(process.argv.slice(2));
const dir = mkdtempSync(join(tmpdir(), "zms-bench-"));
const buildStarted = performance.now();
const entries = options.runtime === "tsx" ? sourceEntries : buildEntries();
const buildSeconds = (performance.now() - buildStarted) / 1000;
const context: scenarios.BenchContext = { options, dir, entries };
const results: ScenarioResult[] = [];
const runStarted = performance.now();

function log(message: string): void {
  console.log(`[${((performance.now() - runStarted) / 1000).toFixed(0).padStart(4)} s] ${message}`);
}

async function scenario(name: ScenarioName, run: () => Promise<ScenarioResult>): Promise<void> {
  if (!wants(options, name)) return;
  log(`${name} ...`);
  const result = await run().catch((error: unknown) => failedResult(name, error));
  results.push(result);
  const outcome = result.failed
    ? `FAILED: ${result.note}`
    : result.skipped
      ? `skipped: ${result.note}`
      : `${result.requestsPerSecond?.toFixed(0)} req/s, p99 ${result.p99Ms?.toFixed(2)} ms`;
  log(`${name}: ${outcome}`);
}

log(
  options.runtime === "tsx"
    ? "servers run from the .ts sources under tsx"
    : `servers compiled to ${entries.cli} in ${buildSeconds.toFixed(1)} s`,
);
log(
  `warm-up ${options.warmup} s, measured ${options.duration} s, ${options.connections} connections; ` +
    `temporary files in ${dir}`,
);

/** Seeds `options.services` records of a kind through the store (or reuses those of `--seeded-dir`). */
async function seed(kind: SeededKind): Promise<{ db: string; uuids: string[] }> {
  const dir = options.seededDir ? resolve(options.seededDir) : context.dir;
  mkdirSync(dir, { recursive: true });
  log(`seeding ${options.services} ${kind} through the store ...`);
  const started = performance.now();
  const seeded = await seededFile(kind, dir, options.services);
  log(`${seeded.reused ? "reused" : "seeded"} ${seeded.db} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return seeded;
}

let startup: StartupResult | null = null;
let soakResult: SoakResult | undefined;
const failedSteps: string[] = [];
try {
  await scenario("baseline-echo", () => ownServers.baselineEcho(context));
  if (wants(options, "startup")) {
    log("startup ...");
    try {
      startup = await measureStartup(context);
      log(`startup: ready ${startup.readyMs.toFixed(0)} ms, first add ${startup.firstAddMs.toFixed(1)} ms`);
    } catch (error) {
      failedSteps.push(`startup: ${(error as Error).message}`);
      log(`startup FAILED: ${(error as Error).message}`);
    }
  }
  await scenario("add", () => scenarios.add(context));
  await scenario("plain-stack-add", () => ownServers.plainStack(context, "plain-stack-add"));
  await scenario("plain-stack-no-store", () => ownServers.plainStack(context, "plain-stack-no-store"));
  await scenario("add-no-response-validation", () => scenarios.addNoResponseValidation(context));
  await scenario("add-model", () => scenarios.addModel(context));
  await scenario("job-poll", () => scenarios.jobPoll(context));
  await scenario("deploy-job-poll", async () => (await import("./lib/deploy-job-poll.js")).deployJobPoll(context));
  const serviceReads = ["get", "get-uncached", "plain-stack-get", "query", "query-uncached", "query-varying"] as const;
  if (serviceReads.some((name) => wants(options, name))) context.seeded = await seed("services");
  if (wants(options, "query-models-uncached")) context.seededModels = await seed("models");
  await scenario("get", () => scenarios.get(context));
  await scenario("get-uncached", () => scenarios.get(context, "get-uncached"));
  await scenario("plain-stack-get", () => ownServers.plainStack(context, "plain-stack-get"));
  await scenario("query", () => scenarios.query(context));
  await scenario("query-uncached", () => scenarios.query(context, "query-uncached"));
  await scenario("query-varying", () => scenarios.queryVarying(context));
  await scenario("query-models-uncached", () => scenarios.queryModels(context));
  await scenario("client-overhead", async () => (await import("./lib/client-overhead.js")).clientOverhead(context));
  await scenario("add-pg-1", () => scenarios.addPostgres(context, 1));
  await scenario("add-pg-2", () => scenarios.addPostgres(context, 2));
  // Each PostgreSQL scenario once more, in reverse order (1, 2, 2, 1): scaleRatio compares measurements taken at
  // different moments, and the means of such a pair cancel a steady drift of the shared machine between them.
  if (wants(options, "add-pg-1") && wants(options, "add-pg-2")) {
    for (const instances of [2, 1] as const)
      await measureAgain(`add-pg-${instances}`, () => scenarios.addPostgres(context, instances), "in reverse order", [
        "in the first pass",
        "in the second",
      ]);
  }
  // `add` again just before the baseline's second measurement: its ratio carries two targets (issues 15 and 17)
  // and moved by a tenth between runs of one afternoon, and the mean of a pair taken near each end of the run is
  // steadier, over the baseline's own pair, than one measurement.
  if (wants(options, "baseline-echo"))
    await measureAgain("add", () => scenarios.add(context), "near the end", ["near the start", "near the end"]);
  // The baseline again at the end: other processes on a shared machine drift over a run, and ratios over the
  // mean of a measurement at each end are steadier than over one taken minutes before some scenarios.
  if (results.length > 1)
    await measureAgain("baseline-echo", () => ownServers.baselineEcho(context), "at the end", [
      "at the start",
      "at the end",
    ]);
  if (wants(options, "soak")) {
    log(`soak ${options.soak} s ...`);
    try {
      soakResult = await soak(context);
    } catch (error) {
      failedSteps.push(`soak: ${(error as Error).message}`);
      log(`soak FAILED: ${(error as Error).message}`);
    }
  }
} finally {
  if (!options.keep) {
    rmSync(dir, { recursive: true, force: true });
    if (options.runtime === "node") removeBuild();
  }
}

/**
 * Measures a scenario that already ran once more and folds the second measurement into its result (mean
 * requests/s: combineMeasurements); nothing when the first did not run or failed.
 */
async function measureAgain(
  name: ScenarioName,
  run: () => Promise<ScenarioResult>,
  why: string,
  [firstWhen, againWhen]: [string, string],
): Promise<void> {
  const first = results.find((result) => result.name === name);
  if (!first || first.failed || first.skipped) return;
  log(`${name} (again, ${why}) ...`);
  const again = await run().catch((error: unknown) => failedResult(name, error));
  combineMeasurements(first, again, firstWhen, againWhen);
  log(`${name}: ${again.failed ? `FAILED: ${again.note}` : `${again.requestsPerSecond?.toFixed(0)} req/s`}`);
}

/** Folds a second measurement of a scenario into the first: mean requests/s, worse latencies, higher RSS. */
function combineMeasurements(first: ScenarioResult, again: ScenarioResult, firstWhen: string, againWhen: string): void {
  if (again.failed) {
    first.failed = true;
    first.note = `second measurement: ${again.note}`;
    return;
  }
  if (first.failed || first.requestsPerSecond === null || again.requestsPerSecond === null) return;
  const max = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
  first.note =
    `mean of ${first.requestsPerSecond.toFixed(0)} req/s ${firstWhen} ` +
    `and ${again.requestsPerSecond.toFixed(0)} req/s ${againWhen}`;
  first.requestsPerSecond = (first.requestsPerSecond + again.requestsPerSecond) / 2;
  first.p50Ms = max(first.p50Ms, again.p50Ms);
  first.p99Ms = max(first.p99Ms, again.p99Ms);
  first.peakRssMb = max(first.peakRssMb, again.peakRssMb);
  first.errors += again.errors;
  const mean = (a?: number, b?: number) => (a === undefined || b === undefined ? (a ?? b) : Math.round((a + b) / 2));
  first.serverCpuPercent = mean(first.serverCpuPercent, again.serverCpuPercent);
  first.mainThreadCpuPercent = mean(first.mainThreadCpuPercent, again.mainThreadCpuPercent);
  first.serverCpuUsPerRequest = mean(first.serverCpuUsPerRequest, again.serverCpuUsPerRequest);
  first.loadCpuPercent = mean(first.loadCpuPercent, again.loadCpuPercent);
  first.machineCpuPercent = mean(first.machineCpuPercent, again.machineCpuPercent);
  first.databaseCpuPercent = mean(first.databaseCpuPercent, again.databaseCpuPercent);
  if (first.statusCodes && again.statusCodes) {
    for (const [code, count] of Object.entries(again.statusCodes))
      first.statusCodes[code] = (first.statusCodes[code] ?? 0) + count;
  }
}

// Ratios over the baseline of this same run; client-overhead's ratio is its own (client time / fetch time).
const baseline = results.find((result) => result.name === "baseline-echo" && !result.failed)?.requestsPerSecond ?? null;
for (const result of results) {
  if (result.name !== "client-overhead" && result.requestsPerSecond !== null && baseline)
    result.ratio = result.requestsPerSecond / baseline;
  const target = targetOf(result.name);
  if (target) result.target = target;
}
const rps = (name: string) =>
  results.find((result) => result.name === name && !result.failed && !result.skipped)?.requestsPerSecond ?? null;
const pg1 = rps("add-pg-1");
const pg2 = rps("add-pg-2");
const scaleRatio = pg1 && pg2 ? pg2 / pg1 : null;

const report: BenchReport = {
  machine: machine(),
  settings: settingsOf(options),
  scenarios: results.map(tidy),
  scaleRatio: scaleRatio === null ? null : Math.round(scaleRatio * 1000) / 1000,
  startup,
  ...(soakResult ? { soak: soakResult } : {}),
  targets: checkTargets(results, scaleRatio, startup, soakResult),
};
printReport(report);
const out = resolve(packageRoot, options.out);
writeReport(out, report);
log(`wrote ${out}`);

const failed = [
  ...results.filter((result) => result.failed).map((result) => `${result.name}: ${result.note}`),
  ...failedSteps,
];
if (soakResult?.errors) failed.push(`soak: ${soakResult.errors} non-2xx answers or connection errors`);
if (failed.length) {
  console.error(`\nFAILED (${failed.length}):\n${failed.map((line) => `  ${line}`).join("\n")}`);
  process.exitCode = 1;
}
