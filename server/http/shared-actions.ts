// ZStack serves two APIs on one method and path (UpdateModelService and DeployModelService on
// `PUT /ai/model-services/{uuid}`) and tells them apart by the body's key. The documents describe that as one
// operation whose body has both keys and requires exactly one, listing the APIs in `x-zstack-actions` (DESIGN.md, "The
// shared PUT"). Before validation this picks the API by key, so that a body naming neither (or both) is a 400
// naming the keys, and so that argument errors, job names and logs speak of the API the caller meant.
import type { Request, RequestHandler, Response } from "express";
import type { Contract, SharedAction } from "../contract/index.js";
import { zstackErrors } from "../zstack/errors.js";

/** Chooses the action of every request to a shared operation of the document. */
export function sharedActionDispatcher(contract: Contract, isWarmUp: (req: Request) => boolean): RequestHandler {
  // Matched by hand rather than by an Express route, whose parameter decoding would fail other methods' requests.
  const shared = contract.operations.flatMap((operation) =>
    operation.actions
      ? [
          {
            method: operation.method.toUpperCase(),
            pattern: new RegExp(`^${operation.path.replace(/\{[^}]+\}/g, "[^/]+")}/?$`),
            actions: operation.actions,
          },
        ]
      : [],
  );
  return (req, res, next) => {
    const operation = shared.find(({ method, pattern }) => req.method === method && pattern.test(req.path));
    if (!operation || isWarmUp(req)) return next();
    const body: unknown = req.body;
    const named =
      body !== null && typeof body === "object" && !Array.isArray(body)
        ? operation.actions.filter((action) => Object.hasOwn(body, action.envelopeKey))
        : [];
    if (named.length !== 1) {
      const keys = operation.actions.map((action) => `\`${action.envelopeKey}\``).join(" or ");
      const apis = operation.actions.map((action) => `${action.envelopeKey} for ${action.action}`).join(", ");
      throw zstackErrors.badRequest(`the body must have exactly one of the keys ${keys}: ${apis}`);
    }
    res.locals.sharedAction = named[0];
    next();
  };
}

/** The ZStack API a request to a shared operation names, once the dispatcher chose it. */
export function sharedActionOf(res: Response): SharedAction | undefined {
  return res.locals.sharedAction as SharedAction | undefined;
}

/**
 * The validator's errors about the chosen action's request only: not the body's `oneOf` (which requires one key of
 * the shared ones: the dispatcher made sure of it), nor anything under another action's key.
 */
export function chosenBranchErrors<E extends { path?: string; errorCode?: string }>(
  errors: readonly E[],
  chosen: SharedAction,
  all: readonly SharedAction[],
): E[] {
  const others = all.filter((action) => action.envelopeKey !== chosen.envelopeKey).map((a) => `/body/${a.envelopeKey}`);
  return errors.filter(
    (error) =>
      error.errorCode?.replace(/\.openapi\.validation$/, "") !== "oneOf" &&
      !others.some((other) => error.path === other || error.path?.startsWith(`${other}/`)),
  );
}
