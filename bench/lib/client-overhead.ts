// client-overhead: the same GetModelService calls through createZStackClient and through plain fetch, in
// one process, against one server. Sides alternate in rounds so that drift (other load, GC, JIT) hits both.
import { createZStackClient } from "../../client/index.js";
import type { ScenarioResult } from "./measure.js";
import { memoryOf, stop } from "./processes.js";
import { freshDb, serverSettings, type BenchContext } from "./scenarios.js";
import { addOnce, addPath, authHeaders, login, startZStack } from "./zstack.js";

const rounds = 10;
const servicesToRead = 20;

function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function clientOverhead(context: BenchContext): Promise<ScenarioResult> {
  const name = "client-overhead";
  const server = await startZStack(serverSettings(context, name, freshDb(context, name)));
  try {
    const session = await login(server.origin);
    const uuids: string[] = [];
    for (let i = 0; i < servicesToRead; i++) uuids.push((await addOnce(server.origin, session)).uuid);

    const client = createZStackClient({ baseUrl: server.origin, sessionId: session });
    const headers = authHeaders(session);
    const viaFetch = async (uuid: string) => {
      const response = await fetch(`${server.origin}${addPath}/${uuid}`, { headers });
      if (response.status !== 200) throw new Error(`client-overhead (fetch): ${response.status} ${await response.text()}`);
      const body = (await response.json()) as { inventories: { uuid: string }[] };
      if (body.inventories[0]?.uuid !== uuid) throw new Error("client-overhead (fetch): wrong inventory");
    };
    const viaClient = async (uuid: string) => {
      const inventory = await client.getModelService(uuid);
      if (inventory?.uuid !== uuid) throw new Error("client-overhead (client): wrong inventory");
    };

    const callsPerRound = Math.max(1, Math.round(context.options.clientCalls / rounds));
    const latencies = { fetch: [] as number[], client: [] as number[] };
    const totals = { fetch: 0, client: 0 };
    const roundRatios: number[] = [];
    const runRound = async (side: "fetch" | "client", calls: number, record: boolean): Promise<number> => {
      const call = side === "fetch" ? viaFetch : viaClient;
      const roundStarted = performance.now();
      for (let i = 0; i < calls; i++) {
        const started = performance.now();
        await call(uuids[i % uuids.length]!);
        if (record) latencies[side].push(performance.now() - started);
      }
      const elapsed = performance.now() - roundStarted;
      if (record) totals[side] += elapsed;
      return elapsed;
    };
    // Warm both paths (JIT, connection pool) before anything counts.
    await runRound("fetch", 300, false);
    await runRound("client", 300, false);
    for (let round = 0; round < rounds; round++) {
      const order: ("fetch" | "client")[] = round % 2 ? ["client", "fetch"] : ["fetch", "client"];
      const elapsed = { fetch: 0, client: 0 };
      for (const side of order) elapsed[side] = await runRound(side, callsPerRound, true);
      roundRatios.push(elapsed.client / elapsed.fetch);
    }
    const sorted = [...latencies.client].sort((a, b) => a - b);
    const fetchSorted = [...latencies.fetch].sort((a, b) => a - b);
    return {
      name,
      requestsPerSecond: latencies.client.length / (totals.client / 1000),
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      errors: 0,
      peakRssMb: memoryOf(server.process.pid).peakRssMb,
      // The median of the rounds' ratios: a pause that hits one round (other processes share the cores) moves it little.
      ratio: median(roundRatios),
      note:
        `${latencies.client.length} sequential GetModelService calls per side; plain fetch ` +
        `${(latencies.fetch.length / (totals.fetch / 1000)).toFixed(0)} calls/s, p50 ${percentile(fetchSorted, 50).toFixed(3)} ms, ` +
        `p99 ${percentile(fetchSorted, 99).toFixed(3)} ms; client/fetch over all rounds ${(totals.client / totals.fetch).toFixed(3)}`,
    };
  } finally {
    await stop(server.process);
  }
}
