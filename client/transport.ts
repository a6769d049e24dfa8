// The openapi-fetch client every call goes through, and the conversion of its outcomes into ZStack errors.
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { ApiTypes, latestApiVersion } from "../generated/types/index.js";
import { errorFromResponse, sdkError, SdkErrorCodes, ZStackApiError } from "./errors.js";
import { serializeZStackQuery } from "./query.js";
import { accessKeySigner, type AccessKey } from "./signing.js";

/** The client the implementation uses; the newest version's paths, since every older version is a subset. */
export type WireClient = Client<ApiTypes[typeof latestApiVersion]["paths"]>;

export interface TransportOptions {
  baseUrl: string;
  fetch?: (input: Request) => Promise<Response>;
  /** Read on every request, so that logging in or out takes effect at once. */
  session: () => string | undefined;
  /** Signs every secured request instead of the session (checked by the caller). */
  accessKey?: AccessKey;
}

// ZStack's SDKs send no Authorization to login, logout and the session check: the session uuid in their path is
// the credential (RenewSession, also under /accounts/, does need one). Health checks take none either; the
// published documents declare all of these with no security.
const sessionlessPaths = /^\/zstack\/v1\/accounts\/(login|sessions\/\{sessionUuid\}(\/valid)?)$|^\/(livez|readyz)$/;

export interface Wire {
  /**
   * For the client's own calls: no middleware (it costs a tenth of a call); secured calls pass `auth()`. With an
   * access key it signs in a middleware instead: a signature needs the method and the final URL, which only a
   * middleware sees, and the signing (async HMAC) costs more than the middleware anyway.
   */
  client: WireClient;
  /** The session's Authorization header, if there is a session; empty when signing (the middleware does it). */
  auth(): Record<string, string>;
  /** For callers (`.raw`): the same client, with the Authorization added by a middleware. */
  raw: WireClient;
}

/**
 * What openapi-fetch builds for each of the client's own calls (its `Request` option) when they go to the global
 * fetch: the URL and init, passed on as they are. With a real Request a call built one twice, here and again inside
 * fetch, ≈ a third of the client's own time per call. A `fetch` given by the caller gets real Requests.
 */
class PlainRequest {
  constructor(
    readonly url: string,
    readonly init: RequestInit,
  ) {}

  get method(): string {
    return this.init.method ?? "GET";
  }
}

const sendPlain = (request: PlainRequest) => globalThis.fetch(request.url, request.init);

export function createWire(options: TransportOptions): Wire {
  const create = (plain: boolean) =>
    createClient<ApiTypes[typeof latestApiVersion]["paths"]>({
      baseUrl: options.baseUrl,
      querySerializer: serializeZStackQuery,
      ...(options.fetch
        ? { fetch: options.fetch }
        : plain
          ? { Request: PlainRequest as unknown as typeof Request, fetch: sendPlain as unknown as typeof fetch }
          : {}),
    });
  // `.raw` keeps real Requests: its middleware, and callers' own, work on them.
  const raw = create(false);
  if (options.accessKey) {
    const sign = accessKeySigner(options.accessKey);
    const signing: Middleware = {
      async onRequest({ request, schemaPath }) {
        if (sessionlessPaths.test(schemaPath) || request.headers.has("Authorization")) return request;
        const headers = await sign(request.method, request.url);
        request.headers.set("Authorization", headers.Authorization);
        request.headers.set("Date", headers.Date);
        return request;
      },
    };
    // Two clients, as with a session, so that middlewares a caller adds to `.raw` stay out of the client's calls.
    const client = create(false);
    client.use(signing);
    raw.use(signing);
    return { client, auth: () => ({}), raw };
  }
  const auth = (): Record<string, string> => {
    const session = options.session();
    return session ? { Authorization: `OAuth ${session}` } : {};
  };
  const middleware: Middleware = {
    onRequest({ request, schemaPath }) {
      const header = auth().Authorization;
      if (header && !sessionlessPaths.test(schemaPath) && !request.headers.has("Authorization"))
        request.headers.set("Authorization", header);
      return request;
    },
  };
  raw.use(middleware);
  return { client: create(true), auth, raw };
}

interface Outcome {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * Awaits an openapi-fetch call and returns its body when the status is one of `expected`; any other status
 * becomes a ZStackApiError. A failure to reach the server is sdk.1000, an unreadable answer sdk.1002.
 */
export async function expectStatus<T extends Outcome>(
  call: Promise<T>,
  expected: readonly number[],
): Promise<{ body: NonNullable<T["data"]> | undefined; status: number }> {
  let outcome: T;
  try {
    outcome = await call;
  } catch (error) {
    if (error instanceof ZStackApiError) throw error;
    if (error instanceof SyntaxError) {
      throw sdkError(SdkErrorCodes.internalError, "the server's answer is not valid JSON", error.message);
    }
    throw sdkError(
      SdkErrorCodes.httpError,
      "the request did not reach the server",
      String((error as Error)?.message ?? error),
    );
  }
  const { status } = outcome.response;
  if (!expected.includes(status)) throw errorFromResponse(status, outcome.error ?? outcome.data);
  return { body: outcome.data as NonNullable<T["data"]> | undefined, status };
}
