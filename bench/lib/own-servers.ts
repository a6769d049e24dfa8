// The bench's own servers, not the package's CLI: the baseline every ratio is over (bench/echo-server.ts) and the
// package's stack used plainly (bench/plain-stack-server.ts), each put under the load of the scenario it is read
// against.
import { join } from "node:path";
import { failedResult, type LoadTemplate, measureLoad, type ScenarioResult } from "./measure.js";
import { spawnReady } from "./processes.js";
import { type BenchContext, freshDb, withServers } from "./scenarios.js";
import { addBodyFor, addPath } from "./zstack.js";

/** A bench server of its own (not the package's CLI), put under `load`. */
function benchServer(
  context: BenchContext,
  name: string,
  server: { entry: string; args: string[] },
  load: LoadTemplate,
): Promise<ScenarioResult> {
  return withServers(
    name,
    async () => [
      await spawnReady(
        (port) => ({
          entry: server.entry,
          args: [String(port), ...server.args],
          logFile: join(context.dir, `${name}.log`),
          nodeArgs: context.options.serverNodeArgs,
        }),
        "/readyz",
      ),
    ],
    ([started]) => measureLoad(name, context.options, [started!.origin], [started!.process], load),
  );
}

/** AddModelService's body as `add` sends it (a center's uuid is 32 hex digits), without a session. */
const addLoad = (): LoadTemplate => ({
  method: "POST",
  paths: [addPath],
  headers: { "Content-Type": "application/json" },
  body: addBodyFor("0".repeat(32)),
});

export const baselineEcho = (context: BenchContext) =>
  benchServer(context, "baseline-echo", { entry: context.entries.echo, args: [] }, addLoad());

/**
 * `add`'s and `get-uncached`'s work on this package's stack used plainly (bench/plain-stack-server.ts): Express, the
 * validator as shipped, the package's store and inventory writer, and nothing else of the server;
 * `plain-stack-no-store` answers the add without its writes.
 */
export function plainStack(
  context: BenchContext,
  name: "plain-stack-add" | "plain-stack-no-store" | "plain-stack-get",
): Promise<ScenarioResult> {
  const server = (db: string) => ({ entry: context.entries.plainStack, args: [db] });
  if (name === "plain-stack-add") return benchServer(context, name, server(freshDb(context, name)), addLoad());
  if (name === "plain-stack-no-store") return benchServer(context, name, server("none"), addLoad());
  if (!context.seeded) return Promise.resolve(failedResult(name, "no seeded database"));
  const paths = context.seeded.uuids.map((uuid) => `${addPath}/${uuid}`);
  return benchServer(context, name, server(context.seeded.db), { method: "GET", paths, headers: {} });
}
