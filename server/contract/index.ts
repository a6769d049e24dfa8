// What the server learns from the generated OpenAPI documents at start-up, so that nothing about the API is
// hand-copied: the operations and their routes, which ones are asynchronous or public, the inventory's
// fields, and in which version each request field was added.
import { apiVersions } from "../options.js";
import { itemsOf, type Json, loadDocument, propertiesOf, resolve } from "./documents.js";
import { type InventoryShape, inventoryShape } from "./inventories.js";

export { publishedDocumentText } from "./documents.js";
export type { DatePaths, InventoryField, InventoryShape, ScalarKind } from "./inventories.js";

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
  /**
   * The ZStack APIs that share this method and path (`x-zstack-actions`), told apart by the body's key: where a
   * name is shown (jobs, logs) it is the action's, not the operation's.
   */
  actions?: SharedAction[];
}

/** One of the ZStack APIs of a shared operation. */
export interface SharedAction {
  action: string;
  envelopeKey: string;
  since: string;
  jobResult: string;
}

export interface Contract {
  apiVersion: string;
  /** The document as published; a fresh copy for each consumer that may change it. */
  document(): Json;
  operations: OperationInfo[];
  operationById: Map<string, OperationInfo>;
  /** An inventory schema's fields, e.g. `inventory("ModelServiceInventory")`; derived once per name. */
  inventory(schemaName: string): InventoryShape;
  /**
   * For a request field absent from this version, the version that added it: key `<operationId> <path>`,
   * e.g. `AddModelService param.containerCommand`.
   */
  addedLater: Map<string, string>;
  /**
   * For a request field an older version had and this one lacks: the version that removed it and its successor
   * (`x-zstack-replaced-by`), same keys.
   */
  removedEarlier: Map<string, RemovedField>;
  /** Operations later versions add (the first version that has each): what this server answers 404 SYS.1008 naming. */
  operationsAddedLater: LaterOperation[];
}

/** An operation of a later version than the served one, with a matcher for its paths. */
export interface LaterOperation {
  operationId: string;
  method: string;
  version: string;
  pattern: RegExp;
}

export interface RemovedField {
  version: string;
  replacedBy?: string;
}

export function loadContract(apiVersion: string): Contract {
  const doc = loadDocument(apiVersion);
  const operations = listOperations(doc);
  const shapes = new Map<string, InventoryShape>();
  return {
    apiVersion,
    document: () => structuredClone(doc),
    operations,
    operationById: new Map(operations.map((op) => [op.operationId, op])),
    inventory(schemaName) {
      let shape = shapes.get(schemaName);
      if (!shape) {
        shape = inventoryShape(doc, schemaName);
        shapes.set(schemaName, shape);
      }
      return shape;
    },
    addedLater: fieldsAddedLater(apiVersion),
    removedEarlier: fieldsRemovedEarlier(apiVersion),
    operationsAddedLater: operationsAddedLater(apiVersion, operations),
  };
}

function operationsAddedLater(apiVersion: string, current: OperationInfo[]): LaterOperation[] {
  const known = new Set(current.map((op) => op.operationId));
  const later: LaterOperation[] = [];
  for (const version of apiVersions.slice(apiVersions.indexOf(apiVersion) + 1)) {
    for (const op of listOperations(loadDocument(version))) {
      if (known.has(op.operationId)) continue;
      known.add(op.operationId);
      const pattern = new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "[^/]+")}/?$`);
      later.push({ operationId: op.operationId, method: op.method.toUpperCase(), version, pattern });
    }
  }
  return later;
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
        ...(Array.isArray(op["x-zstack-actions"]) ? { actions: op["x-zstack-actions"] as SharedAction[] } : {}),
      });
    }
  }
  return result;
}

/**
 * Every property path of an operation's request body, e.g. `param.architectureImages[].cpuArchitecture`, with
 * the property's schema.
 */
function requestFieldPaths(doc: Json): Map<string, Map<string, Json>> {
  const byOperation = new Map<string, Map<string, Json>>();
  for (const item of Object.values(doc.paths as Record<string, Json>)) {
    for (const op of Object.values(item as Record<string, Json>)) {
      const schema = op?.requestBody ? resolve(doc, op.requestBody).content?.["application/json"]?.schema : undefined;
      if (!op?.operationId || !schema) continue;
      const paths = new Map<string, Json>();
      const walk = (node: Json, prefix: string, depth: number) => {
        if (depth > 8) return;
        for (const [name, child] of Object.entries(propertiesOf(doc, node))) {
          const path = prefix ? `${prefix}.${name}` : name;
          paths.set(path, child);
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
      for (const path of paths.keys()) {
        const key = `${operationId} ${path}`;
        if (!current.get(operationId)?.has(path) && !result.has(key)) result.set(key, version);
      }
    }
  }
  return result;
}

/** The request fields of older versions that this one lacks: the first version without them, and their successor. */
function fieldsRemovedEarlier(apiVersion: string): Map<string, RemovedField> {
  const index = apiVersions.indexOf(apiVersion);
  const current = requestFieldPaths(loadDocument(apiVersion));
  const result = new Map<string, RemovedField>();
  // Newest older version first: a field's removal is the version after the last one that had it.
  for (let i = index - 1; i >= 0; i--) {
    for (const [operationId, paths] of requestFieldPaths(loadDocument(apiVersions[i]!))) {
      for (const [path, schema] of paths) {
        const key = `${operationId} ${path}`;
        if (current.get(operationId)?.has(path) || result.has(key)) continue;
        const replacedBy =
          resolve(loadDocument(apiVersions[i]!), schema)?.["x-zstack-replaced-by"] ?? schema?.["x-zstack-replaced-by"];
        result.set(key, { version: apiVersions[i + 1]!, ...(typeof replacedBy === "string" ? { replacedBy } : {}) });
      }
    }
  }
  return result;
}
