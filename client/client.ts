// createZStackClient: a thin layer over openapi-fetch, typed per API version.
import type { Client } from "openapi-fetch";
import { apiVersions, latestApiVersion } from "../generated/types/index.js";
import { sha512Hex } from "./crypto.js";
import { reviveDates } from "./dates.js";
import { sdkError, SdkErrorCodes } from "./errors.js";
import { defaultPollInterval, defaultTimeout, followJob } from "./jobs.js";
import { formatCondition, type QueryInput, type SortOrder } from "./query.js";
import { type AccessKey, canSetDateHeader, checkAccessKey } from "./signing.js";
import { createWire, expectStatus } from "./transport.js";
import type {
  AddModelServiceParam,
  ApiVersion,
  DateMode,
  DeleteMode,
  JobResult,
  LatestApiVersion,
  ModelServiceInventory,
  Paths,
  SessionInventory,
  UpdateModelServiceParam,
} from "./types.js";

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

/** Options of the asynchronous calls. */
export interface JobOptions {
  /** A client-chosen job uuid (32 hex characters), sent as `X-Job-UUID`. */
  jobUuid?: string;
}

export interface QueryOptions<V extends ApiVersion> {
  /** Conditions, all of which must hold. */
  q?: readonly QueryInput<V>[];
  limit?: number;
  start?: number;
  sort?: SortOrder<V>;
  /** Only these fields (and `uuid`) are returned. */
  fields?: readonly (keyof ModelServiceInventory<V> & string)[];
  /** Return only `total`. */
  count?: boolean;
  /** Return `total` beside `inventories`. */
  replyWithCount?: boolean;
}

export interface QueryResult<V extends ApiVersion, D extends DateMode> {
  /** The matching services (empty with `count: true`). */
  inventories: ModelServiceInventory<V, D>[];
  /** How many match, ignoring `limit` and `start`: present with `count` or `replyWithCount`. */
  total?: number;
}

export interface ZStackClient<V extends ApiVersion = LatestApiVersion, D extends DateMode = "string"> {
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
  /**
   * RenewSession: sets the session's expiry to `duration` seconds (60 to 31536000) from now, following its job;
   * `sessionUuid` defaults to the client's own session. Returns the session with its new `expiredDate`.
   */
  renewSession(duration?: number, sessionUuid?: string, options?: JobOptions): Promise<SessionInventory<D>>;
  addModelService(
    param: AddModelServiceParam<V>,
    options?: JobOptions & { systemTags?: string[]; userTags?: string[] },
  ): Promise<ModelServiceInventory<V, D>>;
  /** The service with this uuid, or undefined when there is none. */
  getModelService(uuid: string): Promise<ModelServiceInventory<V, D> | undefined>;
  queryModelServices(options?: QueryOptions<V>): Promise<QueryResult<V, D>>;
  /**
   * Every matching service, fetched `pageSize` (default 100) at a time. Give a `sort` for a stable order against
   * real ZStack (this package's server breaks ties by uuid).
   */
  iterateModelServices(options?: {
    q?: readonly QueryInput<V>[];
    sort?: SortOrder<V>;
    pageSize?: number;
  }): AsyncGenerator<ModelServiceInventory<V, D>, void, undefined>;
  updateModelService(uuid: string, changes: UpdateModelServiceParam<V>, options?: JobOptions): Promise<ModelServiceInventory<V, D>>;
  deleteModelService(uuid: string, options?: JobOptions & { deleteMode?: DeleteMode }): Promise<void>;
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
  const poll = { pollInterval: options.pollInterval ?? defaultPollInterval, timeout: options.timeout ?? defaultTimeout };
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
  const { client: api, auth, raw } = wire;
  const jobHeaders = (jobUuid?: string) => (jobUuid ? { "X-Job-UUID": jobUuid } : {});

  async function inventoryOf(accepted: { body?: { location: string } }) {
    const result = await followJob(wire, locationOf(accepted.body), poll);
    if (!result.inventory) throw sdkError(SdkErrorCodes.internalError, "the job's result has no inventory", JSON.stringify(result));
    return out(result.inventory);
  }

