// The access-key signer on its own: the reference's two vectors (§8.3), the signed path, the key checks.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { accessKeySignature, signedPath } from "../../client/index.js";
import { accessKeySigner, canSetDateHeader, checkAccessKey } from "../../client/signing.js";

// The example key pair of ZStack's documentation (reference D15).
const key = { id: "1234567890abcdedfhij", secret: "1234567890abcdedfhij1234567890abcdedfhij" };

describe("accessKeySignature", () => {
  it("matches the reference's GET vector", async () => {
    expect(await accessKeySignature(key.secret, "GET", "Mon, 02 Jun 2025 08:00:00 GMT", "/v1/ai/model-services")).toBe(
      "q8Ivt6cEL+xCH9EbjAYnWXK4zCc=",
    );
  });

  it("matches the reference's PUT vector (a Java SDK style zone-id date is signed as it is)", async () => {
    const path = "/v1/ai/model-services/a0a4dfd377a13862bb92614482ea2d42";
    expect(await accessKeySignature(key.secret, "PUT", "Mon, 02 Jun 2025 16:00:00 Asia/Shanghai", path)).toBe(
      "by/vLQAZZpuIC2dyP58dtum5/3E=",
    );
  });

  it("hashes UTF-8, like node:crypto and Java's getBytes() on ZStack's JVMs", async () => {
    const path = "/v1/ai/model-services/模型 服务";
    const expected = createHmac("sha1", "sécret-密钥").update(`DELETE\nx\n${path}`).digest("base64");
    expect(await accessKeySignature("sécret-密钥", "DELETE", "x", path)).toBe(expected);
  });
});

describe("signedPath", () => {
  it("starts at the /v1/ after the /zstack context, whatever precedes it", () => {
    expect(signedPath("/zstack/v1/ai/model-services")).toBe("/v1/ai/model-services");
    expect(signedPath("/mount/zstack/v1/api-jobs/0123")).toBe("/v1/api-jobs/0123");
    expect(signedPath("/a/zstack/b/zstack/v1/accesskeys")).toBe("/v1/accesskeys");
  });

  it("is percent-decoded, as the server verifies against its decoded URI", () => {
    expect(signedPath("/zstack/v1/ai/model-services/a%20b%2Fc%25")).toBe("/v1/ai/model-services/a b/c%");
    // A path parameter's encoded slashes cannot move the start.
    expect(signedPath("/zstack/v1/ai/model-services/x%2Fzstack%2Fv1%2Fy")).toBe("/v1/ai/model-services/x/zstack/v1/y");
  });

  it("keeps a path without the context, and a malformed escape, as they are", () => {
    expect(signedPath("/v1/zones")).toBe("/v1/zones");
    expect(signedPath("/zstack/v1/ai/model-services/%zz")).toBe("/v1/ai/model-services/%zz");
  });
});

describe("accessKeySigner", () => {
  it("signs the method, an RFC 1123 GMT date of now and the signed path, without the query string", async () => {
    const sign = accessKeySigner(key);
    const before = Date.now();
    const headers = await sign("DELETE", "http://proxy.test/mount/zstack/v1/ai/model-services/u1?deleteMode=Enforcing");
    expect(headers.Date).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(Math.abs(Date.parse(headers.Date) - before)).toBeLessThan(2000);
    const expected = createHmac("sha1", key.secret)
      .update(`DELETE\n${headers.Date}\n/v1/ai/model-services/u1`)
      .digest("base64");
    expect(headers.Authorization).toBe(`ZStack ${key.id}:${expected}`);
  });
});

describe("checks", () => {
  it("rejects key pairs the server could not read", () => {
    expect(() => checkAccessKey({ id: "", secret: "s" })).toThrow(TypeError);
    expect(() => checkAccessKey({ id: "id", secret: "" })).toThrow(TypeError);
    expect(() => checkAccessKey({ id: "a:b", secret: "s" })).toThrow(/must not contain ':'/);
    expect(() => checkAccessKey(undefined as never)).toThrow(TypeError);
    expect(() => checkAccessKey(key)).not.toThrow();
  });

  it("Node's fetch may send a Date header", () => {
    expect(canSetDateHeader()).toBe(true);
  });
});
