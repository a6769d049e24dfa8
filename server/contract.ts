// What the server learns from the generated OpenAPI documents at start-up, so that nothing about the API is
// hand-copied: the operations and their routes, which ones are asynchronous or public, the inventory's
// fields, and in which version each request field was added.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { generatedDir } from "./package-root.js";
import { apiVersions } from "./options.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface OperationInfo {
  operationId: string;
  method: string;
  /** The OpenAPI path, e.g. `/zstack/v1/ai/model-services/{uuid}`. */
  path: string;
  /** The same path in Express's syntax, e.g. `/zstack/v1/ai/model-services/:uuid`. */
  expressPath: string;
  /** Answers 202 with a job (it declares the `X-Job-UUID` header). */
  async: boolean;
  /** Needs no session (`security: [{}]`). */
  public: boolean;
}

export interface Contract {
  apiVersion: string;
  /** The document as published; a fresh copy for each consumer that may change it. */
  document(): Json;
  operations: OperationInfo[];
  operationById: Map<string, OperationInfo>;
  /** The inventory's fields in the document's order. */
  inventoryFields: string[];
  /** For a request field absent from this version, the version that added it: key `<operationId> <path>`, e.g. `AddModelService param.containerCommand`. */
  addedLater: Map<string, string>;
}

const documentCache = new Map<string, Json>();

/** The published OpenAPI 3.0 (default) or 3.1 document of a version, as text. */
export function publishedDocumentText(version: string, openapi: "3.0" | "3.1" = "3.0"): string {
  if (!apiVersions.includes(version)) throw new Error(`unknown API version ${version}; known: ${apiVersions.join(", ")}`);
  return readFileSync(join(generatedDir, openapi === "3.0" ? "openapi" : "openapi-3.1", `${version}.yaml`), "utf8");
}

function loadDocument(version: string): Json {
  let doc = documentCache.get(version);
  if (!doc) {
    doc = load(publishedDocumentText(version));
    documentCache.set(version, doc);
  }
  return doc;
}

export function loadContract(apiVersion: string): Contract {
  const doc = loadDocument(apiVersion);
  const operations = listOperations(doc);
  const inventory = doc.components.schemas.ModelServiceInventory;
  return {
    apiVersion,
    document: () => structuredClone(doc),
    operations,
    operationById: new Map(operations.map((op) => [op.operationId, op])),
    inventoryFields: Object.keys(inventory.properties),
    addedLater: fieldsAddedLater(apiVersion),
  };
}

function listOperations(doc: Json): OperationInfo[] {
  const result: OperationInfo[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const [method, op] of Object.entries(item as Record<string, Json>)) {
      if (!op?.operationId) continue;
      const parameters = (op.parameters ?? []).map((p: Json) => resolve(doc, p));
      result.push({
        operationId: op.operationId,
        method,
        path,
        expressPath: path.replace(/\{([^}]+)\}/g, ":$1"),
        async: parameters.some((p: Json) => p.in === "header" && p.name.toLowerCase() === "x-job-uuid"),
        public: Array.isArray(op.security) && op.security.every((s: Json) => Object.keys(s).length === 0),
      });
    }
  }
  return result;
}

function resolve(doc: Json, node: Json): Json {
  let current = node;
  while (current?.$ref) {
    const segments = (current.$ref as string).replace(/^#\//, "").split("/");
    current = segments.reduce((at: Json, key) => at?.[key], doc);
  }
  return current;
}

/** Follows `$ref`s and `allOf`s of a schema, merging the properties they contribute. */
function propertiesOf(doc: Json, schema: Json): Record<string, Json> {
  const resolved = resolve(doc, schema);
  if (!resolved || typeof resolved !== "object") return {};
  const own: Record<string, Json> = { ...(resolved.properties ?? {}) };
  for (const part of resolved.allOf ?? []) Object.assign(own, propertiesOf(doc, part));
  return own;
}

function itemsOf(doc: Json, schema: Json): Json {
  const resolved = resolve(doc, schema);
  if (resolved?.items) return resolved.items;
  for (const part of resolved?.allOf ?? []) {
    const items = itemsOf(doc, part);
    if (items) return items;
  }
  return undefined;
}

/** Every property path of an operation's request body, e.g. `param.architectureImages[].cpuArchitecture`. */
function requestFieldPaths(doc: Json): Map<string, Set<string>> {
  const byOperation = new Map<string, Set<string>>();
  for (const item of Object.values(doc.paths as Record<string, Json>)) {
    for (const op of Object.values(item as Record<string, Json>)) {
      const schema = op?.requestBody ? resolve(doc, op.requestBody).content?.["application/json"]?.schema : undefined;
      if (!op?.operationId || !schema) continue;
      const paths = new Set<string>();
      const walk = (node: Json, prefix: string, depth: number) => {
        if (depth > 8) return;
        for (const [name, child] of Object.entries(propertiesOf(doc, node))) {
          const path = prefix ? `${prefix}.${name}` : name;
          paths.add(path);
          walk(child, path, depth + 1);
          const items = itemsOf(doc, child);
          if (items) walk(items, `${path}[]`, depth + 1);
        }
      };
      walk(schema, "", 0);
      byOperation.set(op.operationId, paths);
    }
  }
  return byOperation;
}

function fieldsAddedLater(apiVersion: string): Map<string, string> {
  const current = requestFieldPaths(loadDocument(apiVersion));
  const result = new Map<string, string>();
  for (const version of apiVersions.slice(apiVersions.indexOf(apiVersion) + 1)) {
    for (const [operationId, paths] of requestFieldPaths(loadDocument(version))) {
      for (const path of paths) {
        const key = `${operationId} ${path}`;
        if (!current.get(operationId)?.has(path) && !result.has(key)) result.set(key, version);
      }
    }
  }
  return result;
}
