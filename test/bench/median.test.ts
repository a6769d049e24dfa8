// The median of several bench runs (bench/lib/median.ts): what a noisy target is judged on.
import { expect, it } from "vitest";
import type { StartupResult } from "../../bench/lib/lifecycle.js";
import type { ScenarioResult } from "../../bench/lib/measure.js";
import { median, medianOfRuns } from "../../bench/lib/median.js";
import type { BenchReport } from "../../bench/lib/report.js";

const scenario = (name: string, ratio: number, p99Ms: number, peakRssMb: number): ScenarioResult => ({
  name,
  requestsPerSecond: ratio * 1000,
  p50Ms: 1,
  p99Ms,
  errors: 0,
  peakRssMb,
  ratio,
});

const startup = (readyMs: number): StartupResult => ({
  readyMs,
  firstAddMs: 2,
  secondAddMs: 2,
  firstReads: [],
  trials: [],
});

const run = (date: string, scenarios: ScenarioResult[], readyMs: number, scaleRatio: number | null): BenchReport => ({
  machine: { cpus: 2, model: "test", memoryGb: 1, node: "v20", platform: "linux x64", date },
  settings: {
    durationSeconds: 1,
    warmupSeconds: 1,
    connections: 1,
    services: 1,
    clientCalls: 1,
    serverLogLevel: "warn",
    runtime: "node",
  },
  scenarios,
  scaleRatio,
  startup: startup(readyMs),
  targets: [],
});

const runs = [
  run("d1", [scenario("baseline-echo", 1, 10, 100), scenario("add", 0.47, 20, 170)], 900, 1.2),
  run("d2", [scenario("baseline-echo", 1, 12, 100), scenario("add", 0.56, 30, 190)], 700, 1.4),
  run("d3", [scenario("baseline-echo", 1, 11, 100), scenario("add", 0.52, 25, 175)], 800, null),
];

it("takes the middle value, the lower middle one of an even count", () => {
  expect([median([3, 1, 2]), median([4, 1, 3, 2]), median([])]).toEqual([2, 2, undefined]);
});

it("reports each scenario from the run with its median ratio, the median p99, the highest RSS and every ratio", () => {
  const add = medianOfRuns(runs).scenarios.find((s) => s.name === "add");
  expect(add).toMatchObject({ ratio: 0.52, requestsPerSecond: 520, p99Ms: 25, peakRssMb: 190 });
  expect(add?.ratiosOfRuns).toEqual([0.47, 0.56, 0.52]);
});

it("judges the targets on the medians, and takes start-up from the run with the median ready time", () => {
  const report = medianOfRuns(runs);
  expect(report.targets.find((t) => t.target.startsWith("add ≥"))).toMatchObject({ status: "MISS", actual: "0.52×" });
  expect(report.startup?.readyMs).toBe(800);
  expect(report.scaleRatio).toBe(1.2);
  expect(report.runs).toEqual({ count: 3, dates: ["d1", "d2", "d3"] });
});

it("reports a scenario that failed in any run as failed, not as the median of the others", () => {
  const failed = { ...scenario("add", 0, 0, 0), ratio: null, failed: true, note: "boom" };
  const report = medianOfRuns([...runs.slice(0, 2), { ...runs[2]!, scenarios: [runs[2]!.scenarios[0]!, failed] }]);
  expect(report.scenarios.find((s) => s.name === "add")).toMatchObject({ failed: true, note: "boom" });
});
