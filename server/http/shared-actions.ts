// ZStack serves two APIs on one method and path (UpdateModelService and DeployModelService on
// `PUT /ai/model-services/{uuid}`) and tells them apart by the body's key. The documents describe that as one
// operation whose body is a `oneOf` of the two requests, listing the APIs in `x-zstack-actions` (DESIGN.md, "The
// shared PUT"). Before validation this picks the API by key, so that a body naming neither (or both) is a 400
// naming the keys, and so that argument errors, job names and logs speak of the API the caller meant.
import { type Request, type RequestHandler, type Response, Router } from "express";
import type { Contract, SharedAction } from "../contract/index.js";
import { zstackErrors } from "../zstack/errors.js";

/** Routes every shared operation of the document through the choice of its action. */
export function sharedActionDispatcher(contract: Contract, isWarmUp: (req: Request) => boolean): RequestHandler {
  const router = Router();
  for (const operation of contract.operations) {
    const actions = operation.actions;
    if (!actions) continue;
    const keys = actions.map((action) => action.envelopeKey);
    const route = (router as unknown as Record<string, (path: string, handler: RequestHandler) => void>)[
      operation.method
    ]!;
    route.call(router, operation.expressPath, (req, res, next) => {
      if (isWarmUp(req)) return next();
      const body: unknown = req.body;
      const named =
        body !== null && typeof body === "object" && !Array.isArray(body)
          ? actions.filter((action) => Object.hasOwn(body, action.envelopeKey))
          : [];
      if (named.length !== 1)
        throw zstackErrors.badRequest(
          `the body must have exactly one of the keys ${keys.map((key) => `\`${key}\``).join(" or ")}: ` +
            `${actions.map((action) => `${action.envelopeKey} for ${action.action}`).join(", ")}`,
        );
      res.locals.sharedAction = named[0];
      next();
    });
  }
  return router;
}

/** The ZStack API a request to a shared operation names, once the dispatcher chose it. */
export function sharedActionOf(res: Response): SharedAction | undefined {
  return res.locals.sharedAction as SharedAction | undefined;
}

/**
 * The validator's errors of the chosen action's request only: a `oneOf` reports every branch's complaints (the
 * other branch misses its key, has an unknown one) and its own "must match exactly one schema".
 */
export function chosenBranchErrors<E extends { path?: string; message?: string; errorCode?: string }>(
  errors: readonly E[],
  chosen: SharedAction,
  all: readonly SharedAction[],
): E[] {
  const others = all.filter((action) => action.envelopeKey !== chosen.envelopeKey).map((a) => a.envelopeKey);
  return errors.filter((error) => {
    const code = error.errorCode?.replace(/\.openapi\.validation$/, "");
    if (code === "oneOf") return false;
    const text = `${error.path ?? ""} ${error.message ?? ""}`;
    if (code === "required" && others.some((key) => text.includes(key))) return false;
    if (code === "additionalProperties" && text.includes(chosen.envelopeKey)) return false;
    return !others.some((key) => (error.path ?? "").startsWith(`/body/${key}`));
  });
}
