// Request bodies: JSON only (else 415), at most 1 MiB (else 413), parsed by express.json, and free of the
// keys that could reach an object's prototype (`__proto__`, `constructor`, `prototype`) at any depth.
import express, { type NextFunction, type Request, type Response } from "express";
import { zstackErrors } from "../zstack/errors.js";

export const maxBodyBytes = 1024 * 1024;
const forbiddenKeys = new Set(["__proto__", "constructor", "prototype"]);
/** Methods whose operations here take no body: a content type on them types nothing. */
const bodylessMethods = new Set(["GET", "HEAD", "DELETE"]);

/**
 * The request content types validation can see for a method once this layer has run (a body-less request to a
 * method that takes none always arrives with none): start-up compiles exactly these (warm-up.ts).
 */
export function validatedContentTypes(method: string): ("application/json" | undefined)[] {
  return bodylessMethods.has(method.toUpperCase()) ? [undefined] : ["application/json", undefined];
}

function hasBody(req: Request): boolean {
  return req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
}

function isJson(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
  return (
    mediaType === "application/json" || (mediaType?.startsWith("application/") === true && mediaType.endsWith("+json"))
  );
}

/** The path of the first forbidden key (`param.a.__proto__`), built only once one is found: every body is walked. */
function forbiddenKeyIn(value: unknown, depth = 0): string | undefined {
  if (value === null || typeof value !== "object" || depth > 64) return undefined;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (forbiddenKeys.has(key)) return key;
    const found = forbiddenKeyIn((value as Record<string, unknown>)[key], depth + 1);
    if (found) return `${key}.${found}`;
  }
  return undefined;
}

export function jsonBody() {
  const parse = express.json({ limit: maxBodyBytes, type: isJsonRequest, strict: true });
  return [
    function requireJson(req: Request, _res: Response, next: NextFunction): void {
      if (hasBody(req) && !isJson(req.headers["content-type"]))
        return next(zstackErrors.unsupportedMediaType("the body must be JSON (Content-Type: application/json)"));
      next();
    },
    parse,
    function rejectPrototypeKeys(req: Request, _res: Response, next: NextFunction): void {
      const key = forbiddenKeyIn(req.body);
      if (key) return next(zstackErrors.badRequest(`${key}: this key is not allowed`));
      next();
    },
    // The validator compiles and caches its request and response schemas per route and request content type,
    // *with its parameters*: left alone, every new `; charset=...`, `; x=1` or `text/plain` (on a GET, where
    // nothing checks it) would compile another validator on the request path, and keep it. The body is parsed
    // by now, so what validation sees is reduced to validatedContentTypes, the variants start-up compiles.
    function canonicalContentType(req: Request, _res: Response, next: NextFunction): void {
      const type = req.headers["content-type"];
      if (type === undefined) return next();
      if (isJson(type) && (hasBody(req) || !bodylessMethods.has(req.method)))
        req.headers["content-type"] = "application/json";
      else delete req.headers["content-type"];
      next();
    },
  ];
}

function isJsonRequest(req: { headers: Record<string, string | string[] | undefined> }): boolean {
  return isJson(req.headers["content-type"] as string | undefined);
}
