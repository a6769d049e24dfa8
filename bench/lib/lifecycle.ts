// Start-up (spawn to /readyz 200, then the first AddModelService and the first call of each Query API) and the
// soak (steady AddModelService load, server RSS after warm-up versus at the end).
import { runLoad, errorCount } from "./load.js";
import { memoryOf, stop } from "./processes.js";
import { freshDb, serverSettings, type BenchContext } from "./scenarios.js";
import { loadContract } from "../../server/contract/index.js";
import { newestApiVersion } from "../../server/options.js";
import { addOnce, addPath, authHeaders, login, serviceAdd, startZStack } from "./zstack.js";

export interface StartupResult {
  /** Median over the trials, milliseconds from spawn to the first /readyz 200. */
  readyMs: number;
  /** Median latency of the first AddModelService's 202 after ready (login first, as a client must). */
  firstAddMs: number;
  /** Median latency of the second one, to show what the first one paid extra. */
  secondAddMs: number;
  /**
   * Per read operation (every GET of the newest document without a path parameter, e.g. QueryModel), the median
   * latency of its first call after ready and of its second: the first must not compile anything.
   */
  firstReads: { operationId: string; firstMs: number; secondMs: number }[];
  trials: {
    readyMs: number;
    loginMs: number;
    firstAddMs: number;
    secondAddMs: number;
    reads: Record<string, [number, number]>;
  }[];
}

/** The Query operations of the newest document: GETs whose path has no parameter. */
function queryOperations(): { operationId: string; path: string }[] {
  return loadContract(newestApiVersion)
    .operations.filter((op) => op.method === "get" && !op.path.includes("{") && op.path.startsWith("/zstack/v1/ai/"))
    .map((op) => ({ operationId: op.operationId, path: op.path }));
}

async function timedGet(origin: string, path: string, session: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(origin + path, { headers: authHeaders(session) });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GET ${path} after start-up: ${response.status}`);
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export async function measureStartup(context: BenchContext): Promise<StartupResult> {
  const trials: StartupResult["trials"] = [];
  for (let trial = 1; trial <= context.options.startupTrials; trial++) {
    const server = await startZStack(serverSettings(context, `startup-${trial}`, freshDb(context, "startup")));
    try {
      const loginStarted = performance.now();
      const session = await login(server.origin);
      const loginMs = performance.now() - loginStarted;
      const add = await serviceAdd(server.origin, session);
      const first = await addOnce(server.origin, session, add);
      const second = await addOnce(server.origin, session, add);
      const reads: Record<string, [number, number]> = {};
      // The two calls ask for the same page by two URLs of one shape, so that the read cache cannot answer the
      // later one: both do the same work, and their ratio shows what ran for the first time in the first.
      for (const { operationId, path } of queryOperations())
        reads[operationId] = [
          await timedGet(server.origin, `${path}?limit=100`, session),
          await timedGet(server.origin, `${path}?limit=99`, session),
        ];
      trials.push({
        readyMs: server.readyMs,
        loginMs,
        firstAddMs: first.acceptMs,
        secondAddMs: second.acceptMs,
        reads,
      });
    } finally {
      await stop(server.process);
    }
  }
  return {
    readyMs: median(trials.map((trial) => trial.readyMs)),
    firstAddMs: median(trials.map((trial) => trial.firstAddMs)),
    secondAddMs: median(trials.map((trial) => trial.secondAddMs)),
    firstReads: Object.keys(trials[0]?.reads ?? {}).map((operationId) => ({
      operationId,
      firstMs: median(trials.map((trial) => trial.reads[operationId]![0])),
      secondMs: median(trials.map((trial) => trial.reads[operationId]![1])),
    })),
    trials,
  };
}

export interface SoakResult {
  seconds: number;
  requestsPerSecond: number;
  errors: number;
  rssAfterWarmupMb: number;
  rssAtEndMb: number;
  /** (end - after warm-up) / after warm-up. */
  growth: number;
  peakRssMb: number;
  /** RSS every few seconds during the soak, to show a trend rather than two points. */
  samples: { atSeconds: number; rssMb: number }[];
}

export async function soak(context: BenchContext): Promise<SoakResult> {
  const { options } = context;
  const server = await startZStack(serverSettings(context, "soak", freshDb(context, "soak")));
  try {
    const session = await login(server.origin);
    const add = await serviceAdd(server.origin, session);
    await addOnce(server.origin, session, add);
    const spec = {
      origins: [server.origin],
      method: "POST" as const,
      paths: [addPath],
      headers: authHeaders(session, true),
      body: add.body,
      connections: options.connections,
    };
    const warm = await runLoad({ ...spec, duration: Math.max(options.warmup, 5) });
    const rssAfterWarmupMb = memoryOf(server.process.pid).rssMb;
    const samples: SoakResult["samples"] = [];
    const started = performance.now();
    const sampler = setInterval(() => {
      samples.push({
        atSeconds: Math.round((performance.now() - started) / 1000),
        rssMb: memoryOf(server.process.pid).rssMb,
      });
    }, 5000);
    const measured = await runLoad({ ...spec, duration: options.soak }).finally(() => clearInterval(sampler));
    const { rssMb: rssAtEndMb, peakRssMb } = memoryOf(server.process.pid);
    return {
      seconds: options.soak,
      requestsPerSecond: measured.requestsPerSecond,
      errors: errorCount(warm) + errorCount(measured),
      rssAfterWarmupMb,
      rssAtEndMb,
      growth: (rssAtEndMb - rssAfterWarmupMb) / rssAfterWarmupMb,
      peakRssMb,
      samples,
    };
  } finally {
    await stop(server.process);
  }
}
