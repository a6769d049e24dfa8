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
}

export interface Contract {
  apiVersion: string;
  /** The document as published; a fresh copy for each consumer that may change it. */
  document(): Json;
  operations: OperationInfo[];
  operationById: Map<string, OperationInfo>;
  /** An inventory schema's fields, e.g. `inventory("ModelServiceInventory")`; derived once per name. */
  inventory(schemaName: string): InventoryShape;
  /** For a request field absent from this version, the version that added it: key `<operationId> <path>`, e.g. `AddModelService param.containerCommand`. */
  addedLater: Map<string, string>;
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
