// The median of several full runs, for the targets an issue reads "in one run, the median of three where noisy": on a
// shared two-core machine a scenario's ratio moves by a fifth between runs, more than most differences it is read
// for. Each scenario is taken from the run where its ratio is the median, so that its figures stay one measurement;
// its p99 is the median of the runs' p99s, its peak RSS the highest of any run, and every run's ratio is kept beside
// it. Start-up is the run whose ready time is the median, the scale ratio the median of the runs'.
import type { ScenarioResult } from "./measure.js";
import { type BenchReport, checkTargets } from "./report.js";

export type MedianScenario = ScenarioResult & { ratiosOfRuns?: (number | null)[] };
export type MedianReport = Omit<BenchReport, "scenarios"> & {
  scenarios: MedianScenario[];
  runs: { count: number; dates: string[] };
};

/** The middle value (the lower of the two middle ones for an even count); undefined for none. */
export function median(values: number[]): number | undefined {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function medianBy<T>(items: T[], key: (item: T) => number): T | undefined {
  const value = median(items.map(key));
  return items.find((item) => key(item) === value);
}

function medianScenario(name: string, runs: BenchReport[]): MedianScenario {
  const all = runs.map((run) => run.scenarios.find((scenario) => scenario.name === name));
  const measured = all.filter((s): s is ScenarioResult => !!s && !s.failed && !s.skipped && s.ratio !== null);
  // A scenario that failed or was skipped in any run is reported as that run has it: a median would hide it.
  const unmeasured = all.find((s) => s && (s.failed || s.skipped));
  if (unmeasured || measured.length === 0) return unmeasured ?? all.find((s) => s)!;
  const picked = medianBy(measured, (s) => s.ratio!)!;
  const p99s = measured.flatMap((s) => (s.p99Ms === null ? [] : [s.p99Ms]));
  const peaks = measured.flatMap((s) => (s.peakRssMb === null ? [] : [s.peakRssMb]));
  return {
    ...picked,
    p99Ms: median(p99s) ?? null,
    peakRssMb: peaks.length > 0 ? Math.max(...peaks) : null,
    ratiosOfRuns: all.map((s) => s?.ratio ?? null),
  };
}

export function medianOfRuns(runs: BenchReport[]): MedianReport {
  if (runs.length === 0) throw new Error("no runs to take the median of");
  const names = [...new Set(runs.flatMap((run) => run.scenarios.map((scenario) => scenario.name)))];
  const scenarios = names.map((name) => medianScenario(name, runs));
  const started = runs.filter((run) => run.startup);
  const startup = medianBy(started, (run) => run.startup!.readyMs)?.startup ?? null;
  const scaleRatio = median(runs.flatMap((run) => (run.scaleRatio === null ? [] : [run.scaleRatio]))) ?? null;
  const last = runs[runs.length - 1]!;
  return {
    machine: last.machine,
    settings: last.settings,
    runs: { count: runs.length, dates: runs.map((run) => run.machine.date) },
    scenarios,
    scaleRatio,
    startup,
    targets: checkTargets(scenarios, scaleRatio, startup),
  };
}
