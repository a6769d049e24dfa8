import type { ApiTypes, latestApiVersion } from "../generated/types/index.js";

/** A ZStack error as the server sends it inside `{"error": ...}`; `cause` chains to the error behind it. */
export type ErrorCode = ApiTypes[typeof latestApiVersion]["components"]["schemas"]["ErrorCode"];

/** ZStack's client-side SDK codes (the same strings its Java and Python SDKs use). */
export const SdkErrorCodes = {
  /** The server answered with a status the protocol does not expect, or could not be reached. */
  httpError: "sdk.1000",
  /** A job did not finish within the client's timeout. */
  pollingTimeout: "sdk.1001",
  /** Something went wrong inside the client (an answer it cannot read). */
  internalError: "sdk.1002",
} as const;

/**
 * A failed ZStack call. `code` is the server's (`SYS.1007`, `ID.1001`, ...) or the SDK's (`sdk.1000`...);
 * `errorCode` is the whole ErrorCode and `cause` the one behind it, so a caller can walk the chain.
 */
export class ZStackApiError extends Error {
  override readonly name = "ZStackApiError";
  /** The HTTP status of the answer that carried the error; undefined when there was no answer. */
  readonly status: number | undefined;
  readonly code: string;
  readonly description: string | undefined;
  readonly details: string | undefined;
  /** The error that caused this one, as the server chained it. */
  override readonly cause: ErrorCode | undefined;
  readonly errorCode: ErrorCode;

  constructor(errorCode: ErrorCode, status?: number) {
    super(describe(errorCode));
    this.status = status;
    this.code = errorCode.code;
    this.description = errorCode.description;
    this.details = errorCode.details;
    this.cause = errorCode.cause;
    this.errorCode = errorCode;
  }
}

function describe(error: ErrorCode): string {
  return [error.code, error.description, error.details].filter(Boolean).join(": ");
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "object" && value !== null && typeof (value as { code?: unknown }).code === "string";
}

/**
 * The error for an answer that is not the one expected. The server's ErrorCode is kept whenever the body
 * carries one (its 400/404/405/413/415/500/503 all do); any other body becomes sdk.1000 with the body as text,
 * as ZStack's SDKs report it.
 */
export function errorFromResponse(status: number, body: unknown): ZStackApiError {
  const error = typeof body === "object" && body !== null ? (body as { error?: unknown }).error : undefined;
  if (isErrorCode(error)) return new ZStackApiError(error, status);
  const text = typeof body === "string" ? body : body === undefined ? "" : JSON.stringify(body);
  return new ZStackApiError(
    {
      code: SdkErrorCodes.httpError,
      description: `the http status code[${status}] indicates a failure happened`,
      details: text,
    },
    status,
  );
}

/** A client-side failure with one of the SDK codes. */
export function sdkError(
  code: (typeof SdkErrorCodes)[keyof typeof SdkErrorCodes],
  description: string,
  details?: string,
): ZStackApiError {
  return new ZStackApiError(details === undefined ? { code, description } : { code, description, details });
}
