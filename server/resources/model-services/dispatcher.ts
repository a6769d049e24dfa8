// `PUT /zstack/v1/ai/model-services/{uuid}` is two ZStack APIs, UpdateModelService and DeployModelService, told
// apart by the body's key: the document has one operation (UpdateOrDeployModelService), whose handler hands the
// request to the API that http/shared-actions.ts chose before validation.
import type { RequestHandler } from "express";
import type { ServerContext } from "../../context.js";
import { sharedActionOf } from "../../http/shared-actions.js";
import { deployModelService } from "../instance-groups/deploy.js";

export function updateOrDeployModelService(
  updateModelService: (ctx: ServerContext) => RequestHandler,
): (ctx: ServerContext) => RequestHandler {
  return (ctx) => {
    const byAction: Record<string, RequestHandler> = {
      UpdateModelService: updateModelService(ctx),
      DeployModelService: deployModelService(ctx),
    };
    return (req, res, next) => {
      const action = sharedActionOf(res)?.action;
      const handler = action ? byAction[action] : undefined;
      if (!handler) throw new Error(`no handler for the shared action ${action ?? "(none chosen)"}`);
      return handler(req, res, next);
    };
  };
}
