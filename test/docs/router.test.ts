// The docs routes over HTTP: the page, the documents per version, the assets, and their security headers.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/documents.js";
import { startServer, type TestServer } from "../helpers/server.js";

const published = (version: string) => readFileSync(join(repoRoot, "generated", "openapi", `${version}.yaml`), "utf8");

let server: TestServer;
let docs: string;
beforeAll(async () => {
  server = await startServer({ apiVersion: "5.3.46" });
  docs = `${server.url}/zstack/v1/docs`;
});
afterAll(() => server?.close());

describe("GET /zstack/v1/docs", () => {
  it("needs no session: the page and the document answer without Authorization", async () => {
    expect((await fetch(docs)).status).toBe(200);
    expect((await fetch(`${docs}/openapi.yaml`)).status).toBe(200);
  });

  it("serves the page for the server's version, with a strict CSP and every asset from this server", async () => {
    const response = await fetch(docs);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'"); // Redoc's own stylesheets; see router.ts
    expect(csp.replace("style-src 'self' 'unsafe-inline'", "")).not.toContain("unsafe");
    expect(csp).not.toMatch(/https?:|\*/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const html = await response.text();
    expect(html).toContain('data-spec-url="/zstack/v1/docs/5.3.46/openapi.yaml"');
    expect(html).toContain('<option value="/zstack/v1/docs" selected>5.3.46 (this server)</option>');
    expect(html).toContain('<option value="/zstack/v1/docs?version=5.5.22">5.5.22</option>');
    expect(html).not.toMatch(/<script>|<style>|\son\w+=/); // nothing inline for the CSP to allow
    for (const [, url] of html.matchAll(/(?:src|href)="([^"]+)"/g))
      expect(url).toMatch(/^(\/zstack\/v1\/docs|data:,$)/);
  });

  it("serves another version's page with ?version=", async () => {
    const html = await (await fetch(`${docs}?version=5.1.8`)).text();
    expect(html).toContain('data-spec-url="/zstack/v1/docs/5.1.8/openapi.yaml"');
    expect(html).toContain('<option value="/zstack/v1/docs?version=5.1.8" selected>5.1.8</option>');
  });

  it("answers an unknown version with a 404 ErrorCode that lists the versions", async () => {
    const response = await fetch(`${docs}?version=9.9.9`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        code: "SYS.1008",
        description: "No API or resource at this path",
        details:
          "no document for API version 9.9.9; " +
          "the versions are 5.1.8, 5.1.20, 5.2.1, 5.3.20, 5.3.22, 5.3.28, 5.3.46, 5.4.6, 5.5.6, 5.5.22",
      },
    });
  });

  it("answers a repeated version with a 400 ErrorCode", async () => {
    const response = await fetch(`${docs}?version=5.1.8&version=5.5.22`);
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("SYS.1007");
  });
});

describe("the documents", () => {
  it("serves the server's version at openapi.yaml, byte for byte the published one", async () => {
    const response = await fetch(`${docs}/openapi.yaml`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/yaml; charset=utf-8");
    expect(await response.text()).toBe(published("5.3.46"));
  });

  it.each(["5.1.8", "5.5.22"])("serves %s by ?version= and by path", async (version) => {
    expect(await (await fetch(`${docs}/openapi.yaml?version=${version}`)).text()).toBe(published(version));
    expect(await (await fetch(`${docs}/${version}/openapi.yaml`)).text()).toBe(published(version));
  });

  it("serves each version as JSON too, the same document, for the page's scripts", async () => {
    const response = await fetch(`${docs}/5.5.22/openapi.json`);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await response.json()).toEqual(load(published("5.5.22")));
    expect((await fetch(`${docs}/4.0.0/openapi.json`)).status).toBe(404);
  });

  it("serves generated/api-changes.md, and each page shows its version's section of it", async () => {
    const response = await fetch(`${docs}/api-changes.md`);
    expect(response.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(await response.text()).toBe(readFileSync(join(repoRoot, "generated", "api-changes.md"), "utf8"));
    const html = await (await fetch(`${docs}?version=5.3.28`)).text();
    expect(html).toContain("<summary>What 5.3.28 added and removed</summary>");
    expect(html).toContain(
      "<li><code>AddModelServiceParam</code>: <code>dockerImage</code> (replaced by <code>architectureImages</code>)",
    );
    expect(html).toContain("<p>Fields removed:</p>");
  });

  it("answers an unknown version by path with a 404 ErrorCode", async () => {
    const response = await fetch(`${docs}/4.0.0/openapi.yaml`);
    expect(response.status).toBe(404);
    expect((await response.json()).error.details).toMatch(/^no document for API version 4\.0\.0;/);
  });

  it("answers a revalidation with 304 when nothing changed", async () => {
    const first = await fetch(`${docs}/5.5.22/openapi.yaml`);
    const etag = first.headers.get("etag")!;
    expect(first.headers.get("cache-control")).toBe("no-cache");
    // fetch() marks a conditional request "Cache-Control: no-cache" (which forbids a 304) unless told otherwise.
    const again = await fetch(`${docs}/5.5.22/openapi.yaml`, {
      headers: { "If-None-Match": etag, "Cache-Control": "max-age=0" },
    });
    expect(again.status).toBe(304);
  });
});

describe("the assets", () => {
  it("serves Redoc's bundle without its reference to Redocly's CDN or its source map", async () => {
    const response = await fetch(`${docs}/assets/redoc.standalone.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const bundle = await response.text();
    expect(bundle.length).toBeGreaterThan(500_000);
    // Booleans, not the 900 KB bundle, in a failure message.
    expect(bundle.includes("API docs by Redocly")).toBe(true);
    expect(bundle.includes("cdn.redoc.ly")).toBe(false);
    expect(/sourceMappingURL=\S+\s*$/.test(bundle)).toBe(false);
  });

  it.each([
    ["reference.js", "text/javascript; charset=utf-8", "Redoc.init"],
    ["reference.css", "text/css; charset=utf-8", ".zms-bar"],
    ["try-it.js", "text/javascript; charset=utf-8", "window.zmsTryIt"],
    ["sha512.js", "text/javascript; charset=utf-8", "window.zmsSha512Hex"],
  ])("serves %s", async (name, type, content) => {
    const response = await fetch(`${docs}/assets/${name}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(type);
    expect(await response.text()).toContain(content);
  });

  it("leaves an unknown asset to the server's 404 ErrorCode", async () => {
    const response = await fetch(`${docs}/assets/nothing.js`);
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("SYS.1008");
  });
});
