// Account passwords at rest: a salted scrypt hash of the SHA-512 hex that ZStack's SDKs send at login, so
// neither the password nor its (unsalted, fast) SHA-512 is ever stored.
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

const params = { N: 16384, r: 8, p: 1 } as const;
const keyLength = 32;

function scryptAsync(secret: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** What an SDK sends for a plain password: its SHA-512, hex. */
export function sha512Hex(password: string): string {
  return createHash("sha512").update(password, "utf8").digest("hex");
}

/** `scrypt$N$r$p$<salt b64>$<hash b64>` of a SHA-512 hex (case-insensitive, as SDKs differ). */
export function hashPassword(sha512hex: string): Promise<string> {
  return hashWith(sha512hex, params);
}

/**
 * The same form at almost no cost (N = 2), for start-up's throwaway warm-up store only (accounts/admin.ts), whose
 * login must not wait on libuv's threads; no account anyone can reach is ever hashed so.
 */
export function warmUpOnlyPasswordHash(sha512hex: string): Promise<string> {
  return hashWith(sha512hex, { N: 2, r: 1, p: 1 });
}

async function hashWith(sha512hex: string, cost: { N: number; r: number; p: number }): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(sha512hex.toLowerCase(), salt, cost);
  return ["scrypt", cost.N, cost.r, cost.p, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(sha512hex: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const key = await scryptAsync(sha512hex.toLowerCase(), Buffer.from(salt, "base64"), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
