import { sdkError, SdkErrorCodes } from "./errors.js";

/** The SHA-512 hex digest of `text`, as ZStack's SDKs send passwords. WebCrypto, so it runs in browsers too. */
export async function sha512Hex(text: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    // Browsers offer crypto.subtle only to secure contexts; say so rather than fail on `undefined`.
    throw sdkError(
      SdkErrorCodes.internalError,
      "WebCrypto (crypto.subtle) is unavailable: " +
        "browsers provide it only to secure contexts (https:// or localhost pages)",
    );
  }
  const digest = await subtle.digest("SHA-512", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
