// The shape of every scenario's outcome and the warm-up-then-measure step they share.
import type { BenchOptions } from "./options.js";
import { errorCount, runLoad, type LoadResult, type LoadSpec } from "./load.js";
import { cpuSecondsOf, cpuSecondsOfCommand, machineBusySeconds, memoryOf, type RunningProcess } from "./processes.js";

export interface ScenarioResult {
  name: string;
  requestsPerSecond: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  /** Non-2xx answers, connection errors and timeouts, warm-up included. */
  errors: number;
  /** The highest VmHWM of the scenario's server processes. */
  peakRssMb: number | null;
  /** requests/s over baseline-echo's (client-overhead: client time over plain-fetch time). */
  ratio: number | null;
  /** CPU the scenario's server processes used in the measured phase, in % of one core (summed over instances). */
  serverCpuPercent?: number;
  /** CPU of the servers' main threads (the event loop) alone: near 100 means the event loop is what limits. */
  mainThreadCpuPercent?: number;
  /** Server CPU per answered request in the measured phase, in µs: steadier than requests/s on a shared machine. */
  serverCpuUsPerRequest?: number;
  /** CPU PostgreSQL's processes used in the measured phase, in % of one core (PostgreSQL scenarios only). */
  databaseCpuPercent?: number;
  /** CPU the whole machine was busy in the measured phase, in % of one core (200 = both cores). */
  machineCpuPercent?: number;
  /** CPU the load generator used in the measured phase, in % of one core. */
  loadCpuPercent?: number;
  /** Answers per HTTP status in the measured phase. */
  statusCodes?: Record<string, number>;
  /** The scenario's target, where an issue set one (report.ts). */
  target?: ScenarioTarget;
  /** Why it was skipped or failed, or what else it measured. */
  note?: string;
  failed?: boolean;
  skipped?: boolean;
}

/** What a scenario must reach: a ratio at least or at most, and a p99 at most. */
export interface ScenarioTarget {
  minRatio?: number;
  maxRatio?: number;
  maxP99Ms?: number;
}

export type LoadTemplate = Omit<LoadSpec, "duration" | "connections" | "origins">;

export interface MeasureSettings {
  /** The command name of a database's processes whose CPU is read too (PostgreSQL scenarios). */
  database?: string;
  /**
   * Called after the warm-up: the measured phase's load, when it must be something that begins only then (a
   * deployment whose walk should fall inside the measured phase). Default: the warm-up's template.
   */
  measuredLoad?: () => Promise<LoadTemplate>;
  /** Called the moment the measured phase's result arrives, before anything else is read. */
  measuredEnd?: () => void;
}

function describeFailure(phase: string, result: LoadResult): string {
  const codes = Object.entries(result.statusCodes)
    .filter(([code]) => !code.startsWith("2"))
    .map(([code, count]) => `${count}× ${code}`);
  const parts = [...codes];
  if (result.connectionErrors) parts.push(`${result.connectionErrors} connection errors (${result.timeouts} timeouts)`);
  return `${phase}: ${parts.join(", ")}`;
}

/** Warms up, then measures, then reads the servers' peak RSS. Any non-2xx answer marks the scenario failed. */
export async function measureLoad(
  name: string,
  options: BenchOptions,
  origins: string[],
  servers: RunningProcess[],
  template: LoadTemplate,
  settings: MeasureSettings = {},
): Promise<ScenarioResult> {
  const base = { ...template, origins, connections: options.connections };
  const warm = options.warmup > 0 ? await runLoad({ ...base, duration: options.warmup }) : undefined;
  const measuredBase = settings.measuredLoad
    ? { ...(await settings.measuredLoad()), origins, connections: base.connections }
    : base;
  const snapshot = () => ({
    at: performance.now(),
    servers: servers.map((server) => cpuSecondsOf(server.pid)),
    // On Linux a process's main thread has the process's id.
    mainThreads: servers.map((server) => cpuSecondsOf(server.pid, server.pid)),
    database: settings.database ? cpuSecondsOfCommand(settings.database) : 0,
    machine: machineBusySeconds(),
  });
  let start = snapshot();
  let end = start;
  const measured = await runLoad(
    { ...measuredBase, duration: options.duration },
    {
      onStart: () => (start = snapshot()),
      onEnd: () => {
        end = snapshot();
        settings.measuredEnd?.();
      },
    },
  );
  const elapsedSeconds = (end.at - start.at) / 1000;
  const serverCpuSeconds = end.servers.reduce((sum, seconds, i) => sum + seconds - start.servers[i]!, 0);
  const mainThreadCpuSeconds = end.mainThreads.reduce((sum, seconds, i) => sum + seconds - start.mainThreads[i]!, 0);
  const percent = (seconds: number) => Math.round((100 * seconds) / elapsedSeconds);
  const databaseSeconds = settings.database ? end.database - start.database : undefined;
  const machineSeconds = end.machine - start.machine;
  const peakRssMb = servers.length ? Math.max(...servers.map((server) => memoryOf(server.pid).peakRssMb)) : null;
  const errors = (warm ? errorCount(warm) : 0) + errorCount(measured);
  const failures = [
    warm && errorCount(warm) ? describeFailure("warm-up", warm) : "",
    errorCount(measured) ? describeFailure("measured", measured) : "",
  ].filter(Boolean);
  return {
    name,
    requestsPerSecond: measured.requestsPerSecond,
    p50Ms: measured.p50Ms,
    p99Ms: measured.p99Ms,
    errors,
    peakRssMb,
    ratio: null,
    serverCpuPercent: percent(serverCpuSeconds),
    mainThreadCpuPercent: percent(mainThreadCpuSeconds),
    ...(databaseSeconds === undefined ? {} : { databaseCpuPercent: percent(databaseSeconds) }),
    machineCpuPercent: percent(machineSeconds),
    serverCpuUsPerRequest: measured.requests ? Math.round((serverCpuSeconds * 1e6) / measured.requests) : undefined,
    loadCpuPercent: Math.round(measured.cpuPercent),
    statusCodes: measured.statusCodes,
    ...(failures.length ? { failed: true, note: failures.join("; ") } : {}),
  };
}

export function failedResult(name: string, error: unknown): ScenarioResult {
  return {
    name,
    requestsPerSecond: null,
    p50Ms: null,
    p99Ms: null,
    errors: 0,
    peakRssMb: null,
    ratio: null,
    failed: true,
    note: String((error as Error)?.message ?? error),
  };
}

export function skippedResult(name: string, note: string): ScenarioResult {
  return {
    name,
    requestsPerSecond: null,
    p50Ms: null,
    p99Ms: null,
    errors: 0,
    peakRssMb: null,
    ratio: null,
    skipped: true,
    note,
  };
}
