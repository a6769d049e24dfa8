// Loads the published OpenAPI documents and resolves schema references in them, for tests.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";

export const repoRoot = join(import.meta.dirname, "..", "..");

// biome-ignore lint/suspicious/noExplicitAny: the tests' one name for parsed JSON, walked by key.
export type Json = any;

const cache = new Map<string, Json>();

/** The published OpenAPI document of a version: 3.0 (`openapi/`) by default, or 3.1. */
export function loadDocument(version: string, openapi: "3.0" | "3.1" = "3.0"): Json {
  const path = join(repoRoot, "generated", openapi === "3.0" ? "openapi" : "openapi-3.1", `${version}.yaml`);
  if (!cache.has(path)) cache.set(path, load(readFileSync(path, "utf8")));
  return structuredClone(cache.get(path));
}

/** A component schema, following `$ref`s and single-entry `allOf`s. */
export function resolveSchema(doc: Json, schema: Json): Json {
  let current = schema;
  for (;;) {
    if (current?.$ref) current = doc.components.schemas[current.$ref.replace("#/components/schemas/", "")];
    else if (current?.allOf?.length === 1) current = current.allOf[0];
    else return current;
  }
}

export function componentSchema(doc: Json, name: string): Json {
  const schema = doc.components.schemas[name];
  if (!schema) throw new Error(`no schema ${name}`);
  return schema;
}

/** Every operation of a document, with its path and method. */
export function listOperations(doc: Json): { path: string; method: string; operation: Json }[] {
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Json>)
      .filter(([, operation]) => typeof operation === "object" && operation?.operationId)
      .map(([method, operation]) => ({ path, method, operation })),
  );
}
