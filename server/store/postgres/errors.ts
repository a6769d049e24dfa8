// PostgreSQL and network errors in the store's terms: a uniqueness the database enforced, or a database
// that cannot be reached or did not answer in time. Anything else is a bug and passes through unchanged.

import { DuplicateKeyError, StoreUnavailableError } from "../types.js";

const networkCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNABORTED",
  "EAI_AGAIN",
]);

/**
 * SQLSTATE classes that mean "not reachable now": 08 connection exception, 53 insufficient resources
 * (e.g. too many connections), 57 operator intervention (shutdown, and 57014: statement_timeout fired).
 */
const unavailableClasses = new Set(["08", "53", "57"]);

export function pgErrorToStoreError(error: unknown): unknown {
  if (error instanceof DuplicateKeyError || error instanceof StoreUnavailableError) return error;
  if (!(error instanceof Error)) return error;
  const { code, constraint } = error as Error & { code?: string; constraint?: string };
  // A duplicate job uuid, or a duplicate primary key of a resource table: a client-chosen resourceUuid.
  if (code === "23505" && constraint === "jobs_pkey") return new DuplicateKeyError("jobUuid");
  if (
    code === "23505" &&
    constraint?.endsWith("_pkey") &&
    !constraint.startsWith("sessions") &&
    !constraint.startsWith("accounts")
  ) {
    return new DuplicateKeyError("resourceUuid");
  }
  // Another unique index of a resource table: PostgreSQL names its column in `detail`, "Key (access_key_id)=(...)".
  const uniqueColumn =
    code === "23505" ? /^Key \((\w+)\)=/.exec(String((error as Error & { detail?: string }).detail ?? "")) : null;
  if (uniqueColumn && !constraint?.startsWith("sessions") && !constraint?.startsWith("accounts"))
    return new DuplicateKeyError("unique", uniqueColumn[1]);
  const sqlState = typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
  if (sqlState ? unavailableClasses.has(sqlState.slice(0, 2)) : isDriverConnectionError(error, code)) {
    return new StoreUnavailableError(`the database is unavailable: ${error.message}`, { cause: error });
  }
  return error;
}

const driverConnectionMessage = new RegExp(
  [
    "connection terminated",
    "connection error",
    "timeout exceeded when trying to connect",
    "query read timeout",
    "not queryable",
    "ended unexpectedly",
    "Connection terminated",
    "socket",
  ].join("|"),
  "i",
);

/** pg reports a lost or timed-out connection with a plain Error (no SQLSTATE), sometimes with a socket code. */
function isDriverConnectionError(error: Error, code: string | undefined): boolean {
  if (code && networkCodes.has(code)) return true;
  return driverConnectionMessage.test(error.message);
}
