// The load scenarios: each starts its own server process(es), checks one real request, then measures.
import { join } from "node:path";
import type { BenchEntries } from "./build.js";
import type { BenchOptions } from "./options.js";
import { failedResult, measureLoad, skippedResult, type ScenarioResult } from "./measure.js";
import { createBenchDatabase, dropBenchDatabase, postgresUnreachable } from "./postgres.js";
import { stop } from "./processes.js";
import { seededModelCenters } from "./seed.js";
import {
  addBodyFor,
  addModelBodyFor,
  addModelCenter,
  addOnce,
  addPath,
  authHeaders,
  getOnce,
  login,
  modelQueryPath,
  modelsPath,
  queryPath,
  serviceAdd,
  startZStack,
  varyingQueryPaths,
  type ServerSettings,
  type StartedServer,
} from "./zstack.js";

export interface BenchContext {
  options: BenchOptions;
  /** What the server and echo processes run. */
  entries: BenchEntries;
  /** The run's temporary folder (databases, logs). */
  dir: string;
  /** A SQLite file holding `options.services` services, and a sample of their uuids. */
  seeded?: { db: string; uuids: string[] };
  /** A SQLite file holding `options.services` models in ten centers (seed.ts). */
  seededModels?: { db: string; uuids: string[] };
}

let fileCounter = 0;
/** A fresh SQLite file path in the run's folder. */
export function freshDb(context: BenchContext, label: string): string {
  return join(context.dir, `${label}-${++fileCounter}.db`);
}

export function serverSettings(
  context: BenchContext,
  label: string,
  db: string,
  extra: Partial<ServerSettings> = {},
): ServerSettings {
  return {
    cliEntry: context.entries.cli,
    dir: context.dir,
    db,
    label,
    logLevel: context.options.serverLogLevel,
    nodeArgs: context.options.serverNodeArgs,
    ...extra,
  };
}

/** Runs `work` with started servers and always stops them; any thrown error becomes a failed result. */
export async function withServers(
  name: string,
  start: () => Promise<StartedServer[]>,
  work: (servers: StartedServer[]) => Promise<ScenarioResult>,
): Promise<ScenarioResult> {
  let servers: StartedServer[] = [];
  try {
    servers = await start();
    return await work(servers);
  } catch (error) {
    return failedResult(name, error);
  } finally {
    await Promise.all(servers.map((server) => stop(server.process)));
  }
}

/**
 * An asynchronous add under load. The body names a model center that exists, added first with AddModelCenter:
 * the server checks references by default, so each add reads the center inside its write transaction.
 */
async function addScenario(
  context: BenchContext,
  name: string,
  validateResponses: boolean,
  add: { path: string; action: string; body: (modelCenterUuid: string) => string },
): Promise<ScenarioResult> {
  return withServers(
    name,
    async () => [await startZStack(serverSettings(context, name, freshDb(context, name), { validateResponses }))],
    async ([server]) => {
      const session = await login(server!.origin);
      const body = add.body(await addModelCenter(server!.origin, session));
      await addOnce(server!.origin, session, { path: add.path, body, action: add.action });
      return measureLoad(name, context.options, [server!.origin], [server!.process], {
        method: "POST",
        paths: [add.path],
        headers: authHeaders(session, true),
        body,
      });
    },
  );
}

const addModelService = { path: addPath, action: "AddModelService", body: addBodyFor };
export const add = (context: BenchContext) => addScenario(context, "add", true, addModelService);
export const addNoResponseValidation = (context: BenchContext) =>
  addScenario(context, "add-no-response-validation", false, addModelService);
export const addModel = (context: BenchContext) =>
  addScenario(context, "add-model", true, { path: modelsPath, action: "AddModel", body: addModelBodyFor });

export async function jobPoll(context: BenchContext): Promise<ScenarioResult> {
  const name = "job-poll";
  return withServers(
    name,
    async () => [await startZStack(serverSettings(context, name, freshDb(context, name)))],
    async ([server]) => {
      const session = await login(server!.origin);
      const { location } = await addOnce(server!.origin, session, await serviceAdd(server!.origin, session));
      return measureLoad(name, context.options, [server!.origin], [server!.process], {
        method: "GET",
        paths: [new URL(location).pathname],
        headers: authHeaders(session),
      });
    },
  );
}

/**
 * get and query read the seeded file; each gets its own server process on it. The `-uncached` variants run the
 * server with `--read-cache-mb 0`, so that every answer is built afresh (rows, dates, JSON, response validation).
 */
