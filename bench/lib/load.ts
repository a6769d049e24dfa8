// Runs one load phase in a separate process (bench/load-worker.ts) and returns what it measured.
import { fork } from "node:child_process";
import { join } from "node:path";
import { packageRoot } from "../../server/package-root.js";

export interface LoadSpec {
  /** One or more server origins (http://127.0.0.1:port); connections are spread over them. */
  origins: string[];
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Request paths taken in turn (one is the common case). */
  paths: string[];
  headers: Record<string, string>;
  body?: string;
  connections: number;
  /** Seconds. */
  duration: number;
}

export interface LoadResult {
  requests: number;
  durationSeconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  connectionErrors: number;
  timeouts: number;
  non2xx: number;
  /** CPU the load generator itself used, in % of one core. */
  cpuPercent: number;
  /** Answers per HTTP status. */
  statusCodes: Record<string, number>;
}

/** Every answer that was not a 2xx, plus connection errors and timeouts. */
export function errorCount(result: LoadResult): number {
  return result.non2xx + result.connectionErrors;
}

/** Runs one phase; `onStart` is called when the load begins and `onEnd` when its result arrives. */
export function runLoad(spec: LoadSpec, hooks: { onStart?: () => void; onEnd?: () => void } = {}): Promise<LoadResult> {
  const worker = fork(join(packageRoot, "bench/load-worker.ts"), [], {
    cwd: packageRoot,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    worker.on("message", (message: { started?: boolean; result?: LoadResult; error?: string }) => {
      if (message.started) return hooks.onStart?.();
      hooks.onEnd?.();
      settled = true;
      if (message.result) resolve(message.result);
      else reject(new Error(`load generator: ${message.error}`));
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`load generator exited (${code}) without a result`));
    });
    worker.send(spec);
  });
}
