// The server's access-key signer and its parts, without HTTP: the reference's two vectors (zstack-ai-api.md §8.3),
// the path ZStack signs, the Date forms ZStack's SDKs send, and the box that seals secrets at rest.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  accessKeySignature,
  parseAccessKeyAuthorization,
  parseSignedDate,
  signedPath,
} from "../../server/accounts/signing.js";
import { decodeSecretKey, isSealed, secretBox } from "../../server/accounts/secret-box.js";
import { OptionsError, resolveOptions } from "../../server/options.js";

const secret = "1234567890abcdedfhij1234567890abcdedfhij";

describe("accessKeySignature", () => {
  it("matches the reference's GET vector", () => {
    expect(accessKeySignature(secret, "GET", "Mon, 02 Jun 2025 08:00:00 GMT", "/v1/ai/model-services")).toBe(
      "q8Ivt6cEL+xCH9EbjAYnWXK4zCc=",
    );
  });

  it("matches the reference's PUT vector (a zone-id Date, as ZStack's Java SDK sends)", () => {
    expect(
      accessKeySignature(
        secret,
        "PUT",
        "Mon, 02 Jun 2025 16:00:00 Asia/Shanghai",
        "/v1/ai/model-services/a0a4dfd377a13862bb92614482ea2d42",
      ),
    ).toBe("by/vLQAZZpuIC2dyP58dtum5/3E=");
  });
});

describe("signedPath", () => {
  it("starts at the /v1/ after /zstack, drops the query string and decodes", () => {
    expect(signedPath("/zstack/v1/ai/model-services?q=name=a%20b")).toBe("/v1/ai/model-services");
    expect(signedPath("/mounted/zstack/v1/accesskeys/abc")).toBe("/v1/accesskeys/abc");
    expect(signedPath("/zstack/v1/ai/models/a%20b")).toBe("/v1/ai/models/a b");
  });
});

describe("parseSignedDate", () => {
  const instant = Date.UTC(2025, 5, 2, 8, 0, 0);
  it.each([
    "Mon, 02 Jun 2025 08:00:00 GMT",
    "Mon, 02 Jun 2025 08:00:00 UTC",
    "Mon, 02 Jun 2025 16:00:00 +0800",
    "Mon, 02 Jun 2025 16:00:00 +08:00",
    "Mon, 02 Jun 2025 04:00:00 -0400",
    "Mon, 02 Jun 2025 16:00:00 Asia/Shanghai",
    "Mon, 02 Jun 2025 16:00:00 CST",
    "Mon, 02 Jun 2025 04:00:00 America/New_York",
  ])("reads %s", (text) => {
    expect(parseSignedDate(text)).toBe(instant);
  });

  it.each([
    "",
    "yesterday",
    "2025-06-02T08:00:00Z",
    "Mon, 02 Foo 2025 08:00:00 GMT",
    "Mon, 02 Jun 2025 08:00:00 Mars/Olympus",
  ])("refuses %j", (text) => {
    expect(parseSignedDate(text)).toBeUndefined();
  });
});

describe("parseAccessKeyAuthorization", () => {
  it("splits ZStack <id>:<signature>, leaves other schemes alone and calls other shapes garbled", () => {
    expect(parseAccessKeyAuthorization("ZStack 1234567890abcdedfhij:q8Ivt6cEL+xCH9EbjAYnWXK4zCc=")).toEqual({
      id: "1234567890abcdedfhij",
      signature: "q8Ivt6cEL+xCH9EbjAYnWXK4zCc=",
    });
    expect(parseAccessKeyAuthorization("OAuth abc")).toBeUndefined();
    expect(parseAccessKeyAuthorization(undefined)).toBeUndefined();
    expect(parseAccessKeyAuthorization("ZStack onlyid")).toBe("garbled");
    expect(parseAccessKeyAuthorization("ZStack a:b:c")).toBe("garbled");
  });
});

describe("secretBox", () => {
  const key = randomBytes(32);
  it("seals with AES-256-GCM, bound to the record's uuid, and opens only with the same key and uuid", () => {
    const box = secretBox(key);
    const sealed = box.seal(secret, "u1");
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain(secret);
    expect(box.open(sealed, "u1")).toBe(secret);
    expect(box.open(sealed, "u2")).toBeUndefined();
    expect(secretBox(randomBytes(32)).open(sealed, "u1")).toBeUndefined();
    expect(secretBox(undefined).open(sealed, "u1")).toBeUndefined();
  });

  it("without a key keeps secrets in clear, as ZStack does", () => {
    const box = secretBox(undefined);
    expect(box.seal(secret, "u1")).toBe(secret);
    expect(box.open(secret, "u1")).toBe(secret);
    expect(secretBox(key).open(secret, "u1")).toBe(secret);
  });

  it("--secret-key must be 32 bytes of Base64", () => {
    expect(decodeSecretKey(key.toString("base64"))).toEqual(key);
    expect(decodeSecretKey("c2hvcnQ=")).toMatch(/32 bytes/);
    expect(decodeSecretKey("not base64!")).toMatch(/32 bytes/);
    expect(() => resolveOptions({ secretKey: "c2hvcnQ=" })).toThrow(OptionsError);
    expect(resolveOptions({ secretKey: key.toString("base64") }).secretKey).toBe(key.toString("base64"));
  });
});
