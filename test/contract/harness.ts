// Where server and client meet: the shared test server (test/helpers/server.ts) and a typed client logged
// in to it with the client's default transport. With ZMS_CONTRACT_JUDGE=prism, every exchange goes through
// Stoplight Prism (see judge.ts) and each test fails on what Prism reports. With ZMS_CONTRACT_READ_CACHE=0
// the server runs without its read cache, so that a cached answer cannot hide a wrong one.
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { join } from "node:path";
import { createZStackClient, type ZStackClient } from "../../client/index.js";
import type { ApiVersion } from "../../generated/types/index.js";
import { latestApiVersion } from "../../generated/types/index.js";
import type { ZStackServer } from "../../server/index.js";
import { repoRoot } from "../helpers/documents.js";
import { admin, callJson, startServer, type TestServer } from "../helpers/server.js";
import { startJudge, type Judge } from "./judge.js";

export const judged = process.env.ZMS_CONTRACT_JUDGE === "prism";
const readCacheMb = process.env.ZMS_CONTRACT_READ_CACHE === "0" ? 0 : undefined;

export interface Contract<V extends ApiVersion> {
  /** Where clients should call: the server, or the judge in front of it. */
  url: string;
  server: ZStackServer;
  /** A client of `clientVersion`, logged in as admin. */
  client: ZStackClient<V>;
  session: string;
  /** A client of another version against the same server, logged in. */
  clientOf<W extends ApiVersion>(version: W): Promise<ZStackClient<W>>;
}

/** Starts a server of `serverVersion` for the file's tests and a logged-in client of `clientVersion`. */
export function useContract<V extends ApiVersion = typeof latestApiVersion>(
  options: { serverVersion?: ApiVersion; clientVersion?: V; references?: "check" | "off" } = {},
): Contract<V> {
  const serverVersion = options.serverVersion ?? latestApiVersion;
  const contract = {} as Contract<V>;
  let judge: Judge | undefined;
  let running: TestServer | undefined;

  beforeAll(async () => {
    judge = judged ? await startJudge() : undefined;
    // Behind the judge, job locations must point at it so that polls are judged too.
    // The source document's examples name placeholder uuids (`modelCenterUuidExample`), which no check of
    // references can accept: the contract runs with `--references off`; test/server checks references.
    running = await startServer({
      apiVersion: serverVersion,
      publicUrl: judge?.url,
      references: options.references ?? "off",
      // Deployments reach Running at once: the lifecycle is watched in test/server.
      deploySeconds: 0,
      ...(readCacheMb === undefined ? {} : { readCacheMb }),
    });
    await judge?.startPrism(join(repoRoot, "generated/openapi", `${serverVersion}.yaml`), running.url);
    contract.server = running.server;
    contract.url = judge?.url ?? running.url;
    contract.clientOf = async (version) => {
      const client = createZStackClient({ baseUrl: contract.url, apiVersion: version, pollInterval: 20 });
      await client.login(admin);
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
    await running?.close();
  });

  return contract;
}

/** Sends a request with `fetch` and reads the JSON answer. */
export async function send(
  contract: Contract<ApiVersion>,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return callJson(contract.url + path, init);
}
