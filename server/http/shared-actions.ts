// ZStack serves two APIs on one method and path (UpdateModelService and DeployModelService on
// `PUT /ai/model-services/{uuid}`) and tells them apart by the body's key. The documents describe that as one
// operation whose body has both keys and requires exactly one, listing the APIs in `x-zstack-actions` (DESIGN.md, "The
// shared PUT"). Before validation this picks the API by key, so that a body naming neither (or both) is a 400
// naming the keys. That choice is made here only: the handler called, argument errors, job names and the
// stand-in's journal and faults all read the request's action from requestActionOf.
import type { Request, RequestHandler, Response } from "express";
import { type Contract, type OperationInfo, type SharedAction, actionNamesOf } from "../contract/index.js";
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
    if (!operation) return next();
    const body: unknown = req.body;
    const named =
      body !== null && typeof body === "object" && !Array.isArray(body)
        ? operation.actions.filter((action) => Object.hasOwn(body, action.envelopeKey))
        : [];
    if (named.length !== 1) {
      // Start-up's requests that only compile the route (a body `{}`) go on to validation unchosen.
      if (isWarmUp(req)) return next();
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

/** The operation the validator routed a request to (undefined before routing or off the document). */
export function operationIdOf(req: Request): string | undefined {
  return (req as Request & { openapi?: { schema?: { operationId?: string } } }).openapi?.schema?.operationId;
}

/** The ZStack action a routed request calls: the shared operation's chosen API, else the operation's own. */
export function requestActionOf(req: Request, res: Response): string | undefined {
  return sharedActionOf(res)?.action ?? operationIdOf(req);
}

/**
 * Each operation's handler, from handlers registered per ZStack action (start-up fails naming an action without
 * one): a shared operation calls the handler of the action chosen for the request, so no resource dispatches.
 */
export function handlersByOperation(
  operations: readonly OperationInfo[],
  handlers: Readonly<Record<string, RequestHandler>>,
): Map<string, RequestHandler> {
  const byAction = new Map<string, RequestHandler>();
  for (const action of operations.flatMap(actionNamesOf)) {
    const handler = handlers[action];
    if (!handler) throw new Error(`no handler for the document's action ${action}`);
    byAction.set(action, handler);
  }
  const chosen: RequestHandler = (req, res, next) => {
    const action = requestActionOf(req, res);
    const handler = action === undefined ? undefined : byAction.get(action);
    // Only start-up's requests that compile a route, which validation stops, could reach a shared operation unchosen.
    if (!handler) throw new Error(`no handler for the action ${action ?? "(none chosen)"}`);
    return handler(req, res, next);
  };
  // An operation of one action calls its handler directly: the lookup by request is for shared operations only.
  return new Map(
    operations.map((op) => [op.operationId, op.actions ? chosen : byAction.get(op.operationId)!] as const),
  );
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
