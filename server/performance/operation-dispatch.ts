// After express-openapi-validator has found a request's operation (its route lookup, memoized by
// http/validator-routes.ts), Express would match the request once more against every operation's route in turn,
// a path pattern per route for the ~40 routes of the API, before calling the handler: a visible part of a
// small answer's routing cost (figures: bench/README.md). One middleware calls the operation's handler by its
// operationId instead, with the path parameters the validator decoded (what the validator's `app.param` hooks put
// on `req.params` on the routes' way), and with Express 5's treatment of a handler's rejected promise.
import type { NextFunction, Request, RequestHandler, Response } from "express";

type RoutedRequest = Request & { openapi?: { schema?: { operationId?: string }; pathParams?: Record<string, string> } };

export function operationDispatcher(handlers: ReadonlyMap<string, RequestHandler>): RequestHandler {
  return function dispatchOperation(req: Request, res: Response, next: NextFunction): void {
    const openapi = (req as RoutedRequest).openapi;
    const handler = openapi?.schema?.operationId ? handlers.get(openapi.schema.operationId) : undefined;
    if (!handler) return next();
    if (openapi?.pathParams) req.params = openapi.pathParams;
    try {
      const result = handler(req, res, next) as unknown;
      if (result instanceof Promise)
        result.then(undefined, (error: unknown) => next(error || new Error("Rejected promise")));
    } catch (error) {
      next(error);
    }
  };
}
