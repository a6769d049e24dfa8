// ZStack's error model and the translation of every failure into it: a ZStackError carries the HTTP status
// and the ErrorCode body DESIGN.md's status table gives; validator rejections become details that name
// each bad field and what is wrong with it.
import type { RemovedField } from "../contract/index.js";
import { StoreUnavailableError } from "../store/types.js";

export interface ErrorCodeBody {
  code: string;
  description: string;
  details?: string;
}

export class ZStackError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
    readonly details?: string,
  ) {
    super(details ? `${code}: ${details}` : code);
    this.name = "ZStackError";
  }

  body(): { error: ErrorCodeBody } {
    return {
      error:
        this.details === undefined
          ? { code: this.code, description: this.description }
          : { code: this.code, description: this.description, details: this.details },
    };
  }
}

const ARGUMENT = "One or more API argument is invalid";

/**
 * ID.1001: an unknown or expired session (or a bad access-key signature); asynchronous APIs answer it through the job.
 */
export const invalidSessionCode = "ID.1001";

// REST-layer failures have no ZStack code (real ZStack answers them in plain text); they reuse the nearest
// ZStack code: SYS.1007 for a malformed request, SYS.1008 (unknown message) for no such API.
export const zstackErrors = {
  /** An API argument is invalid: 503, or the job's answer on an asynchronous API. */
  invalidArgument: (details: string) => new ZStackError(503, "SYS.1007", ARGUMENT, details),
  badRequest: (details: string) => new ZStackError(400, "SYS.1007", ARGUMENT, details),
  notFound: (details: string) => new ZStackError(404, "SYS.1008", "No API or resource at this path", details),
  jobNotFound: (uuid: string) =>
    new ZStackError(404, "SYS.1003", "Resource not found", `job[uuid:${uuid}] not found or its result has expired`),
  methodNotAllowed: (details: string) =>
    new ZStackError(405, "SYS.1008", "The path does not support this method", details),
  tooLarge: () => new ZStackError(413, "SYS.1007", ARGUMENT, "the request body is larger than 1 MiB"),
  unsupportedMediaType: (details: string) => new ZStackError(415, "SYS.1007", ARGUMENT, details),
  internal: () =>
    new ZStackError(
      500,
      "SYS.1000",
      "An internal error happened in the system",
      "an unexpected failure; the server's log has the details",
    ),
  storeUnavailable: () =>
    new ZStackError(
      503,
      "SYS.1000",
      "An internal error happened in the system",
      "the database is unavailable; try again later",
    ),
  resourceNotFound: (uuid: string, vo: string, field = "uuid") =>
    new ZStackError(
      503,
      "SYS.1003",
      "Resource not found",
      `invalid field[${field}], resource[uuid:${uuid}, type:${vo}] not found`,
    ),
  authentication: () => new ZStackError(503, "ID.1000", "Authentication error", "wrong account name or password"),
  invalidSession: (uuid: string) =>
    new ZStackError(
      503,
      invalidSessionCode,
      "The session is invalid, either wrong session id or the session has been expired",
      `Session[${uuid}] not found or expired`,
    ),
  /** SYS.1006: an operation that could not go on (a deployment whose instance group was deleted). */
  operationStopped: (details: string) => new ZStackError(503, "SYS.1006", "The operation was stopped", details),
  permissionDenied: (details: string) => new ZStackError(503, "ID.1002", "Permission denied", details),
  tooManySessions: (account: string, max: number) =>
    new ZStackError(
      503,
      "ID.1006",
      "Too many concurrent sessions",
      `account[${account}] already has ${max} sessions; log out of one first`,
    ),
  missingAuthorization: () =>
    new ZStackError(400, "SYS.1007", ARGUMENT, "the Authorization header must be `OAuth <session-uuid>`"),
};

