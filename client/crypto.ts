/** The SHA-512 hex digest of `text`, as ZStack's SDKs send passwords. WebCrypto, so it runs in browsers too. */
export async function sha512Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-512", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
