// ZStack access-key request signing (reference §8.3):
//   Authorization: ZStack <AccessKeyID>:Base64(HMAC-SHA1(secret, METHOD + "\n" + Date + "\n" + /v1/<path>))
// WebCrypto, so the module bundles for browsers; but see `canSetDateHeader`: browsers do not let a page send `Date`.
import { sdkError, SdkErrorCodes } from "./errors.js";

/** An access key pair, as CreateAccessKey's inventory gives it (`AccessKeyID`, `AccessKeySecret`). */
export interface AccessKey {
  id: string;
  secret: string;
}

/** The headers a signed request carries. */
export interface SignedHeaders {
  Authorization: string;
  Date: string;
}

const encoder = new TextEncoder();

function subtleCrypto(): SubtleCrypto {
  const subtle = globalThis.crypto?.subtle;
  // Browsers offer crypto.subtle only to secure contexts; say so rather than fail on `undefined`.
  if (!subtle) {
    const why = "browsers provide it only to secure contexts (https:// or localhost pages)";
    throw sdkError(SdkErrorCodes.internalError, `WebCrypto (crypto.subtle), needed to sign, is unavailable: ${why}`);
  }
  return subtle;
}

/** Standard, padded Base64 with btoa (browsers, and Node ≥ 16), so that the client needs no Node-only module. */
function base64(bytes: ArrayBuffer): string {
  let binary = "";
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The path ZStack signs: from the `/v1/` that follows the `/zstack` context path, percent-decoded (the server
 * verifies against its decoded request URI), without the query string. Whatever precedes `/zstack` (a proxy's
 * mount point in the baseUrl) is dropped, as ZStack's Java SDK signs `/v1` + the action's path whatever its
 * context path. `pathname` is a URL's pathname (already without the query string).
 */
export function signedPath(pathname: string): string {
  // The encoded pathname: a path parameter cannot fake `/zstack/v1/`, its slashes being %2F.
  const at = pathname.indexOf("/zstack/v1/");
  const path = at >= 0 ? pathname.slice(at + "/zstack".length) : pathname;
  try {
    return decodeURIComponent(path);
  } catch {
    // A malformed escape (not something openapi-fetch produces) is sent as it is; sign what is sent.
    return path;
  }
}

/**
 * Base64(HMAC-SHA1(secret, method \n date \n path)); `key` may be a secret or a CryptoKey imported from one. The
 * method is signed as sent (the server signs the one it receives; fetch upper-cases only the standard ones).
 */
export async function accessKeySignature(
  key: string | CryptoKey,
  method: string,
  date: string,
  path: string,
): Promise<string> {
  const cryptoKey = typeof key === "string" ? await importSecret(key) : key;
  const mac = await subtleCrypto().sign("HMAC", cryptoKey, encoder.encode(`${method}\n${date}\n${path}`));
  return base64(mac);
}

function importSecret(secret: string): Promise<CryptoKey> {
  // UTF-8 bytes of the secret, as Java's `getBytes()` gives them on ZStack's (UTF-8) JVMs.
  return subtleCrypto().importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-1" }, false, ["sign"]);
}

/**
 * Whether this environment's `Request` keeps a `Date` header. The Fetch standard makes `Date` a forbidden request
 * header: browsers (pages and workers alike) silently drop it, so a signed request would arrive unverifiable.
 * Node's, Deno's and Bun's fetch keep it. Detected, not guessed from `window`/`document`.
 */
export function canSetDateHeader(): boolean {
  if (typeof Request !== "function") return false;
  return new Request("http://localhost/", { headers: { Date: "Mon, 02 Jun 2025 08:00:00 GMT" } }).headers.has("Date");
}

/** Checks a key pair's shape: the server splits the Authorization on `:` into exactly two parts. */
export function checkAccessKey(key: AccessKey): void {
  if (typeof key?.id !== "string" || typeof key.secret !== "string" || !key.id || !key.secret) {
    throw new TypeError("accessKey needs a non-empty id (AccessKeyID) and secret (AccessKeySecret)");
  }
  if (/[:\s]/.test(key.id)) throw new TypeError("accessKey.id (AccessKeyID) must not contain ':' or whitespace");
}

/**
 * A signer for one key pair: imports the secret once, then signs each request with the current time as its `Date`
 * (RFC 1123 in GMT, which the server's `EEE, dd MMM yyyy HH:mm:ss z` parses; it allows 15 minutes of skew).
 */
export function accessKeySigner(key: AccessKey): (method: string, url: string) => Promise<SignedHeaders> {
  let imported: Promise<CryptoKey> | undefined;
  return async (method, url) => {
    imported ??= importSecret(key.secret);
    // A failed import (no WebCrypto) is retried on the next request rather than cached.
    const cryptoKey = await imported.catch((error) => {
      imported = undefined;
      throw error;
    });
    const date = new Date().toUTCString();
    const signature = await accessKeySignature(cryptoKey, method, date, signedPath(new URL(url).pathname));
    return { Authorization: `ZStack ${key.id}:${signature}`, Date: date };
  };
}
