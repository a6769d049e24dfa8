// The Express application: middleware in the order that gives DESIGN.md's answers, and one handler per
// ZStack action of the served document (an action without a handler stops start-up). The handlers
// come from the caller (server/index.ts): the pipeline knows no resource.
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from "express";
import { jsonBody } from "./body.js";
import type { ServerContext } from "../context.js";
import { cors } from "./cors.js";
import { errorHandler } from "./error-handler.js";
import { livez, readyz } from "./health.js";
import { requestLogger } from "./logging.js";
import { sharedValidatorMiddleware } from "./shared-validation.js";
import { handlersByOperation, operationIdOf, sharedActionDispatcher } from "./shared-actions.js";
import { runWarmUp } from "./warm-up.js";
import { invalidSessionCode, ZStackError } from "../zstack/errors.js";
import { acceptUnauthenticated } from "../zstack/jobs.js";
import { operationDispatcher } from "../performance/operation-dispatch.js";
import { sendLongTextsAsBytes } from "../performance/utf8-answers.js";

export interface AppHooks {
  isReady(): boolean;
  /** Start-up's own requests, which compile the validator's routes: they must not be stored. */
  isWarmUp(req: Request): boolean;
  /** While warm-up runs: every action's handler in the warm-up's own context (performance/warm-up-context.ts). */
  warmUpHandlers?(): Record<string, RequestHandler> | undefined;
  /** Extra public routers mounted before validation (e.g. the API reference page, the instances' endpoints). */
  publicRouters?: { path: string; router: RequestHandler }[];
  /**
   * A handler per ZStack action of the served document (an operationId, or each of a shared operation's
   * `x-zstack-actions`), besides the health checks: resources, accounts, jobs.
   */
  handlers: Record<string, RequestHandler>;
  /** The stand-in's (server/testing/): first of all, before validation, and between validation and the handlers. */
  around?: { first?: RequestHandler; beforeValidation?: RequestHandler; beforeHandlers?: RequestHandler };
}

export function createApp(ctx: ServerContext, hooks: AppHooks): Express {
  const health: Record<string, RequestHandler> = { Livez: livez(), Readyz: readyz(ctx, hooks.isReady) };
  const dispatcherOf = (handlers: Record<string, RequestHandler>) =>
    operationDispatcher(handlersByOperation(ctx.contract.operations, { ...health, ...handlers }));
  const warmUpDispatchers = new WeakMap<Record<string, RequestHandler>, RequestHandler>();
  const warmUpDispatcher = (): RequestHandler | undefined => {
    const handlers = hooks.warmUpHandlers?.();
    if (!handlers) return undefined;
    let dispatcher = warmUpDispatchers.get(handlers);
    if (!dispatcher) {
      dispatcher = dispatcherOf(handlers);
      warmUpDispatchers.set(handlers, dispatcher);
    }
    return dispatcher;
  };

  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  sendLongTextsAsBytes(app);
  // First of all: the reads of a batch of arriving requests share what they learn of other processes' commits.
  app.use((_req, _res, next) => {
    ctx.store.requestArrived();
    next();
  });
  if (hooks.around?.first) app.use(hooks.around.first);
  app.use(requestLogger(ctx.logger, hooks.isWarmUp));
  if (ctx.options.corsOrigin.length > 0) app.use(cors(ctx.options.corsOrigin));
  for (const { path, router } of hooks.publicRouters ?? []) app.use(path, router);
  app.use(jsonBody());
  if (hooks.around?.beforeValidation) app.use(hooks.around.beforeValidation);
  app.use(sharedActionDispatcher(ctx.contract, hooks.isWarmUp));
  app.use(sharedValidatorMiddleware(ctx.contract, ctx.options, authenticateMiddleware(ctx, hooks)));
  app.use(runWarmUp(hooks.isWarmUp, warmUpDispatcher));
  if (hooks.around?.beforeHandlers) app.use(hooks.around.beforeHandlers);

  app.use(dispatcherOf(hooks.handlers));
  app.use(errorHandler(ctx, hooks.isWarmUp));
  return app;
}

function authenticateMiddleware(ctx: ServerContext, hooks: AppHooks): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const operationId = operationIdOf(req);
    const operation = operationId ? ctx.contract.operationById.get(operationId) : undefined;
    if (!operation || operation.public || hooks.isWarmUp(req)) return next();
    ctx.authenticate(req).then(
      (session) => {
        res.locals.session = session;
        next();
      },
      (err: unknown) => {
        // A bad session on an asynchronous API fails through its (never stored) job: see acceptUnauthenticated.
        if (!operation.async || !(err instanceof ZStackError && err.code === invalidSessionCode)) return next(err);
        try {
          acceptUnauthenticated(ctx, req, res);
        } catch (restLayer) {
          next(restLayer);
        }
      },
    );
  };
}
