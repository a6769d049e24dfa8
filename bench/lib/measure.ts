// The shape of every scenario's outcome and the warm-up-then-measure step they share.
import type { BenchOptions } from "./options.js";
import { errorCount, runLoad, type LoadResult, type LoadSpec } from "./load.js";
import { memoryOf, type RunningProcess } from "./processes.js";

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
  /** Answers per HTTP status in the measured phase. */
  statusCodes?: Record<string, number>;
  /** Why it was skipped or failed, or what else it measured. */
  note?: string;
  failed?: boolean;
  skipped?: boolean;
}

export type LoadTemplate = Omit<LoadSpec, "duration" | "connections" | "origins">;

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
): Promise<ScenarioResult> {
  const base = { ...template, origins, connections: options.connections };
  const warm = options.warmup > 0 ? await runLoad({ ...base, duration: options.warmup }) : undefined;
  const measured = await runLoad({ ...base, duration: options.duration });
  const peakRssMb = servers.length ? Math.max(...servers.map((server) => memoryOf(server.pid).peakRssMb)) : null;
  const errors = (warm ? errorCount(warm) : 0) + errorCount(measured);
  const failures = [warm && errorCount(warm) ? describeFailure("warm-up", warm) : "", errorCount(measured) ? describeFailure("measured", measured) : ""].filter(Boolean);
  return {
    name,
    requestsPerSecond: measured.requestsPerSecond,
    p50Ms: measured.p50Ms,
    p99Ms: measured.p99Ms,
    errors,
    peakRssMb,
    ratio: null,
    statusCodes: measured.statusCodes,
    ...(failures.length ? { failed: true, note: failures.join("; ") } : {}),
  };
}

export function failedResult(name: string, error: unknown): ScenarioResult {
  return { name, requestsPerSecond: null, p50Ms: null, p99Ms: null, errors: 0, peakRssMb: null, ratio: null, failed: true, note: String((error as Error)?.message ?? error) };
}

export function skippedResult(name: string, note: string): ScenarioResult {
  return { name, requestsPerSecond: null, p50Ms: null, p99Ms: null, errors: 0, peakRssMb: null, ratio: null, skipped: true, note };
}