  async function query(options: QueryOptions<LatestApiVersion> = {}) {
    const { q, ...rest } = options;
    const { body } = await expectStatus(
      api.GET("/zstack/v1/ai/model-services", {
        params: { query: { ...rest, ...(q ? { q: q.map(formatCondition) } : {}), fields: rest.fields ? [...rest.fields] : undefined } },
        headers: auth(),
      }),
      [200],
    );
    const result: { inventories: unknown[]; total?: number } = { inventories: out(body?.inventories ?? []) };
    if (body?.total !== undefined) result.total = body.total;
    return result;
  }

  const client = {
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
        api.PUT("/zstack/v1/accounts/login", { body: { logInByAccount: { accountName, password: await sha512Hex(password) } } }),
        [200],
      );
      if (!body?.inventory?.uuid) throw sdkError(SdkErrorCodes.internalError, "the login answer has no session", JSON.stringify(body));
      session = body.inventory.uuid;
      return out(body.inventory);
    },
    async logout() {
      if (!session) return;
      await expectStatus(api.DELETE("/zstack/v1/accounts/sessions/{sessionUuid}", { params: { path: { sessionUuid: session } } }), [200]);
      session = undefined;
    },
    async renewSession(duration?: number, sessionUuid = session, { jobUuid }: JobOptions = {}) {
      if (!sessionUuid) throw sdkError(SdkErrorCodes.internalError, "no session to renew: log in or pass its uuid");
      const call = api.PUT("/zstack/v1/accounts/sessions/{sessionUuid}/renew", {
        params: { path: { sessionUuid }, header: jobHeaders(jobUuid) },
        headers: auth(),
        body: { renewSession: duration === undefined ? {} : { duration } },
      });
      return inventoryOf(await expectStatus(call, [202]));
    },
    async addModelService(
      param: AddModelServiceParam<LatestApiVersion>,
      { jobUuid, systemTags, userTags }: JobOptions & { systemTags?: string[]; userTags?: string[] } = {},
    ) {
      const body = { param, ...(systemTags ? { systemTags } : {}), ...(userTags ? { userTags } : {}) };
      const call = api.POST("/zstack/v1/ai/model-services", { body, params: { header: jobHeaders(jobUuid) }, headers: auth() });
      return inventoryOf(await expectStatus(call, [202]));
    },
    async getModelService(uuid: string) {
      const { body } = await expectStatus(api.GET("/zstack/v1/ai/model-services/{uuid}", { params: { path: { uuid } }, headers: auth() }), [200]);
      const inventory = body?.inventories?.[0];
      return inventory ? out(inventory) : undefined;
    },
    queryModelServices: query,
    async *iterateModelServices({ q, sort, pageSize = 100 }: Pick<QueryOptions<LatestApiVersion>, "q" | "sort"> & { pageSize?: number } = {}) {
      if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError("pageSize must be a positive integer");
      for (let start = 0; ; start += pageSize) {
        const { inventories } = await query({ q, sort, limit: pageSize, start });
        yield* inventories;
        if (inventories.length < pageSize) return;
      }
    },
    async updateModelService(uuid: string, changes: UpdateModelServiceParam<LatestApiVersion>, { jobUuid }: JobOptions = {}) {
      const call = api.PUT("/zstack/v1/ai/model-services/{uuid}", {
        params: { path: { uuid }, header: jobHeaders(jobUuid) },
        headers: auth(),
        body: { updateModelService: changes },
      });
      return inventoryOf(await expectStatus(call, [202]));
    },
    async deleteModelService(uuid: string, { jobUuid, deleteMode }: JobOptions & { deleteMode?: DeleteMode } = {}) {
      const call = api.DELETE("/zstack/v1/ai/model-services/{uuid}", {
        params: { path: { uuid }, query: deleteMode ? { deleteMode } : {}, header: jobHeaders(jobUuid) },
        headers: auth(),
      });
      const { body } = await expectStatus(call, [202]);
      await followJob(wire, locationOf(body), poll);
    },
    async waitForJob(location: string) {
      return out(await followJob(wire, location, poll));
    },
  };
  // The implementation is written against the newest version, of which every older one is a subset; the
  // per-version types are the public face.
  return client as unknown as ZStackClient<V, D>;
}

function locationOf(body: { location?: string } | undefined): string {
  if (!body?.location) throw sdkError(SdkErrorCodes.internalError, "the server accepted the job but sent no location", JSON.stringify(body));
  return body.location;
}
