// Session checks for every non-public API: `Authorization: OAuth <session-uuid>` (ZStack strips the word and
// trims); a missing or garbled header is a REST-layer 400, an unknown or expired session an API-level ID.1001.
// Renewals are written at most once per interval, so that a read does not become a write.
import type { Request } from "express";
import { zstackErrors } from "../zstack/errors.js";
import type { ResolvedOptions } from "../options.js";
import type { Store, StoredSession } from "../store/types.js";

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
