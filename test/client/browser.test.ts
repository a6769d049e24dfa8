// The client must run in browsers: it bundles for the browser platform (a Node-only import fails the build) and
// works in headless Chromium, WebCrypto's SHA-512 and HMAC and Intl's time zones included.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { build } from "esbuild";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const chromiumPath = "/usr/bin/chromium";

async function bundle(): Promise<string> {
  const result = await build({
    stdin: {
      contents: 'export * from "./client/index.ts";',
      resolveDir: root,
      loader: "ts",
    },
    bundle: true,
    platform: "browser",
    format: "iife",
    globalName: "ZStack",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

describe("client/ imports nothing Node-only", () => {
  it("names only relative modules, openapi-fetch and the generated types", () => {
    for (const file of readdirSync(join(root, "client")).filter((f) => f.endsWith(".ts"))) {
      const source = readFileSync(join(root, "client", file), "utf8");
      const specifiers = [...source.matchAll(/\bfrom\s+"([^"]+)"/g)].map((m) => m[1]!);
      for (const specifier of specifiers) {
        expect(specifier.startsWith(".") || specifier === "openapi-fetch", `${file} imports ${specifier}`).toBe(true);
      }
      expect(source, file).not.toMatch(/\bprocess\.|\bBuffer\b|require\(/);
    }
  });

  it("bundles for the browser platform", async () => {
    expect((await bundle()).length).toBeGreaterThan(1000);
  });
});

describe.skipIf(!existsSync(chromiumPath))("in headless Chromium", () => {
  let browser: Browser;
  // crypto.subtle exists only in secure contexts: a page from http://127.0.0.1 is one, about:blank is not.
  let page: Server;
  let pageUrl: string;
  beforeAll(async () => {
    page = createServer((_, res) =>
      res.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><title>client</title>"),
    );
    await new Promise<void>((resolve) => page.listen(0, "127.0.0.1", resolve));
    pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    page?.close();
  });

  it("logs in with WebCrypto's SHA-512, follows a job and reads dates in a time zone", async () => {
    const tab = await browser.newPage();
    await tab.goto(pageUrl);
    await tab.addScriptTag({ content: await bundle() });
    const outcome = await tab.evaluate(async () => {
      const { createZStackClient, formatGsonDate } = (
        globalThis as unknown as { ZStack: typeof import("../../client/index.js") }
      ).ZStack;
      const sent: { url: string; auth: string | null; body: string }[] = [];
      const reply = (status: number, body: unknown) =>
        new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
      let polls = 0;
      const fetch = async (request: Request) => {
        sent.push({ url: request.url, auth: request.headers.get("Authorization"), body: await request.text() });
        const path = new URL(request.url).pathname;
        if (path.endsWith("/accounts/login")) return reply(200, { inventory: { uuid: "5".repeat(32) } });
        if (path.endsWith("/ai/model-services"))
          return reply(202, { location: `http://x/zstack/v1/api-jobs/${"9".repeat(32)}`, apiTimeout: 1 });
        return polls++ < 2
          ? reply(202, {})
          : reply(200, { inventory: { uuid: "1".repeat(32), createDate: "Nov 25, 2026 12:20:13 AM" } });
      };
      const client = createZStackClient({
        baseUrl: "http://zstack.test",
        fetch,
        dates: "date",
        timeZone: "Asia/Shanghai",
        pollInterval: 5,
      });
      await client.login({ accountName: "admin", password: "password" });
      const added = await client.addModelService({
        name: "n",
        yaml: "y",
        modelCenterUuid: "m",
        requestCpu: 1,
        requestMemory: 1,
        installPath: "/",
        startCommand: "s",
      });
      return {
        sent,
        createDate: added.createDate?.toISOString(),
        formatted: formatGsonDate(new Date(Date.UTC(2026, 10, 24, 16, 20, 13)), "Asia/Shanghai"),
      };
    });
    await tab.close();
    expect(JSON.parse(outcome.sent[0]!.body)).toEqual({
      logInByAccount: { accountName: "admin", password: createHash("sha512").update("password").digest("hex") },
    });
    expect(outcome.sent[1]!.auth).toBe(`OAuth ${"5".repeat(32)}`);
    expect(outcome.sent).toHaveLength(5);
    expect(outcome.createDate).toBe("2026-11-24T16:20:13.000Z");
    expect(outcome.formatted).toBe("Nov 25, 2026 12:20:13 AM");
  });

  it("signs with WebCrypto's HMAC-SHA1, but refuses a client with an access key: a page cannot send Date", async () => {
    const tab = await browser.newPage();
    await tab.goto(pageUrl);
    await tab.addScriptTag({ content: await bundle() });
    const outcome = await tab.evaluate(async () => {
      const { accessKeySignature, createZStackClient } = (
        globalThis as unknown as { ZStack: typeof import("../../client/index.js") }
      ).ZStack;
      const secret = "1234567890abcdedfhij1234567890abcdedfhij";
      const signature = await accessKeySignature(
        secret,
        "GET",
        "Mon, 02 Jun 2025 08:00:00 GMT",
        "/v1/ai/model-services",
      );
      try {
        createZStackClient({ baseUrl: "http://zstack.test", accessKey: { id: "1234567890abcdedfhij", secret } });
        return { signature };
      } catch (error) {
        return { signature, name: (error as Error).name, message: (error as Error).message };
      }
    });
    await tab.close();
    expect(outcome).toEqual({
      signature: "q8Ivt6cEL+xCH9EbjAYnWXK4zCc=",
      name: "TypeError",
      message: expect.stringContaining("Date header"),
    });
  });

  it("says why login cannot hash outside a secure context", async () => {
    const tab = await browser.newPage();
    await tab.addScriptTag({ content: await bundle() });
    const error = await tab.evaluate(async () => {
      const { createZStackClient } = (globalThis as unknown as { ZStack: typeof import("../../client/index.js") })
        .ZStack;
      const client = createZStackClient({
        baseUrl: "http://zstack.test",
        fetch: () => Promise.reject(new Error("not reached")),
      });
      return client.login({ accountName: "admin", password: "password" }).then(
        () => undefined,
        (e: { code: string; description: string }) => ({ code: e.code, description: e.description }),
      );
    });
    await tab.close();
    expect(error).toEqual({ code: "sdk.1002", description: expect.stringContaining("secure contexts") });
  });
});
