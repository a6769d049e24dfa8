// Who is calling, for every non-public API: `Authorization: OAuth <session-uuid>` (ZStack strips the word and
// trims) or `ZStack <AccessKeyID>:<signature>` with a `Date` header (signing.ts). A missing or garbled header is
// a REST-layer 400; an unknown or expired session, and a wrong signature or an unknown, disabled or deleted key,
// an API-level ID.1001 (the same ZStackError, so asynchronous APIs deliver both alike); a `Date` more than 15
// minutes off is ZStack's 403. Renewals are written at most once per interval, so a read does not become a write.
import type { Request } from "express";
import { ZStackError, zstackErrors } from "../zstack/errors.js";
import type { ResolvedOptions } from "../options.js";
import type { Store, StoredSession } from "../store/types.js";
import {
  accessKeySignature,
  maxSkewMs,
  parseAccessKeyAuthorization,
  parseSignedDate,
  signaturesMatch,
  signedPath,
} from "./signing.js";

/** The caller: what a session gives, and what an access key gives the same way. */
export interface Identity {
  accountUuid: string;
  userUuid: string;
  /** Set when the caller signed with an access key. */
  accessKeyUuid?: string;
}

/** An access key as authentication needs it: its owner, whether it may sign, and its secret (opened). */
export interface SigningKey {
  uuid: string;
  accountUuid: string;
  userUuid: string;
  enabled: boolean;
  /** `undefined` when the stored secret cannot be opened (sealed with another --secret-key, or none given). */
  secret: string | undefined;
}

export type SigningKeyLookup = (accessKeyId: string) => Promise<SigningKey | undefined>;

const invalidSessionDescription = zstackErrors.invalidSession("").description;

/** ID.1001 for a signature, with ZStack's wording of an invalid session: clients handle both the same way. */
export function invalidAccessKey(details: string): ZStackError {
  return new ZStackError(503, "ID.1001", invalidSessionDescription, details);
}

export const accessKeyErrors = {
  garbled: () =>
    zstackErrors.badRequest("the Authorization header must be `ZStack <AccessKeyID>:<signature>` (accessKey format)"),
  missingDate: () => zstackErrors.badRequest("a request signed with an access key needs a Date header"),
  badDate: (date: string) =>
    zstackErrors.badRequest(
      `the Date header [${date.slice(0, 64)}] is not a date such as \`Mon, 02 Jun 2025 08:00:00 GMT\``,
    ),
  skewed: () =>
    new ZStackError(
      403,
      "SYS.1007",
      "One or more API argument is invalid",
      "requestTimeTooSkewed: the Date header is more than 15 minutes off the server's clock",
    ),
};

export function authenticator(
  store: Store,
  options: ResolvedOptions,
  signingKey: SigningKeyLookup,
): (req: Request) => Promise<Identity> {
  const sessions = sessionAuthenticator(store, options);
  return async (req) => {
    const signed = parseAccessKeyAuthorization(req.headers.authorization);
    if (signed === undefined) return sessions(req);
    if (signed === "garbled") throw accessKeyErrors.garbled();
    const date = req.headers.date;
    if (date === undefined || date === "") throw accessKeyErrors.missingDate();
    const at = parseSignedDate(date);
    if (at === undefined) throw accessKeyErrors.badDate(date);
    if (Math.abs(Date.now() - at) > maxSkewMs) throw accessKeyErrors.skewed();
    const key = await signingKey(signed.id);
    const shownId = /^[\w-]{1,64}$/.test(signed.id) ? signed.id : "(garbled)";
    // One answer for every refusal, so that it does not tell which keys exist.
    const refused = () =>
      invalidAccessKey(`AccessKey[${shownId}] not found, disabled, or the signature does not match`);
    if (!key?.secret) throw refused();
    const expected = accessKeySignature(key.secret, req.method, date, signedPath(req.originalUrl));
    if (!signaturesMatch(expected, signed.signature) || !key.enabled) throw refused();
    return { accountUuid: key.accountUuid, userUuid: key.userUuid, accessKeyUuid: key.uuid };
  };
}

export function sessionAuthenticator(store: Store, options: ResolvedOptions): (req: Request) => Promise<StoredSession> {
  const timeoutMs = options.sessionTimeout * 1000;
  const renewIntervalMs = options.sessionRenewInterval * 1000;
  return async (req) => {
    const match = /^\s*OAuth\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    if (!match) throw zstackErrors.missingAuthorization();
    const uuid = match[1]!;
    const now = Date.now();
    const session = await store.getSession(uuid, now);
    if (!session) throw zstackErrors.invalidSession(/^[\w-]{1,64}$/.test(uuid) ? uuid : "(garbled)");
    // Never shortens a session that RenewSession made longer than --session-timeout.
    if (now - session.renewedAt >= renewIntervalMs && session.expiresAt < now + timeoutMs) {
      await store.renewSession(uuid, now + timeoutMs, now);
    }
    return session;
  };
}
