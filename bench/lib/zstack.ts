// Our server as the benchmark sees it: a separate process started through the CLI, logged into once, and
// checked with one real request before any load is put on it.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { documentCurlBodyReindented } from "../../test/fixtures/seed.js";
import { spawnReady, type ReadyServer } from "./processes.js";
import { startScriptEnv } from "./start-script.js";

export const addPath = "/zstack/v1/ai/model-services";
export const addBody = documentCurlBodyReindented;
export const modelCentersPath = "/zstack/v1/ai/model-centers";
export const modelsPath = "/zstack/v1/ai/models";
export const groupsPath = "/zstack/v1/ai/model-services/instances/groups";

/** A path with its query string, each value encoded as a client would. */
function withQuery(path: string, parameters: [string, string][]): string {
  return `${path}?${parameters.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join("&")}`;
}

export const queryPath = withQuery(addPath, [
  ["q", "type=Endpoint"],
  ["q", "requestCpu>=2"],
  ["sort", "-createDate"],
  ["limit", "50"],
]);

/**
 * `query-varying`: the query's shape with another page (`start`) or condition value (`requestCpu>=N`) each time,
 * 40 different requests in turn, as a UI paging through results or a sync job would send them.
 */
export const varyingQueryPaths = Array.from({ length: 4 }, (_, cpu) =>
  Array.from({ length: 10 }, (_, page) =>
    withQuery(addPath, [
      ["q", "type=Endpoint"],
      ["q", `requestCpu>=${cpu + 1}`],
      ["sort", "-createDate"],
      ["limit", "50"],
      ["start", String(page * 50)],
    ]),
  ),
).flat();

/** A page of one center's models, newest first (`query-models-uncached`). */
export const modelQueryPath = (modelCenterUuid: string) =>
  withQuery(modelsPath, [
    ["q", `modelCenterUuid=${modelCenterUuid}`],
    ["sort", "-createDate"],
    ["limit", "50"],
  ]);

/** The AddModelService body naming `modelCenterUuid` (a center that exists: the default checks references). */
export const addBodyFor = (modelCenterUuid: string) => {
  const body = JSON.parse(addBody) as { param: Record<string, unknown> };
  body.param.modelCenterUuid = modelCenterUuid;
  return JSON.stringify(body);
};

/** AddModel's example body from ZStack's AddModel page, in `modelCenterUuid`. */
export const addModelBodyFor = (modelCenterUuid: string) =>
  JSON.stringify({
    param: {
      name: "Qwen_1.5_23B",
      installPath: "192.168.10.12:/ai/model_center/Qwen_1.5_23B",
      description: "Qwen 1.5",
      modelCenterUuid,
      vendor: "Alibaba",
      size: 102400,
      version: "CustomizeVersion",
    },
  });

export interface ServerSettings {
  /** The CLI to run: compiled (dist-like) or server/cli.ts. */
  cliEntry: string;
  /** Folder for the server's log. */
  dir: string;
  /** A SQLite file or a postgres:// URL. */
  db: string;
  validateResponses?: boolean;
  /** MiB of reused read answers (`--read-cache-mb`); the server's default when not given. */
  readCacheMb?: number;
  /** How long a deployment takes (`--deploy-seconds`); the server's default when not given. */
  deploySeconds?: number;
  nodeArgs?: string[];
  logLevel: string;
  /** A name for the log file. */
  label: string;
}

export type StartedServer = ReadyServer;

/** Starts the CLI's `serve` on a free loopback port and waits for /readyz. */
export async function startZStack(settings: ServerSettings): Promise<StartedServer> {
  return spawnReady((port) => {
    const args = ["serve", "--host", "127.0.0.1", "--port", String(port), "--db", settings.db];
    if (settings.validateResponses === false) args.push("--no-validate-responses");
    if (settings.readCacheMb !== undefined) args.push("--read-cache-mb", String(settings.readCacheMb));
    if (settings.deploySeconds !== undefined) args.push("--deploy-seconds", String(settings.deploySeconds));
    return {
      entry: settings.cliEntry,
      args,
      env: { ...startScriptEnv(), ZMS_LOG_LEVEL: settings.logLevel },
      nodeArgs: settings.nodeArgs,
      logFile: join(settings.dir, `${settings.label}.log`),
    };
  }, "/readyz");
}

