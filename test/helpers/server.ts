// The one in-process server every test file starts: port 0 on loopback, a SQLite file in a temp folder of
// its own (removed on close), response validation on, silent logs; plus the JSON call helper and the steps
// tests repeat (log in and add the test center, also on a server in another process; add the document's service;
// poll a job).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll } from "vitest";
import { createZStackServer, type ZStackServer, type ZStackServerOptions } from "../../server/index.js";
import { sha512Hex } from "../../server/accounts/passwords.js";
import { documentCurlBodyReindented } from "../fixtures/seed.js";

export type { Json } from "./documents.js";
import type { Json } from "./documents.js";

export interface Answer {
  status: number;
  body: Json;
  headers: Headers;
}

// The tests log in with the default password unless they set adminPassword themselves.
delete process.env.ZSTACK_ADMIN_PASSWORD;

/** The document's curl Content-Type. */
export const documentContentType = "application/json;charset=UTF-8";

/**
 * The model center the test bodies name. References are checked, so `add` makes it (once per server) before its
 * first call; the document's own placeholder (`modelCenterUuidExample`) is sent only to servers with
 * `references: "off"`.
 */
export const testCenterUuid = "0123456789ab4def8123456789abcdee";

/**
 * A date as ZStack's Gson writes every inventory date ("Nov 24, 2026 4:20:13 PM"): the pattern tests match
 * such dates against.
 */
export const gsonDate = /^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2}:\d{2} [AP]M$/;

/** The admin account every fresh server has on loopback (ZStack's default). */
export const admin = { accountName: "admin", password: "password" };

export interface TestServer {
  url: string;
  db: string;
  server: ZStackServer;
  call(
    path: string,
    init?: { method?: string; headers?: Record<string, string>; body?: string | object },
  ): Promise<Answer>;
  login(password?: string): Promise<string>;
  /** Headers of an authenticated JSON call. */
  auth(session: string, extra?: Record<string, string>): Record<string, string>;
  /** Adds the model center `testCenterUuid` if this server has not got it yet; its job's answer. */
  ensureCenter(session: string): Promise<Answer>;
  /**
   * POSTs AddModelService (default: the document's body, YAML re-indented, naming `testCenterUuid`) after
   * `ensureCenter`; the 202's answer.
   */
  add(session: string, body?: string | object, headers?: Record<string, string>): Promise<Answer>;
  /** Polls the job of a 202 answer once (jobs finish before the 202). */
  poll(session: string, accepted: Answer, headers?: Record<string, string>): Promise<Answer>;
  /** add + poll: the job's answer. */
  addAndPoll(session: string, body?: string | object): Promise<Answer>;
  /** Closes the server and removes the temp folder it made (a folder passed in is the caller's). */
  close(): Promise<void>;
}

