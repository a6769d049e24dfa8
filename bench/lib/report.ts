// What a run prints and writes: the table, the targets (PASS/MISS), and bench/results/latest.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { cpus, totalmem } from "node:os";
import type { BenchOptions } from "./options.js";
import type { ScenarioResult, ScenarioTarget } from "./measure.js";
import type { SoakResult, StartupResult } from "./lifecycle.js";

export interface BenchReport {
  machine: { cpus: number; model: string; memoryGb: number; node: string; platform: string; date: string };
  settings: {
    durationSeconds: number;
    warmupSeconds: number;
    connections: number;
    services: number;
    clientCalls: number;
    serverLogLevel: string;
    runtime: string;
  };
  scenarios: ScenarioResult[];
  /** add-pg-2's requests/s over add-pg-1's. */
  scaleRatio: number | null;
  startup: StartupResult | null;
  soak?: SoakResult;
  targets: TargetCheck[];
}

export interface TargetCheck {
  target: string;
  /** What the run measured, as text. */
  actual: string;
  status: "PASS" | "MISS" | "n/a";
}

export function machine(): BenchReport["machine"] {
  const cores = cpus();
  return {
    cpus: cores.length,
    model: cores[0]?.model.trim() ?? "unknown",
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
  };
}

const round = (value: number | null, digits: number) =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;

/** Rounds what goes into latest.json so that diffs between runs stay readable. */
export function tidy(result: ScenarioResult): ScenarioResult {
  return {
    ...result,
    requestsPerSecond: round(result.requestsPerSecond, 0),
    p50Ms: round(result.p50Ms, 3),
    p99Ms: round(result.p99Ms, 3),
    peakRssMb: round(result.peakRssMb, 1),
    ratio: round(result.ratio, 3),
  };
}

/**
 * The targets set by issues 6, 8 and 17, per scenario: ratios over baseline-echo (client-overhead: client time over
 * plain fetch time). `add` keeps a margin over issue 6's 0.5.
 */
const scenarioTargets: Record<string, ScenarioTarget> = {
  add: { minRatio: 0.55 },
  get: { minRatio: 0.7 },
  "get-uncached": { minRatio: 0.6 },
  query: { minRatio: 0.4, maxP99Ms: 50 },
  "query-uncached": { minRatio: 0.2, maxP99Ms: 50 },
  "client-overhead": { maxRatio: 1.1 },
};

/** Scenarios whose server is the bench's own, not this package's: their memory is not the server's. */
const notOurServer = new Set(["baseline-echo", "plain-stack-add", "plain-stack-no-store", "plain-stack-get"]);

export function targetOf(name: string): ScenarioTarget | undefined {
  return scenarioTargets[name];
}

function check(
  target: string,
  actual: number | null | undefined,
  pass: (value: number) => boolean,
  show: (value: number) => string,
): TargetCheck {
  if (actual === null || actual === undefined) return { target, actual: "not measured", status: "n/a" };
  return { target, actual: show(actual), status: pass(actual) ? "PASS" : "MISS" };
}

export function checkTargets(
  scenarios: ScenarioResult[],
  scaleRatio: number | null,
  startup: StartupResult | null,
  soakResult?: SoakResult,
): TargetCheck[] {
  const byName = (name: string) =>
    scenarios.find((scenario) => scenario.name === name && !scenario.failed && !scenario.skipped);
  const ratio = (value: number) => `${value.toFixed(2)}×`;
  const peaks = scenarios
    .filter((scenario) => !notOurServer.has(scenario.name) && scenario.peakRssMb !== null)
    .map((scenario) => scenario.peakRssMb!);
  if (soakResult) peaks.push(soakResult.peakRssMb);
  const over = (name: string) => (name === "client-overhead" ? "plain fetch" : "baseline-echo");
  const checks = Object.entries(scenarioTargets).flatMap(([name, target]) => {
    const measured = byName(name);
    const own: TargetCheck[] = [];
    if (target.minRatio !== undefined)
      own.push(
        check(`${name} ≥ ${target.minRatio}× ${over(name)}`, measured?.ratio, (v) => v >= target.minRatio!, ratio),
      );
    if (target.maxRatio !== undefined)
      own.push(
        check(`${name} ≤ ${target.maxRatio}× ${over(name)}`, measured?.ratio, (v) => v <= target.maxRatio!, ratio),
      );
    if (target.maxP99Ms !== undefined)
      own.push(
        check(
          `${name} p99 ≤ ${target.maxP99Ms} ms`,
          measured?.p99Ms,
          (v) => v <= target.maxP99Ms!,
          (v) => `${v.toFixed(1)} ms`,
        ),
      );
    return own;
  });
  checks.push(
    check(
      "server peak RSS ≤ 200 MB",
      peaks.length ? Math.max(...peaks) : null,
      (v) => v <= 200,
      (v) => `${v.toFixed(0)} MB`,
    ),
    check(
      "ready ≤ 1.5 s",
      startup?.readyMs,
      (v) => v <= 1500,
      (v) => `${v.toFixed(0)} ms`,
    ),
    check("first call after ready ≤ 2× a later one", startup ? firstCallRatio(startup) : null, (v) => v <= 2, ratio),
    check("scaleRatio (add-pg-2 / add-pg-1) ≥ 1.3", scaleRatio, (v) => v >= 1.3, ratio),
  );
  if (soakResult)
    checks.push(
      check(
        "soak RSS growth ≤ 10%",
        soakResult.growth,
        (v) => v <= 0.1,
        (v) => `${(v * 100).toFixed(1)}%`,
      ),
    );
  return checks;
}

