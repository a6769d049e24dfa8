// client-overhead: the same GetModelService calls through createZStackClient and through plain fetch, in
// one process, against one server. Sides alternate call by call so that drift (other load, GC, JIT) hits both.
import { createZStackClient } from "../../client/index.js";
import type { ScenarioResult } from "./measure.js";
import { memoryOf, stop } from "./processes.js";
import { freshDb, serverSettings, type BenchContext } from "./scenarios.js";
import { addOnce, addPath, authHeaders, login, serviceAdd, startZStack } from "./zstack.js";

const servicesToRead = 20;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function clientOverhead(context: BenchContext): Promise<ScenarioResult> {
  const name = "client-overhead";
  const server = await startZStack(serverSettings(context, name, freshDb(context, name)));
  try {
    const session = await login(server.origin);
    const uuids: string[] = [];
    const add = await serviceAdd(server.origin, session);
    for (let i = 0; i < servicesToRead; i++) uuids.push((await addOnce(server.origin, session, add)).uuid);

    const client = createZStackClient({ baseUrl: server.origin, sessionId: session });
    const headers = authHeaders(session);
    const viaFetch = async (uuid: string) => {
      const response = await fetch(`${server.origin}${addPath}/${uuid}`, { headers });
      if (response.status !== 200)
        throw new Error(`client-overhead (fetch): ${response.status} ${await response.text()}`);
      const body = (await response.json()) as { inventories: { uuid: string }[] };
      if (body.inventories[0]?.uuid !== uuid) throw new Error("client-overhead (fetch): wrong inventory");
    };
    const viaClient = async (uuid: string) => {
      const inventory = await client.getModelService(uuid);
      if (inventory?.uuid !== uuid) throw new Error("client-overhead (client): wrong inventory");
    };

    const latencies = { fetch: [] as number[], client: [] as number[] };
    const timed = async (side: "fetch" | "client", uuid: string): Promise<number> => {
      const started = performance.now();
      await (side === "fetch" ? viaFetch : viaClient)(uuid);
      return performance.now() - started;
    };
    // Warm both paths (JIT, connection pool) before anything counts.
    for (let i = 0; i < 300; i++) {
      await timed("fetch", uuids[i % uuids.length]!);
      await timed("client", uuids[i % uuids.length]!);
    }
    // The sides alternate call by call (which goes first alternates too), so that a pause of the server or of
    // this process, and any drift of the machine, falls on both alike.
    for (let i = 0; i < context.options.clientCalls; i++) {
      const uuid = uuids[i % uuids.length]!;
      const order: ("fetch" | "client")[] = i % 2 ? ["client", "fetch"] : ["fetch", "client"];
      for (const side of order) latencies[side].push(await timed(side, uuid));
    }
    const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0);
    const totals = { fetch: total(latencies.fetch), client: total(latencies.client) };
    const sorted = [...latencies.client].sort((a, b) => a - b);
    const fetchSorted = [...latencies.fetch].sort((a, b) => a - b);
    return {
      name,
      requestsPerSecond: latencies.client.length / (totals.client / 1000),
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      errors: 0,
      peakRssMb: memoryOf(server.process.pid).peakRssMb,
      ratio: totals.client / totals.fetch,
      note:
        `${latencies.client.length} sequential GetModelService calls per side; plain fetch ` +
        `${(latencies.fetch.length / (totals.fetch / 1000)).toFixed(0)} calls/s, ` +
        `p50 ${percentile(fetchSorted, 50).toFixed(3)} ms, ` +
        `p99 ${percentile(fetchSorted, 99).toFixed(3)} ms; ` +
        `median client/fetch ${(percentile(sorted, 50) / percentile(fetchSorted, 50)).toFixed(3)}`,
    };
  } finally {
    await stop(server.process);
  }
}
