// A real server over HTTP for the server tests: port 0, a SQLite file in a temp folder of its own, response
// validation on, silent logs; plus the few steps every test repeats (log in, add the document's service,
// poll a job).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { createZStackServer, type ZStackServer, type ZStackServerOptions } from "../../server/index.js";
import { sha512Hex } from "../../server/accounts/passwords.js";
import { documentCurlBodyReindented } from "../fixtures/seed.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Answer {
  status: number;
  body: Json;
  headers: Headers;
}

// The tests log in with the default password unless they set adminPassword themselves.
delete process.env.ZSTACK_ADMIN_PASSWORD;

/** The document's curl headers (its session replaced by a real one). */
export const documentContentType = "application/json;charset=UTF-8";

export interface TestServer {
  url: string;
  db: string;
  server: ZStackServer;
  call(path: string, init?: { method?: string; headers?: Record<string, string>; body?: string | object }): Promise<Answer>;
  login(password?: string): Promise<string>;
  /** Headers of an authenticated JSON call. */
  auth(session: string, extra?: Record<string, string>): Record<string, string>;
  /** POSTs AddModelService (default: the document's body, YAML re-indented); the 202's answer. */
  add(session: string, body?: string | object, headers?: Record<string, string>): Promise<Answer>;
  /** Polls the job of a 202 answer once (jobs finish before the 202). */
  poll(session: string, accepted: Answer, headers?: Record<string, string>): Promise<Answer>;
  /** add + poll: the job's answer. */
  addAndPoll(session: string, body?: string | object): Promise<Answer>;
  close(): Promise<void>;
}

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "zms-server-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startServer(options: ZStackServerOptions = {}, dir = tempDir().dir): Promise<TestServer> {
  const db = options.db ?? join(dir, "server.db");
  const server = await createZStackServer({ logger: pino({ level: "silent" }), validateResponses: true, ...options, db });
  const { url } = await server.listen(0, options.host ?? "127.0.0.1");

  const call: TestServer["call"] = async (path, init = {}) => {
    const body = init.body === undefined || typeof init.body === "string" ? init.body : JSON.stringify(init.body);
    const response = await fetch(url + path, { method: init.method ?? "GET", headers: init.headers, body });
    const text = await response.text();
    return { status: response.status, body: text === "" ? undefined : JSON.parse(text), headers: response.headers };
  };
  const auth = (session: string, extra: Record<string, string> = {}) => ({ Authorization: `OAuth ${session}`, "Content-Type": documentContentType, ...extra });
  const login = async (password = "password") => {
    const answer = await call("/zstack/v1/accounts/login", {
      method: "PUT",
      headers: { "Content-Type": "application/json; charset=utf-8" },
      body: { logInByAccount: { accountName: "admin", password: sha512Hex(password) } },
    });
    if (answer.status !== 200) throw new Error(`login failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.inventory.uuid as string;
  };
  const add: TestServer["add"] = (session, body = documentCurlBodyReindented, headers = {}) =>
    call("/zstack/v1/ai/model-services", { method: "POST", headers: auth(session, headers), body });
  const poll: TestServer["poll"] = (session, accepted, headers = {}) => {
    if (accepted.status !== 202) throw new Error(`expected 202, got ${accepted.status} ${JSON.stringify(accepted.body)}`);
    return call(new URL(accepted.body.location).pathname, { headers: { Authorization: `OAuth ${session}`, ...headers } });
  };
  return {
    url,
    db,
    server,
    call,
    login,
    auth,
    add,
    poll,
    addAndPoll: async (session, body) => poll(session, await add(session, body)),
    close: () => server.close(),
  };
}

/** A copy of the document's request with `param` changed: fields set, or removed when `undefined`. */
export function documentBody(changes: Record<string, unknown> = {}, topLevel: Record<string, unknown> = {}): Json {
  const body = JSON.parse(documentCurlBodyReindented);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete body.param[key];
    else body.param[key] = value;
  }
  return { ...body, ...topLevel };
}
