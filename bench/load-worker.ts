// The load generator: a child process of its own (so it never shares an event loop with a server or the
// benchmark runner) that runs one autocannon phase and sends the result back over IPC.
import autocannon, { type Request } from "autocannon";
import type { LoadResult, LoadSpec } from "./lib/load.js";

function run(spec: LoadSpec): Promise<LoadResult> {
  let next = 0;
  // Several paths (e.g. many uuids for `get`) are taken in turn, so no single row stays hot in a cache.
  const rotate =
    spec.paths.length > 1
      ? (request: Request) => {
          request.path = spec.paths[next++ % spec.paths.length];
          return request;
        }
      : undefined;
  // The runner takes its CPU snapshots between this message and the result, not around our own start-up.
  process.send!({ started: true });
  const cpuBefore = process.cpuUsage();
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: spec.origins.map((origin) => origin + spec.paths[0]),
        connections: spec.connections,
        duration: spec.duration,
        method: spec.method,
        headers: spec.headers,
        body: spec.body,
        timeout: 10,
        ...(rotate ? { requests: [{ setupRequest: rotate }] } : {}),
      },
      (error, result) => {
        if (error) return reject(error);
        const cpu = process.cpuUsage(cpuBefore);
        const statusCodes: Record<string, number> = {};
        for (const [code, { count }] of Object.entries(result.statusCodeStats)) statusCodes[code] = Number(count);
        resolve({
          requests: result.requests.total,
          durationSeconds: result.duration,
          requestsPerSecond: result.requests.total / result.duration,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          connectionErrors: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
          cpuPercent: (cpu.user + cpu.system) / 1e4 / result.duration,
          statusCodes,
        });
      },
    );
  });
}

process.once("message", (spec: LoadSpec) => {
  run(spec).then(
    (result) => process.send!({ result }, () => process.exit(0)),
    (error: Error) => process.send!({ error: error.message }, () => process.exit(1)),
  );
});