async function readScenario(
  context: BenchContext,
  name: string,
  paths: (uuids: string[]) => string[],
  check: (body: unknown) => void,
  { seeded = context.seeded, afresh = name.endsWith("-uncached") } = {},
): Promise<ScenarioResult> {
  if (!seeded) return failedResult(name, "no seeded database");
  const readCacheMb = afresh ? 0 : undefined;
  return withServers(
    name,
    async () => [await startZStack(serverSettings(context, name, seeded.db, { readCacheMb }))],
    async ([server]) => {
      const session = await login(server!.origin);
      const targets = paths(seeded.uuids);
      check(await getOnce(server!.origin, targets[0]!, session));
      return measureLoad(name, context.options, [server!.origin], [server!.process], {
        method: "GET",
        paths: targets,
        headers: authHeaders(session),
      });
    },
  );
}

export const get = (context: BenchContext, name: "get" | "get-uncached" = "get") =>
  readScenario(
    context,
    name,
    (uuids) => uuids.map((uuid) => `${addPath}/${uuid}`),
    (body) => {
      const inventories = (body as { inventories?: unknown[] }).inventories;
      if (inventories?.length !== 1)
        throw new Error(`get: expected one inventory, got ${JSON.stringify(body).slice(0, 300)}`);
    },
  );

/** A page of 50 Endpoint services with requestCpu ≥ 2, or throws. */
function checkServicePage(body: unknown): void {
  const inventories = (body as { inventories?: { type?: string; requestCpu?: number }[] }).inventories ?? [];
  if (inventories.length !== 50 || inventories.some((service) => service.type !== "Endpoint"))
    throw new Error(`query: expected 50 Endpoint services, got ${JSON.stringify(body).slice(0, 300)}`);
}

/** The same query shape, another page or condition value per request; built afresh (`--read-cache-mb 0`). */
export const queryVarying = (context: BenchContext) =>
  readScenario(context, "query-varying", () => varyingQueryPaths, checkServicePage, { afresh: true });

/** A page of one center's 10,000 models among 100,000, newest first, built afresh. */
export const queryModels = (context: BenchContext) =>
  readScenario(
    context,
    "query-models-uncached",
    () => [modelQueryPath(seededModelCenters[0]!)],
    (body) => {
      const inventories = (body as { inventories?: { modelCenterUuid?: string }[] }).inventories ?? [];
      if (inventories.length !== 50 || inventories.some((model) => model.modelCenterUuid !== seededModelCenters[0]))
        throw new Error(`query-models: expected 50 models of one center, got ${JSON.stringify(body).slice(0, 300)}`);
    },
    { seeded: context.seededModels },
  );

export const query = (context: BenchContext, name: "query" | "query-uncached" = "query") =>
  readScenario(
    context,
    name,
    () => [queryPath],
    (body) => {
      const inventories = (body as { inventories?: { type?: string; requestCpu?: number }[] }).inventories ?? [];
      if (
        inventories.length !== 50 ||
        inventories.some((service) => service.type !== "Endpoint" || (service.requestCpu ?? 0) < 2)
      ) {
        throw new Error(
          `query: expected 50 Endpoint services with requestCpu >= 2, got ${JSON.stringify(body).slice(0, 300)}`,
        );
      }
    },
  );

/** AddModelService on `instances` server processes sharing one fresh PostgreSQL database; load spread over all. */
export async function addPostgres(context: BenchContext, instances: number): Promise<ScenarioResult> {
  const name = `add-pg-${instances}`;
  const url = context.options.postgresUrl;
  const unreachable = await postgresUnreachable(url);
  if (unreachable) return skippedResult(name, unreachable);
  const database = `zms_bench_${process.pid}_${instances}_${Date.now() % 1e6}`;
  let db: string;
  try {
    db = await createBenchDatabase(url, database);
  } catch (error) {
    return failedResult(name, error);
  }
  try {
    return await withServers(
      name,
      // Started together: migrations must be safe when several instances start at once.
      () =>
        Promise.all(
          Array.from({ length: instances }, (_, i) => startZStack(serverSettings(context, `${name}-${i + 1}`, db))),
        ),
      async (servers) => {
        const session = await login(servers[0]!.origin);
        const body = addBodyFor(await addModelCenter(servers[0]!.origin, session));
        // Every instance must serve the shared session and add for real before the load.
        for (const server of servers)
          await addOnce(server.origin, session, { path: addPath, body, action: "AddModelService" });
        return measureLoad(
          name,
          context.options,
          servers.map((server) => server.origin),
          servers.map((server) => server.process),
          {
            method: "POST",
            paths: [addPath],
            headers: authHeaders(session, true),
            body,
          },
          { database: "postgres" },
        );
      },
    );
  } finally {
    await dropBenchDatabase(url, database).catch((error) =>
      console.error(`could not drop ${database}: ${(error as Error).message}`),
    );
  }
}
