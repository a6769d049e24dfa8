// What the server learns from the generated OpenAPI documents at start-up, so that nothing about the API is
// hand-copied: the operations and their routes, which ones are asynchronous or public, the inventory's
// fields, and (from the index `npm run generate` derives from every version's document) in which version each
// request field or operation it lacks was added or removed.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { generatedDir } from "../package-root.js";
import { type Json, loadDocument, resolve } from "./documents.js";
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
  /** The path's parameter names, in path order (`["uuid"]`). */
  pathParams: string[];
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

/** The ZStack actions an operation serves: its `x-zstack-actions`, else the one its operationId names. */
export function actionNamesOf(operation: OperationInfo): string[] {
  return operation.actions?.map(({ action }) => action) ?? [operation.operationId];
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
    ...versionIndex(apiVersion),
  };
}

interface GeneratedVersionIndex {
  addedLater: Record<string, string>;
  removedEarlier: Record<string, RemovedField>;
  operationsAddedLater: { operationId: string; method: string; path: string; version: string }[];
}

/**
 * What a version lacks and which version has it, as `npm run generate` worked it out from every version's
 * document (scripts/server-documents.mjs): deriving it here meant parsing all of them at each start.
 */
function versionIndex(apiVersion: string): Pick<Contract, "addedLater" | "removedEarlier" | "operationsAddedLater"> {
  const all = JSON.parse(readFileSync(join(generatedDir, "server", "version-index.json"), "utf8")) as Record<
    string,
    GeneratedVersionIndex
  >;
  const index = all[apiVersion];
  if (!index) throw new Error(`generated/server/version-index.json has no ${apiVersion}: run \`npm run generate\``);
  return {
    addedLater: new Map(Object.entries(index.addedLater)),
    removedEarlier: new Map(Object.entries(index.removedEarlier)),
    operationsAddedLater: index.operationsAddedLater.map((op) => ({
      operationId: op.operationId,
      method: op.method,
      version: op.version,
      pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "[^/]+")}/?$`),
    })),
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
        pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!),
        async: parameters.some((p: Json) => p.in === "header" && p.name.toLowerCase() === "x-job-uuid"),
        public: Array.isArray(op.security) && op.security.every((s: Json) => Object.keys(s).length === 0),
        ...(Array.isArray(op["x-zstack-actions"]) ? { actions: op["x-zstack-actions"] as SharedAction[] } : {}),
      });
    }
  }
  return result;
}
