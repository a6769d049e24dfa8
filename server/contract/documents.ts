// The published documents as the server reads them: loaded once per version, and walked with `$ref`s and
// `allOf`s resolved, for everything the server derives from them (operations, inventories, versions).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { apiVersions } from "../options.js";
import { generatedDir } from "../package-root.js";
import { BoundedMap } from "../performance/bounded-map.js";

// biome-ignore lint/suspicious/noExplicitAny: a parsed OpenAPI document is walked by key (OpenAPI's shape).
export type Json = any;

// Every known version fits: the bound only states that the cache cannot outgrow the versions shipped.
const documents = new BoundedMap<string, Json>({ maxEntries: apiVersions.length });

/** The published OpenAPI 3.0 (default) or 3.1 document of a version, as text. */
export function publishedDocumentText(version: string, openapi: "3.0" | "3.1" = "3.0"): string {
  if (!apiVersions.includes(version))
    throw new Error(`unknown API version ${version}; known: ${apiVersions.join(", ")}`);
  return readFileSync(join(generatedDir, openapi === "3.0" ? "openapi" : "openapi-3.1", `${version}.yaml`), "utf8");
}

/**
 * A version's 3.0 document, parsed once; callers must not change it. Read from the JSON copy `npm run generate`
 * writes beside the YAML (scripts/server-documents.mjs): parsing the YAML was a large part of start-up.
 */
export function loadDocument(version: string): Json {
  let doc = documents.get(version);
  if (!doc) {
    if (!apiVersions.includes(version))
      throw new Error(`unknown API version ${version}; known: ${apiVersions.join(", ")}`);
    doc = JSON.parse(readFileSync(join(generatedDir, "server", "openapi", `${version}.json`), "utf8"));
    documents.set(version, doc);
  }
  return doc;
}

export function resolve(doc: Json, node: Json): Json {
  let current = node;
  while (current?.$ref) {
    const segments = (current.$ref as string).replace(/^#\//, "").split("/");
    current = segments.reduce((at: Json, key) => at?.[key], doc);
  }
  return current;
}

/** The name of the component schema a `$ref` (possibly wrapped in a one-entry `allOf`) points at. */
export function refName(node: Json): string | undefined {
  const ref = node?.$ref ?? (node?.allOf?.length === 1 ? node.allOf[0].$ref : undefined);
  return typeof ref === "string" ? ref.replace("#/components/schemas/", "") : undefined;
}

/** Follows `$ref`s and `allOf`s of a schema, merging the properties they contribute. */
export function propertiesOf(doc: Json, schema: Json): Record<string, Json> {
  const resolved = resolve(doc, schema);
  if (!resolved || typeof resolved !== "object") return {};
  const own: Record<string, Json> = { ...(resolved.properties ?? {}) };
  // A body shared by two APIs (a `oneOf` of their requests) has the properties of both.
  for (const part of [...(resolved.allOf ?? []), ...(resolved.oneOf ?? [])])
    Object.assign(own, propertiesOf(doc, part));
  return own;
}

export function itemsOf(doc: Json, schema: Json): Json {
  const resolved = resolve(doc, schema);
  if (resolved?.items) return resolved.items;
  for (const part of resolved?.allOf ?? []) {
    const items = itemsOf(doc, part);
    if (items) return items;
  }
  return undefined;
}
