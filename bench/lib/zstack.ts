// Our server as the benchmark sees it: a separate process started through the CLI, logged into once, and
// checked with one real request before any load is put on it.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { documentCurlBodyReindented } from "../../test/fixtures/seed.js";
import { spawnReady, type ReadyServer } from "./processes.js";
import { startScriptEnv } from "./start-script.js";

export const addPath = "/zstack/v1/ai/model-services";
export const addBody = documentCurlBodyReindented;
export const queryPath = `/zstack/v1/ai/model-services?${[
  ["q", "type=Endpoint"],
  ["q", "requestCpu>=2"],
  ["sort", "-createDate"],
  ["limit", "50"],
]
  .map(([key, value]) => `${key}=${encodeURIComponent(value!)}`)
  .join("&")}`;

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
 * Sends one AddModelService, follows its job, and returns the job's location and the new uuid (the add must
 * succeed).
 */
export async function addOnce(
  origin: string,
  session: string,
): Promise<{ location: string; acceptMs: number; uuid: string }> {
  const started = performance.now();
  const response = await fetch(origin + addPath, {
    method: "POST",
    headers: authHeaders(session, true),
    body: addBody,
  });
  const accepted = (await expectStatus(response, 202, "AddModelService")) as { location: string };
  const acceptMs = performance.now() - started;
  const job = await fetch(accepted.location, { headers: authHeaders(session) });
  const result = (await expectStatus(job, 200, "AddModelService's job")) as { inventory?: { uuid?: string } };
  if (!result.inventory?.uuid)
    throw new Error(`AddModelService's job: no inventory in ${JSON.stringify(result).slice(0, 300)}`);
  return { location: accepted.location, acceptMs, uuid: result.inventory.uuid };
}

/** One GET that must answer 200 (a check before a read scenario's load). */
export async function getOnce(origin: string, path: string, session: string): Promise<unknown> {
  return expectStatus(await fetch(origin + path, { headers: authHeaders(session) }), 200, `GET ${path}`);
}
