// The ZStack action behind each operation of the served document, which is the name the stand-in's faults, journal
// and seed files use (DESIGN.md: the action, never the operationId). It comes from the contract: a shared
// operation's actions (`x-zstack-actions`, of which http/shared-actions.ts chose the request's), a get by uuid is its
// resource's Query action (as in ZStack), else the operationId, which is the action's name.
import type { Request, Response } from "express";
import type { Contract, OperationInfo } from "../contract/index.js";
import { type Json, loadDocument, resolve } from "../contract/documents.js";
import { requestActionOf } from "../http/shared-actions.js";

export interface ActionInfo {
  action: string;
  operation: OperationInfo;
  /** The body's envelope key (`param`, `updateModelCenter`, ...), when the action takes a body. */
  envelope?: string;
  /** Path parameter names, in path order. */
  pathParams: string[];
}

export interface Actions {
  /** Every action of the served version, by name. */
  byName: Map<string, ActionInfo>;
  /** The action a routed request calls (undefined before routing or off the document). */
  ofRequest(req: Request, res: Response): string | undefined;
}

const tagKeys = new Set(["systemTags", "userTags"]);

export function actionsOf(contract: Contract): Actions {
  const doc = loadDocument(contract.apiVersion);
  const byName = new Map<string, ActionInfo>();
  /** The stand-in's name of an action the server names otherwise (a get by uuid: its Query action). */
  const renamed = new Map<string, string>();
  for (const operation of contract.operations) {
    const op: Json = doc.paths[operation.path][operation.method];
    const { pathParams } = operation;
    const infos: ActionInfo[] = operation.actions
      ? operation.actions.map(({ action, envelopeKey }) => ({ action, operation, envelope: envelopeKey, pathParams }))
      : [{ action: actionName(doc, op, operation, pathParams), operation, envelope: envelopeOf(doc, op), pathParams }];
    if (!operation.actions && infos[0]!.action !== operation.operationId)
      renamed.set(operation.operationId, infos[0]!.action);
    // A get and its Query share the action's name; the Query (no path parameter) is the one seeds and faults mean.
    for (const info of infos)
      if (!byName.has(info.action) || info.pathParams.length === 0) byName.set(info.action, info);
  }
  return {
    byName,
    ofRequest(req, res) {
      const action = requestActionOf(req, res);
      return action === undefined ? undefined : (renamed.get(action) ?? action);
    },
  };
}

/** A get by uuid (one path parameter, answers `inventories`) is ZStack's Query action of its resource. */
function actionName(doc: Json, op: Json, operation: OperationInfo, pathParams: string[]): string {
  const ok = resolve(doc, op.responses?.["200"]?.content?.["application/json"]?.schema);
  const isGet = operation.method === "get" && pathParams.length === 1 && ok?.properties?.inventories;
  return isGet && operation.operationId.startsWith("Get")
    ? `Query${operation.operationId.slice("Get".length)}`
    : operation.operationId;
}

function envelopeOf(doc: Json, op: Json): string | undefined {
  const body = resolve(doc, op.requestBody?.content?.["application/json"]?.schema);
  const keys = Object.keys(body?.properties ?? {}).filter((key) => !tagKeys.has(key));
  return keys.length === 1 ? keys[0] : undefined;
}