/** Fails loudly, with what the server said, when a check request gets an unexpected status. */
async function expectStatus(response: Response, expected: number, what: string): Promise<unknown> {
  const text = await response.text();
  if (response.status !== expected)
    throw new Error(`${what}: expected ${expected}, got ${response.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : undefined;
}

/** Logs in as admin (the SDKs send the SHA-512 hex of the password) and returns the session uuid. */
export async function login(origin: string): Promise<string> {
  const password = createHash("sha512").update("password").digest("hex");
  const response = await fetch(`${origin}/zstack/v1/accounts/login`, {
    method: "PUT",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ logInByAccount: { accountName: "admin", password } }),
  });
  const body = (await expectStatus(response, 200, "login")) as { inventory?: { uuid?: string } };
  if (!body.inventory?.uuid) throw new Error(`login: no session uuid in ${JSON.stringify(body)}`);
  return body.inventory.uuid;
}

export function authHeaders(session: string, json = false): Record<string, string> {
  return { Authorization: `OAuth ${session}`, ...(json ? { "Content-Type": "application/json" } : {}) };
}

/**
 * Sends one asynchronous add (AddModelService unless told otherwise), follows its job, and returns the job's
 * location and the new uuid (the add must succeed).
 */
export async function addOnce(
  origin: string,
  session: string,
  add: { path: string; body: string; action: string } = { path: addPath, body: addBody, action: "AddModelService" },
): Promise<{ location: string; acceptMs: number; uuid: string }> {
  const started = performance.now();
  const response = await fetch(origin + add.path, {
    method: "POST",
    headers: authHeaders(session, true),
    body: add.body,
  });
  const accepted = (await expectStatus(response, 202, add.action)) as { location: string };
  const acceptMs = performance.now() - started;
  const job = await fetch(accepted.location, { headers: authHeaders(session) });
  const result = (await expectStatus(job, 200, `${add.action}'s job`)) as { inventory?: { uuid?: string } };
  if (!result.inventory?.uuid)
    throw new Error(`${add.action}'s job: no inventory in ${JSON.stringify(result).slice(0, 300)}`);
  return { location: accepted.location, acceptMs, uuid: result.inventory.uuid };
}

/** Adds a model center (AddModelCenter) for the adds that name one, and returns its uuid. */
export async function addModelCenter(origin: string, session: string): Promise<string> {
  const body = JSON.stringify({
    param: {
      name: "bench center",
      url: "192.168.10.12:/ai/model_center",
      managementIp: "192.168.10.12",
      managementPort: 5000,
    },
  });
  return (await addOnce(origin, session, { path: modelCentersPath, body, action: "AddModelCenter" })).uuid;
}

/** One GET that must answer 200 (a check before a read scenario's load). */
export async function getOnce(origin: string, path: string, session: string): Promise<unknown> {
  return expectStatus(await fetch(origin + path, { headers: authHeaders(session) }), 200, `GET ${path}`);
}

/** AddModelService naming a model center that exists on that server (added now with AddModelCenter). */
export async function serviceAdd(
  origin: string,
  session: string,
): Promise<{ path: string; body: string; action: string }> {
  return { path: addPath, body: addBodyFor(await addModelCenter(origin, session)), action: "AddModelService" };
}

/**
 * DeployModelService of service `serviceUuid` (the shared PUT on the service) as group `groupUuid`; returns its
 * job's location, checked to answer 202 `{}` (the group is deploying, not yet Running).
 */
export async function deployOnce(
  origin: string,
  session: string,
  serviceUuid: string,
  groupUuid: string,
): Promise<string> {
  const response = await fetch(`${origin}${addPath}/${serviceUuid}`, {
    method: "PUT",
    headers: authHeaders(session, true),
    body: JSON.stringify({
      deployModelService: {
        name: "bench-endpoint",
        zoneUuid: "zoneUuidExample",
        type: "Container",
        resourceUuid: groupUuid,
      },
    }),
  });
  const accepted = (await expectStatus(response, 202, "DeployModelService")) as { location: string };
  const job = await fetch(accepted.location, { headers: authHeaders(session) });
  await expectStatus(job, 202, "DeployModelService's job while deploying");
  return accepted.location;
}

/** The status of instance group `groupUuid` (GetModelServiceInstanceGroup). */
export async function groupStatus(origin: string, session: string, groupUuid: string): Promise<string | undefined> {
  const body = (await getOnce(origin, `${groupsPath}/${groupUuid}`, session)) as {
    inventories?: { status?: string }[];
  };
  return body.inventories?.[0]?.status;
}
