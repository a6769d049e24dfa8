// Seed fixtures (`--seed FILE`, startStandIn's `seed`): a YAML or JSON file whose top-level keys are ZStack actions,
// each a list of the bodies that action takes inside its envelope (path parameters as fields beside them),
// applied in order when the store holds no resources. Every entry is a real request through the app on a private
// loopback port, so it passes exactly the validation, reference checks and jobs of an API call.
import { readFileSync } from "node:fs";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import { load } from "js-yaml";
import { sha512Hex } from "../accounts/passwords.js";
import { OptionsError } from "../options.js";
import type { ActionInfo, Actions } from "./actions.js";

/** A seed that cannot be applied: start-up stops with this message. */
export class SeedError extends OptionsError {
  override name = "SeedError";
}

interface Answer {
  status: number;
  body: Record<string, unknown> | undefined;
}

/** How long a seed entry's job may run (a deployment with a long --deploy-seconds) before start-up gives up. */
const jobDeadlineMs = 300_000;

type Call = (method: string, path: string, body?: unknown, session?: string) => Promise<Answer>;

/** Reads and checks the file's shape: action → list of objects. */
export function readSeed(file: string): [string, Record<string, unknown>[]][] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new SeedError(`--seed ${file}: cannot read it (${(error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = file.endsWith(".json") ? JSON.parse(text) : load(text);
  } catch (error) {
    throw new SeedError(
      `--seed ${file}: not valid ${file.endsWith(".json") ? "JSON" : "YAML"}: ${(error as Error).message}`,
    );
  }
  if (parsed === undefined || parsed === null) return [];
  if (typeof parsed !== "object" || Array.isArray(parsed))
    throw new SeedError(`--seed ${file}: the top level must map ZStack actions to lists of bodies`);
  return Object.entries(parsed).map(([action, entries]) => {
    if (!Array.isArray(entries) || entries.some((entry) => !entry || typeof entry !== "object" || Array.isArray(entry)))
      throw new SeedError(`--seed ${file}: ${action} must be a list of objects (one body per call)`);
    return [action, entries as Record<string, unknown>[]];
  });
}

/**
 * Applies the seed through `app`, logged in as the admin with `adminPassword`. Throws SeedError naming the first
 * entry that fails (`AddModelService[1]`, counted from 0) and ZStack's error.
 */
export async function applySeed(app: Express, file: string, actions: Actions, adminPassword: string): Promise<void> {
  const seed = readSeed(file);
  for (const [action] of seed) {
    if (!actions.byName.has(action))
      throw new SeedError(`--seed ${file}: ${action} is not an action of this API version`);
  }
  const { call, close } = await inProcess(app);
  try {
    const login = await call("PUT", "/zstack/v1/accounts/login", {
      logInByAccount: { accountName: "admin", password: sha512Hex(adminPassword) },
    });
    const session = (login.body?.inventory as { uuid?: string } | undefined)?.uuid;
    if (login.status !== 200 || !session) throw new SeedError(`--seed ${file}: the admin could not log in`);
    try {
      for (const [action, entries] of seed) {
        for (const [i, entry] of entries.entries()) {
          const failure = await applyEntry(call, session, actions.byName.get(action)!, entry);
          if (failure) throw new SeedError(`--seed ${file}: ${action}[${i}] failed: ${failure}`);
        }
      }
    } finally {
      await call("DELETE", `/zstack/v1/accounts/sessions/${session}`, undefined, session);
    }
  } finally {
    await close();
  }
}

/** One entry: the call, then its job polled to the end. Answers what went wrong, or undefined. */
async function applyEntry(
  call: Call,
  session: string,
  info: ActionInfo,
  entry: Record<string, unknown>,
): Promise<string | undefined> {
  const fields = { ...entry };
  let path = info.operation.path;
  for (const name of info.pathParams) {
    const value = fields[name];
    if (typeof value !== "string") return `${name}: the path parameter is required (a field beside the body)`;
    path = path.replace(`{${name}}`, encodeURIComponent(value));
    delete fields[name];
  }
  let body: unknown;
  if (info.envelope) body = { [info.envelope]: fields };
  else if (Object.keys(fields).length > 0) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(fields))
      for (const item of Array.isArray(value) ? value : [value]) query.append(key, String(item));
    path += `?${query}`;
  }
  let answer = await call(info.operation.method.toUpperCase(), path, body, session);
  if (answer.status === 202) {
    const location = new URL(String(answer.body?.location)).pathname;
    const deadline = Date.now() + jobDeadlineMs;
    for (;;) {
      answer = await call("GET", location, undefined, session);
      if (answer.status !== 202) break;
      if (Date.now() > deadline) return `its job did not finish within ${jobDeadlineMs / 1000} s`;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  if (answer.status === 200) return undefined;
  const error = answer.body?.error as { code?: string; description?: string; details?: string } | undefined;
  return error
    ? [error.code, error.description, error.details].filter(Boolean).join(": ")
    : `HTTP ${answer.status} ${JSON.stringify(answer.body)}`;
}

/** The app on a private loopback port, and JSON calls to it (node:http, as start-up's warm-up uses). */
async function inProcess(app: Express): Promise<{ call: Call; close(): Promise<void> }> {
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const call: Call = (method, path, body, session) =>
    new Promise((resolve, reject) => {
      const text = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string> = {};
      if (text !== undefined) {
        headers["content-type"] = "application/json";
        headers["content-length"] = String(Buffer.byteLength(text));
      }
      if (session) headers.authorization = `OAuth ${session}`;
      const req = request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.once("error", reject).once("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, body: raw ? JSON.parse(raw) : undefined });
        });
      });
      req.once("error", reject);
      req.end(text);
    });
  return {
    call,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