/** One problem the request validator found, located. */
export interface RequestProblem {
  location: "headers" | "query" | "params" | "body";
  /** A header's or query parameter's name, or a body field's path relative to the body (`param.requestCpu`). */
  name: string;
  detail: string;
  unknownQueryParameter?: boolean;
}

interface ValidatorErrorItem {
  path?: string;
  message?: string;
  errorCode?: string;
}

/** What the served contract knows about fields it lacks (server/contract: addedLater, removedEarlier). */
export interface FieldVersions {
  apiVersion: string;
  addedLater: Map<string, string>;
  removedEarlier: Map<string, RemovedField>;
}

/**
 * The validator's errors as problems. `addedLater` maps `<operationId> <field path>` to the version that
 * added a field this server's version does not have; `removedEarlier` to the version that removed one.
 */
export function requestProblems(
  errors: ValidatorErrorItem[],
  operationId: string | undefined,
  versions: FieldVersions,
): RequestProblem[] {
  return errors.map((item) => {
    const segments = (item.path ?? "").split("/").filter(Boolean);
    const location = (
      ["headers", "query", "params", "body"].includes(segments[0] ?? "") ? segments.shift() : "body"
    ) as RequestProblem["location"];
    const name = (location === "body" ? dotted(segments) : segments[0]) || "body";
    const message = item.message ?? "is invalid";
    if (location === "query" && /^Unknown query parameter/.test(message)) {
      return { location, name, detail: `${name}: unknown query parameter`, unknownQueryParameter: true };
    }
    const key = `${operationId} ${name.replace(/\[\d+\]/g, "[]")}`;
    return { location, name, detail: `${name}: ${problemText(item.errorCode, message, key, versions)}` };
  });
}

/** What is wrong, in ZStack's words where it has them. */
function problemText(errorCode: string | undefined, message: string, key: string, versions: FieldVersions): string {
  switch (errorCode?.replace(/\.openapi\.validation$/, "")) {
    case "required":
      return "is mandatory, can not be null";
    case "additionalProperties": {
      const since = versions.addedLater.get(key);
      if (since) return `was added in API version ${since} (this server speaks ${versions.apiVersion})`;
      const removed = versions.removedEarlier.get(key);
      if (removed)
        return (
          `was removed in API version ${removed.version} (this server speaks ${versions.apiVersion})` +
          (removed.replacedBy ? `; use ${removed.replacedBy}` : "")
        );
      return "unknown field";
    }
    case "minProperties":
      return "must name at least one field";
    default:
      return message;
  }
}

function dotted(segments: string[]): string {
  return segments.reduce((path, s) => (/^\d+$/.test(s) ? `${path}[${s}]` : path ? `${path}.${s}` : s), "");
}

/** Errors from body parsing and the validator's routing that are not argument problems. */
export function restLayerError(err: unknown): ZStackError | undefined {
  if (err instanceof ZStackError) return err;
  if (err instanceof StoreUnavailableError) return zstackErrors.storeUnavailable();
  const e = err as { status?: number; statusCode?: number; type?: string; message?: string; errors?: unknown[] };
  const status = e?.status ?? e?.statusCode;
  switch (e?.type) {
    case "entity.parse.failed":
      return zstackErrors.badRequest(`the body is not valid JSON: ${e.message}`);
    case "entity.too.large":
      return zstackErrors.tooLarge();
    case "encoding.unsupported":
    case "charset.unsupported":
      return zstackErrors.unsupportedMediaType(e.message ?? "unsupported encoding");
    case "request.aborted":
    case "request.size.invalid":
      return zstackErrors.badRequest("the request body was cut short");
  }
  if (status === 404) return zstackErrors.notFound("no API at this path");
  if (status === 405) return zstackErrors.methodNotAllowed(e.message ?? "method not allowed");
  if (status === 413) return zstackErrors.tooLarge();
  if (status === 415)
    return zstackErrors.unsupportedMediaType("the body must be JSON (Content-Type: application/json)");
  return undefined;
}
