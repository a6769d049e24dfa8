// Start-up (spawn to /readyz 200, then the first AddModelService) and the soak (steady AddModelService load,
// server RSS after warm-up versus at the end).
import { runLoad, errorCount } from "./load.js";
import { memoryOf, stop } from "./processes.js";
import { freshDb, serverSettings, type BenchContext } from "./scenarios.js";
import { addBody, addOnce, addPath, authHeaders, login, startZStack } from "./zstack.js";

export interface StartupResult {
  /** Median over the trials, milliseconds from spawn to the first /readyz 200. */
  readyMs: number;
  /** Median latency of the first AddModelService's 202 after ready (login first, as a client must). */
  firstAddMs: number;
  /** Median latency of the second one, to show what the first one paid extra. */
  secondAddMs: number;
  trials: { readyMs: number; loginMs: number; firstAddMs: number; secondAddMs: number }[];
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
      const first = await addOnce(server.origin, session);
      const second = await addOnce(server.origin, session);
      trials.push({ readyMs: server.readyMs, loginMs, firstAddMs: first.acceptMs, secondAddMs: second.acceptMs });
    } finally {
      await stop(server.process);
    }
  }
  return {
    readyMs: median(trials.map((trial) => trial.readyMs)),
    firstAddMs: median(trials.map((trial) => trial.firstAddMs)),
    secondAddMs: median(trials.map((trial) => trial.secondAddMs)),
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
    await addOnce(server.origin, session);
    const spec = {
      origins: [server.origin],
      method: "POST" as const,
      paths: [addPath],
      headers: authHeaders(session, true),
      body: addBody,
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
