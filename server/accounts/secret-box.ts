// How access-key secrets are kept in the database. HMAC verification needs the secret itself, so it cannot be
// hashed like a password: with --secret-key (32 bytes) it is sealed with AES-256-GCM, bound to its key's uuid,
// so a copy of the database alone signs nothing; without one it is stored as ZStack stores it, in clear, and
// the server warns. Instances that share a database must share the key.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Marks a sealed value: `$zms-aes256gcm$<iv>$<tag>$<ciphertext>`, each Base64. A plain secret never starts so in
 * practice.
 */
const sealedPrefix = "$zms-aes256gcm$";

export interface SecretBox {
  /** Whether secrets are sealed (a --secret-key was given). */
  readonly sealing: boolean;
  /** What to store for `secret` of the record `uuid`. */
  seal(secret: string, uuid: string): string;
  /** The secret from what was stored; `undefined` when it is sealed and cannot be opened (no key, or another key). */
  open(stored: string, uuid: string): string | undefined;
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(sealedPrefix);
}

/** The 32 bytes of a Base64 --secret-key, or an error message. */
export function decodeSecretKey(text: string): Buffer | string {
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== 32 || key.toString("base64").replace(/=+$/, "") !== text.trim().replace(/=+$/, "")) {
    return "--secret-key must be 32 bytes in Base64 (e.g. from `openssl rand -base64 32`)";
  }
  return key;
}

export function secretBox(key: Buffer | undefined): SecretBox {
  return {
    sealing: key !== undefined,
    seal(secret, uuid) {
      if (!key) return secret;
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(uuid));
      const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag().toString("base64");
      return `${sealedPrefix}${iv.toString("base64")}$${tag}$${ciphertext.toString("base64")}`;
    },
    open(stored, uuid) {
      if (!isSealed(stored)) return stored;
      if (!key) return undefined;
      const [iv, tag, ciphertext] = stored.slice(sealedPrefix.length).split("$");
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv!, "base64"));
        decipher.setAAD(Buffer.from(uuid));
        decipher.setAuthTag(Buffer.from(tag!, "base64"));
        return Buffer.concat([decipher.update(Buffer.from(ciphertext!, "base64")), decipher.final()]).toString("utf8");
      } catch {
        return undefined; // another key, or a value changed in the database
      }
    },
  };
}
