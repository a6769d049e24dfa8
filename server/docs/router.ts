// The API reference page (issue 7), public like ZStack's own docs: Redoc renders the very OpenAPI document
// the server validates against, so the page cannot drift from the contract. Every byte the page needs is
// served from here; the CSP forbids the browser to fetch anything from elsewhere.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import express, { type Request, type Response } from "express";
import { load } from "js-yaml";
import { generatedDir } from "../package-root.js";
import { loadVersionChanges } from "./api-changes.js";
import { referencePage, referenceScript, referenceStyle } from "./page.js";
import { loadRedocBundle } from "./redoc-bundle.js";
import { sha512Script } from "./sha512.js";
import { tryItScript } from "./try-it.js";

export interface DocsRouterOptions {
  /** The server's API version: the page and document served without `?version=`. */
  apiVersion: string;
  /** Every version with a document in generated/openapi/, offered by the switcher. */
  versions: readonly string[];
}

// Redoc styles itself with styled-components and injects a stylesheet of its own when its bundle loads,
// before any script of ours could hand it a nonce (its `nonce` option covers styled-components only): so
// styles need 'unsafe-inline'. Scripts do not: only the files served below run. Redoc's search index runs
// in a worker it starts from a blob: URL. Nothing else is allowed, and nothing from another origin.
const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

function asset(text: string, type: string): Asset {
  const body = Buffer.from(text, "utf8");
  return { body, type, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` };
}

// Always revalidated (the ETag makes that a 304), so an upgraded package never serves a stale page.
function send(req: Request, res: Response, { body, type, etag }: Asset): void {
  res.set({ "Content-Type": type, ETag: etag, "Cache-Control": "no-cache" });
  if (req.fresh) res.status(304).end();
  else res.send(body);
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

function memoized<T>(make: (key: string) => T): (key: string) => T {
  const made = new Map<string, T>();
  return (key) => {
    if (!made.has(key)) made.set(key, make(key));
    return made.get(key)!;
  };
}

function sendError(res: Response, status: number, code: string, description: string, details: string): void {
  res.status(status).json({ error: { code, description, details } });
}

export function docsRouter(options: DocsRouterOptions): express.Router {
  const { apiVersion, versions } = options;
  if (!versions.includes(apiVersion))
    throw new Error(`docs: API version ${apiVersion} is not one of ${versions.join(", ")}`);

  // Built on first request, not at start-up: reading and converting ten documents and Redoc's bundle was a quarter
  // of the server's time to ready, for a page most servers (a test suite's stand-ins) never serve.
  const text = memoized((v: string) => readFileSync(join(generatedDir, "openapi", `${v}.yaml`), "utf8"));
  const documents = memoized((v: string) => asset(text(v), "application/yaml; charset=utf-8"));
  // The same document as JSON, which the page's scripts read without a YAML parser of their own.
  const jsonDocuments = memoized((v: string) =>
    asset(JSON.stringify(load(text(v))), "application/json; charset=utf-8"),
  );
  const changes = once(() => loadVersionChanges(versions));
  const changesFile = join(generatedDir, "api-changes.md");
  const allChanges = once(() =>
    existsSync(changesFile) ? asset(readFileSync(changesFile, "utf8"), "text/markdown; charset=utf-8") : undefined,
  );
  const script = "text/javascript; charset=utf-8";
  const assetSources: Record<string, () => Asset> = {
    "redoc.standalone.js": () => asset(loadRedocBundle(), script),
    "reference.js": () => asset(referenceScript, script),
    "try-it.js": () => asset(tryItScript, script),
    "sha512.js": () => asset(sha512Script, script),
    "reference.css": () => asset(referenceStyle, "text/css; charset=utf-8"),
  };
  const assets = memoized((name: string) => assetSources[name]!());

  /** The version a request asks for, or undefined after answering the error. */
  function requestedVersion(req: Request, res: Response, fromPath?: string): string | undefined {
    const version = fromPath ?? req.query.version ?? apiVersion;
    if (typeof version !== "string") {
      sendError(
        res,
        400,
        "SYS.1007",
        "One or more API argument is invalid",
        "version: give it once, e.g. ?version=5.5.22",
      );
      return undefined;
    }
    if (!versions.includes(version)) {
      sendError(
        res,
        404,
        "SYS.1008",
        "No API or resource at this path",
        `no document for API version ${version}; the versions are ${versions.join(", ")}`,
      );
      return undefined;
    }
    return version;
  }

  // A page depends on where the router is mounted (req.baseUrl): built on first request, once per base and version.
  const pages = new Map<string, Asset>();

  const router = express.Router();
  router.use((_req, res, next) => {
    res.set({
      "Content-Security-Policy": contentSecurityPolicy,
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    });
    next();
  });

  router.get("/", (req, res) => {
    const version = requestedVersion(req, res);
    if (!version) return;
    const key = `${req.baseUrl} ${version}`;
    let page = pages.get(key);
    if (!page) {
      page = asset(
        referencePage({
          base: req.baseUrl,
          version,
          serverVersion: apiVersion,
          versions,
          changes: changes().get(version),
        }),
        "text/html; charset=utf-8",
      );
      pages.set(key, page);
    }
    send(req, res, page);
  });

  router.get("/openapi.yaml", (req, res) => {
    const version = requestedVersion(req, res);
    if (version) send(req, res, documents(version));
  });

  router.get("/:version/openapi.yaml", (req, res) => {
    const version = requestedVersion(req, res, req.params.version);
    if (version) send(req, res, documents(version));
  });

  router.get("/:version/openapi.json", (req, res) => {
    const version = requestedVersion(req, res, req.params.version);
    if (version) send(req, res, jsonDocuments(version));
  });

  router.get("/api-changes.md", (req, res, next) => {
    const found = allChanges();
    if (found) send(req, res, found);
    else next();
  });

  router.get("/assets/:name", (req, res, next) => {
    const name = req.params.name;
    if (Object.hasOwn(assetSources, name)) send(req, res, assets(name));
    else next(); // the server's own 404
  });

  return router;
}
