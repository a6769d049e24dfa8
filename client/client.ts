// createZStackClient: a thin layer over openapi-fetch, typed per API version.
import type { Client } from "openapi-fetch";
import { apiVersions, latestApiVersion } from "../generated/types/index.js";
import { sha512Hex } from "./crypto.js";
import { reviveDates } from "./dates.js";
import { sdkError, SdkErrorCodes } from "./errors.js";
import { defaultPollInterval, defaultTimeout, followJob } from "./jobs.js";
import { type OperationMethods, operationMethods } from "./operations.js";
import { type AccessKey, canSetDateHeader, checkAccessKey } from "./signing.js";
import { createWire, expectStatus } from "./transport.js";
import type { ApiVersion, DateMode, JobResult, LatestApiVersion, Paths, SessionInventory } from "./types.js";

export type { IterateOptions, JobOptions, QueryOptions, QueryResult } from "./operations.js";

export interface ZStackClientOptions<V extends ApiVersion = LatestApiVersion, D extends DateMode = "string"> {
  /** Where ZStack answers, e.g. `http://zstack:8080` (the client adds `/zstack/v1/...`). */
  baseUrl: string;
  /** The API version whose fields the client accepts, at compile time. Defaults to the newest. */
  apiVersion?: V;
  /** A session to use from the start, e.g. one obtained elsewhere; `login()` sets it too. */
  sessionId?: string;
  /**
   * An access key pair (CreateAccessKey's `AccessKeyID` and `AccessKeySecret`) to sign every secured request with,
   * jobs' polls included: `Authorization: ZStack <id>:<signature>` and a `Date` header, instead of
   * `Authorization: OAuth <session>`. When given, it wins over `sessionId` and `login()`'s session, as in ZStack's
   * Java SDK (an action with both signs). Needs a fetch that may send a `Date` header: Node's, Deno's, Bun's.
   * Browsers forbid the header (the Fetch standard), so there creating such a client throws a TypeError: log in
   * instead, or sign on a server.
   */
  accessKey?: AccessKey;
  /** A fetch to use instead of the global one (tests, proxies, instrumentation). */
  fetch?: (input: Request) => Promise<Response>;
  /** The longest wait between two polls of a job, in ms. Default 1000, like ZStack's SDKs. */
  pollInterval?: number;
  /** How long to wait for a job, in ms, before failing with sdk.1001. Default 3 hours, like ZStack's SDKs. */
  timeout?: number;
  /** The server's time zone (its `--time-zone`), for reading dates. Default UTC. */
  timeZone?: string;
  /** `"date"` returns inventories with `Date`s; `"string"` (the default) keeps the wire's Gson strings. */
  dates?: D;
}

/**
 * A client of version `V`: sessions and job polling here, and a method per operation of the documents
 * (client/operations.ts): `addModelService`, `queryModelServices`, `iterateModelServices`, `getModelService`, ...
 */
export type ZStackClient<V extends ApiVersion = LatestApiVersion, D extends DateMode = "string"> = ClientCore<V, D> &
  OperationMethods<V, D>;

interface ClientCore<V extends ApiVersion, D extends DateMode> {
  readonly apiVersion: V;
  /**
   * The session the client sends as `Authorization: OAuth <session>`; set by `login()`, cleared by `logout()`.
   * Unused for authorization while the client signs with an `accessKey`.
   */
  sessionId: string | undefined;
  /** The openapi-fetch client, typed for version `V`, for anything the methods do not cover. */
  readonly raw: Client<Paths<V>>;
  /** Logs in (sending the SHA-512 hex of the password, as ZStack's SDKs do) and keeps the session. */
  login(credentials: { accountName: string; password: string }): Promise<SessionInventory<D>>;
  /** Ends the current session, if any, and forgets it. */
  logout(): Promise<void>;
  /** Polls a job's location until it finishes; returns its result or throws its error. */
  waitForJob(location: string): Promise<JobResult<V, D>>;
}

/** Creates a client. The `apiVersion` literal decides at compile time which fields the methods accept. */
export function createZStackClient<V extends ApiVersion = LatestApiVersion, D extends DateMode = "string">(
  options: ZStackClientOptions<V, D>,
): ZStackClient<V, D> {
  const apiVersion = options.apiVersion ?? latestApiVersion;
  if (!(apiVersions as readonly string[]).includes(apiVersion)) {
    throw new TypeError(`unknown apiVersion ${JSON.stringify(apiVersion)}; known: ${apiVersions.join(", ")}`);
  }
  const poll = {
    pollInterval: options.pollInterval ?? defaultPollInterval,
    timeout: options.timeout ?? defaultTimeout,
  };
  const timeZone = options.timeZone ?? "UTC";
  const out = <T>(value: T) => (options.dates === "date" ? reviveDates(value, timeZone) : value);
  if (options.accessKey) {
    checkAccessKey(options.accessKey);
    if (!canSetDateHeader()) {
      throw new TypeError(
        "accessKey signing needs a Date header, which this environment's fetch does not send (browsers forbid it); " +
          "log in with a session instead",
      );
    }
  }
  let session = options.sessionId;
  const { accessKey } = options;
  const wire = createWire({ baseUrl: options.baseUrl, fetch: options.fetch, session: () => session, accessKey });
  const { client: api, raw } = wire;
  const client = {
    ...operationMethods(wire, poll, out),
    apiVersion,
    get sessionId() {
      return session;
    },
    set sessionId(value: string | undefined) {
      session = value;
    },
    raw,
    async login({ accountName, password }: { accountName: string; password: string }) {
      const { body } = await expectStatus(
        api.PUT("/zstack/v1/accounts/login", {
          body: { logInByAccount: { accountName, password: await sha512Hex(password) } },
        }),
        [200],
      );
      if (!body?.inventory?.uuid)
        throw sdkError(SdkErrorCodes.internalError, "the login answer has no session", JSON.stringify(body));
      session = body.inventory.uuid;
      return out(body.inventory);
    },
    async logout() {
      if (!session) return;
      await expectStatus(
        api.DELETE("/zstack/v1/accounts/sessions/{sessionUuid}", { params: { path: { sessionUuid: session } } }),
        [200],
      );
      session = undefined;
    },
    async waitForJob(location: string) {
      return out(await followJob(wire, location, poll));
    },
  };
  // The implementation is written against the newest version, of which every older one is a subset; the
  // per-version types are the public face.
  return client as unknown as ZStackClient<V, D>;
}