export function tempDir(label = "server"): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `zms-${label}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts a server. Its database is `options.db` if given, else `server.db` in `dir` if given (the caller
 * removes `dir`, e.g. to restart on the same file), else a file in a temp folder removed on close. Tests
 * that need no file may pass `db: ":memory:"`; the default stays a file, as in production.
 */
export async function startServer(options: ZStackServerOptions = {}, dir?: string): Promise<TestServer> {
  const own = options.db === undefined && dir === undefined ? tempDir() : undefined;
  const db = options.db ?? join(dir ?? own!.dir, "server.db");
  let server: ZStackServer;
  let url: string;
  try {
    server = await createZStackServer({ logger: pino({ level: "silent" }), validateResponses: true, ...options, db });
    try {
      ({ url } = await server.listen(0, options.host ?? "127.0.0.1"));
    } catch (error) {
      await server.close();
      throw error;
    }
  } catch (error) {
    own?.remove();
    throw error;
  }
  const call: TestServer["call"] = (path, init) => callJson(url + path, init);
  const auth = (session: string, extra: Record<string, string> = {}) => ({
    Authorization: `OAuth ${session}`,
    "Content-Type": documentContentType,
    ...extra,
  });
  const login = (password = admin.password) => logIn(url, { password });
  let center: Promise<Answer> | undefined;
  const ensureCenter = (session: string) => {
    center ??= postCenter(url, session, { resourceUuid: testCenterUuid }).then((accepted) => poll(session, accepted));
    return center;
  };
  const add: TestServer["add"] = async (session, body = documentBody(), headers = {}) => {
    if (options.references !== "off") await ensureCenter(session);
    return call("/zstack/v1/ai/model-services", { method: "POST", headers: auth(session, headers), body });
  };
  const poll: TestServer["poll"] = (session, accepted, headers = {}) => {
    if (accepted.status !== 202)
      throw new Error(`expected 202, got ${accepted.status} ${JSON.stringify(accepted.body)}`);
    return call(new URL(accepted.body.location).pathname, {
      headers: { Authorization: `OAuth ${session}`, ...headers },
    });
  };
  return {
    url,
    db,
    server,
    call,
    login,
    auth,
    ensureCenter,
    add,
    poll,
    addAndPoll: async (session, body) => poll(session, await add(session, body)),
    close: async () => {
      try {
        await server.close();
      } finally {
        own?.remove();
      }
    },
  };
}

/**
 * A server for the enclosing suite (the file or a describe), started and logged into before its tests and closed
 * after them; `started` hands the suite the server and the admin session. `options` may be a function, read when
 * the suite starts (e.g. for a database an earlier hook makes).
 */
export function useServer(
  options: ZStackServerOptions | (() => ZStackServerOptions),
  started: (suite: { zs: TestServer; session: string }) => void,
): void {
  let zs: TestServer | undefined;
  beforeAll(async () => {
    zs = await startServer(typeof options === "function" ? options() : options);
    started({ zs, session: await zs.login() });
  });
  afterAll(() => zs?.close());
}

/** One HTTP exchange with a JSON answer (an object body is sent as JSON). */
export async function callJson(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | object } = {},
): Promise<Answer> {
  const body = init.body === undefined || typeof init.body === "string" ? init.body : JSON.stringify(init.body);
  const response = await fetch(url, { method: init.method ?? "GET", headers: init.headers, body });
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : JSON.parse(text), headers: response.headers };
}

/**
 * Logs in on the server at `url` — also one in another process — as admin with its default password unless
 * told otherwise; the session's uuid. Throws unless the login answers 200.
 */
export async function logIn(url: string, as: { accountName?: string; password?: string } = {}): Promise<string> {
  const answer = await callJson(`${url}/zstack/v1/accounts/login`, {
    method: "PUT",
    headers: { "Content-Type": "application/json; charset=utf-8" },
    body: {
      logInByAccount: {
        accountName: as.accountName ?? admin.accountName,
        password: sha512Hex(as.password ?? admin.password),
      },
    },
  });
  if (answer.status !== 200) throw new Error(`login failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.inventory.uuid as string;
}

/** POSTs AddModelCenter (`centerParam` with `changes`) to the server at `url`; the answer, before any poll. */
export function postCenter(url: string, session: string, changes: Record<string, unknown> = {}): Promise<Answer> {
  return callJson(`${url}/zstack/v1/ai/model-centers`, {
    method: "POST",
    headers: { Authorization: `OAuth ${session}`, "Content-Type": documentContentType },
    body: { param: { ...centerParam, ...changes } },
  });
}

/** postCenter, then its job's answer; throws unless the center was added. */
export async function addCenter(url: string, session: string, changes: Record<string, unknown> = {}): Promise<Answer> {
  const accepted = await postCenter(url, session, changes);
  if (accepted.status !== 202) throw new Error(`AddModelCenter: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  const job = await callJson(url + new URL(accepted.body.location).pathname, {
    headers: { Authorization: `OAuth ${session}` },
  });
  if (job.status !== 200) throw new Error(`AddModelCenter failed: ${job.status} ${JSON.stringify(job.body)}`);
  return job;
}

/** AddModelCenter's param for the test center (a fixed uuid is added where one is needed). */
export const centerParam = {
  name: "center",
  url: "192.168.10.12:/ai/model_center",
  managementIp: "192.168.10.12",
  managementPort: 5000,
};

/**
 * A copy of the document's request (YAML re-indented) naming `testCenterUuid`, with `param` changed: fields set,
 * or removed when `undefined`.
 */
export function documentBody(changes: Record<string, unknown> = {}, topLevel: Record<string, unknown> = {}): Json {
  const body = JSON.parse(documentCurlBodyReindented);
  body.param.modelCenterUuid = testCenterUuid;
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete body.param[key];
    else body.param[key] = value;
  }
  return { ...body, ...topLevel };
}

/** The smallest valid AddModelService param. */
export function minimalParam(name: string, requestCpu = 1) {
  return {
    name,
    yaml: "services:\n  - name: web\n    ports:\n      - 3000\n",
    modelCenterUuid: testCenterUuid,
    requestCpu,
    requestMemory: 1024,
    installPath: `/opt/zstack/ai/model-services/${name}`,
    startCommand: "python3 app.py",
  };
}
