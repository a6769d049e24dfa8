// The `admin` account at start-up: its stored hash follows the effective password (ZSTACK_ADMIN_PASSWORD, or
// the default `password`, which is allowed only on a loopback address).
import type { Store } from "../store/types.js";
import type { Identity } from "./auth.js";
import { hashPassword, sha512Hex, verifyPassword, warmUpOnlyPasswordHash } from "./passwords.js";
import { isLoopback, OptionsError } from "../options.js";

export const adminAccountName = "admin";
// ZStack's admin account uuid.
const adminAccountUuid = "36c27e8ff05c4780bf6d2fa65700f22e";
export const defaultAdminPassword = "password";
/** The admin account as a caller (start-up's warm-up requests run as it: http/warm-up.ts). */
export const adminIdentity: Identity = { accountUuid: adminAccountUuid, userUuid: adminAccountUuid };

/** Refuses the default password on an address other machines can reach. */
export function checkAdminPasswordAllowed(host: string, adminPassword: string | undefined): void {
  if (adminPassword === undefined && !isLoopback(host)) {
    throw new OptionsError(
      `refusing to listen on ${host} with the default admin password: ` +
        "set ZSTACK_ADMIN_PASSWORD (or listen on 127.0.0.1)",
    );
  }
}

// The hash of a password, kept for the process: servers started one after another (a test suite's stand-ins, each
// on a fresh in-memory store) then pay scrypt's cost once, not each time. The salt is still random per process.
const hashes = new Map<string, Promise<string>>();

export async function ensureAdminAccount(store: Store, adminPassword: string | undefined): Promise<void> {
  const digest = sha512Hex(adminPassword ?? defaultAdminPassword);
  const existing = await store.findAccount(adminAccountName);
  if (existing && (await verifyPassword(digest, existing.passwordHash))) return;
  await store.upsertAccount({
    uuid: existing?.uuid ?? adminAccountUuid,
    name: adminAccountName,
    passwordHash: await hashOnce(digest),
  });
}

/**
 * The admin account in start-up's warm-up context (performance/warm-up-context.ts), an in-memory store dropped after
 * it, with the default password hashed at almost no cost: the warm-up's login then runs its whole handler in a
 * moment, where a real hash (or an unknown account's decoy) kept it waiting on libuv's threads for 100–180 ms.
 */
export async function warmUpAdminAccount(store: Store): Promise<void> {
  const passwordHash = await warmUpOnlyPasswordHash(sha512Hex(defaultAdminPassword));
  await store.upsertAccount({ uuid: adminAccountUuid, name: adminAccountName, passwordHash });
}

function hashOnce(digest: string): Promise<string> {
  let hash = hashes.get(digest);
  if (!hash) {
    hash = hashPassword(digest);
    hashes.set(digest, hash);
    hash.catch(() => hashes.delete(digest));
  }
  return hash;
}