/** The worst first-over-second latency among the calls timed after start-up (AddModelService, each Query API). */
function firstCallRatio(startup: StartupResult): number {
  const pairs = [[startup.firstAddMs, startup.secondAddMs], ...startup.firstReads.map((r) => [r.firstMs, r.secondMs])];
  return Math.max(...pairs.map(([first, second]) => first! / second!));
}

function pad(cells: string[][]): string {
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((row) => row[column]!.length)));
  return cells
    .map((row) =>
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join("  "),
    )
    .join("\n");
}

const show = (value: number | null, digits: number) => (value === null ? "-" : value.toFixed(digits));

export function printReport(report: BenchReport): void {
  const header = [
    "scenario",
    "req/s",
    "p50 ms",
    "p99 ms",
    "errors",
    "peak RSS MB",
    "ratio",
    "server CPU %",
    "main thread %",
    "server µs/req",
    "load CPU %",
    "db CPU %",
    "machine CPU %",
    "",
  ];
  const rows = report.scenarios.map((s) => [
    s.name,
    show(s.requestsPerSecond, 0),
    show(s.p50Ms, 2),
    show(s.p99Ms, 2),
    String(s.errors),
    show(s.peakRssMb, 0),
    show(s.ratio, 2),
    s.serverCpuPercent === undefined ? "-" : String(s.serverCpuPercent),
    s.mainThreadCpuPercent === undefined ? "-" : String(s.mainThreadCpuPercent),
    s.serverCpuUsPerRequest === undefined ? "-" : String(s.serverCpuUsPerRequest),
    s.loadCpuPercent === undefined ? "-" : String(s.loadCpuPercent),
    s.databaseCpuPercent === undefined ? "-" : String(s.databaseCpuPercent),
    s.machineCpuPercent === undefined ? "-" : String(s.machineCpuPercent),
    s.failed ? "FAILED" : s.skipped ? "skipped" : "",
  ]);
  if (rows.length) console.log(`\n${pad([header, ...rows])}`);
  for (const s of report.scenarios) if (s.note) console.log(`  ${s.name}: ${s.note}`);
  if (report.startup) {
    const { readyMs, firstAddMs, secondAddMs, trials } = report.startup;
    console.log(
      `\nstart-up (median of ${trials.length}): ready ${readyMs.toFixed(0)} ms after spawn; ` +
        `first AddModelService ${firstAddMs.toFixed(1)} ms, second ${secondAddMs.toFixed(1)} ms`,
    );
    const reads = report.startup.firstReads.map(
      (read) => `${read.operationId} ${read.firstMs.toFixed(1)}/${read.secondMs.toFixed(1)}`,
    );
    console.log(`  first/second call of each Query API, ms: ${reads.join(", ")}`);
  }
  if (report.scaleRatio !== null) console.log(`scaleRatio (add-pg-2 / add-pg-1): ${report.scaleRatio.toFixed(2)}`);
  if (report.soak) {
    const s = report.soak;
    console.log(
      `soak ${s.seconds} s at ${s.requestsPerSecond.toFixed(0)} req/s, ${s.errors} errors: ` +
        `RSS after warm-up ${s.rssAfterWarmupMb.toFixed(1)} MB, ` +
        `at end ${s.rssAtEndMb.toFixed(1)} MB (${(s.growth * 100).toFixed(1)}%), peak ${s.peakRssMb.toFixed(1)} MB`,
    );
    console.log(
      `  RSS samples: ${s.samples.map((sample) => `${sample.atSeconds}s ${sample.rssMb.toFixed(0)}`).join(", ")}`,
    );
  }
  console.log("\ntargets:");
  for (const t of report.targets) console.log(`  ${t.status.padEnd(4)}  ${t.target.padEnd(40)} ${t.actual}`);
  const m = report.machine;
  console.log(
    `\n${m.cpus} × ${m.model}, ${m.memoryGb} GB, Node ${m.node.slice(1)}; ` +
      "load generator, servers and PostgreSQL share these cores.",
  );
}

export function writeReport(file: string, report: BenchReport): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

export function settingsOf(options: BenchOptions): BenchReport["settings"] {
  return {
    durationSeconds: options.duration,
    warmupSeconds: options.warmup,
    connections: options.connections,
    services: options.services,
    clientCalls: options.clientCalls,
    serverLogLevel: options.serverLogLevel,
    runtime: options.runtime,
  };
}
