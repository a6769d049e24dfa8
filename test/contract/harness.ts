// Where server and client meet: a real server (port 0, SQLite in a temp folder, response validation on)
// and a typed client logged in to it. With ZMS_CONTRACT_JUDGE=prism, every exchange goes through Stoplight
// Prism (see judge.ts) and each test fails on what Prism reports.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { createZStackClient, type ZStackClient } from "../../client/index.js";
import type { ApiVersion } from "../../generated/types/index.js";
import { latestApiVersion } from "../../generated/types/index.js";
import { createZStackServer, type ZStackServer } from "../../server/index.js";
import { repoRoot } from "../helpers/documents.js";
import { freePort, startPrism, type Judge } from "./judge.js";

export const judged = process.env.ZMS_CONTRACT_JUDGE === "prism";

export interface Contract<V extends ApiVersion> {
  /** Where clients should call: the server, or Prism in front of it. */
  url: string;
  server: ZStackServer;
  /** A client of `clientVersion`, logged in as admin. */
  client: ZStackClient<V>;
  /** The fetch every call goes through (Prism's judged one in judge mode). */
  fetch: typeof fetch;
  session: string;
  /** A client of another version against the same server, logged in. */
  clientOf<W extends ApiVersion>(version: W): Promise<ZStackClient<W>>;
}

/** Starts a server of `serverVersion` for the file's tests and a logged-in client of `clientVersion`. */
export function useContract<V extends ApiVersion = typeof latestApiVersion>(
  options: { serverVersion?: ApiVersion; clientVersion?: V } = {},
): Contract<V> {
  const serverVersion = options.serverVersion ?? latestApiVersion;
  const contract = {} as Contract<V>;
  let judge: Judge | undefined;
  let dir = "";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "zms-contract-"));
    const prismPort = judged ? await freePort() : undefined;
    const server = await createZStackServer({
      db: join(dir, "contract.db"),
      apiVersion: serverVersion,
      logger: pino({ level: "silent" }),
      validateResponses: true,
      // Behind Prism, job locations must point at Prism so that polls are judged too.
      publicUrl: prismPort ? `http://127.0.0.1:${prismPort}` : undefined,
    });
    const { url } = await server.listen(0, "127.0.0.1");
    if (prismPort) judge = await startPrism(join(repoRoot, "generated/openapi", `${serverVersion}.yaml`), url, prismPort);
    contract.server = server;
    contract.url = judge?.url ?? url;
    contract.fetch = judge?.fetch ?? fetch;
    contract.clientOf = async (version) => {
      const client = createZStackClient({ baseUrl: contract.url, apiVersion: version, fetch: contract.fetch, pollInterval: 20 });
      await client.login({ accountName: "admin", password: "password" });
      return client;
    };
    contract.client = await contract.clientOf((options.clientVersion ?? serverVersion) as V);
    contract.session = contract.client.sessionId!;
  });

  afterEach(() => {
    if (judge) expect(judge.takeProblems()).toEqual([]);
  });

  afterAll(async () => {
    await judge?.close();
    await contract.server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  return contract;
}

/** Sends a request with `fetch` and reads the JSON answer. */
export async function send(contract: Contract<ApiVersion>, path: string, init: RequestInit = {}) {
  const response = await contract.fetch(contract.url + path, init);
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as any, headers: response.headers };
}
