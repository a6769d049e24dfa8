// The last middleware: every failure becomes the ErrorCode body with DESIGN.md's status. Argument errors of
// the asynchronous APIs are answered ZStack's way (202, then a failed job); unexpected failures are logged
// and answered 500 SYS.1000 without any detail of their cause.
import type { NextFunction, Request, Response } from "express";
import type { ServerContext } from "../context.js";
import { requestProblems, restLayerError, ZStackError, zstackErrors } from "../zstack/errors.js";
import { rejectAsync } from "../zstack/jobs.js";
import { chosenBranchErrors, operationIdOf, requestActionOf, sharedActionOf } from "./shared-actions.js";

interface ValidationFailure {
  status: number;
  errors: { path?: string; message?: string; errorCode?: string }[];
  headers?: Record<string, string>;
}

function isValidationFailure(err: unknown): err is ValidationFailure {
  return (
    (err as ValidationFailure)?.status === 400 &&
    Array.isArray((err as ValidationFailure).errors) &&
    !(err instanceof ZStackError)
  );
}

export function errorHandler(ctx: ServerContext, isWarmUp: (req: Request) => boolean) {
  const { contract } = ctx;
  return async (err: unknown, req: Request, res: Response, _next: NextFunction): Promise<void> => {
    if (res.headersSent) {
      ctx.logger.error({ err, requestId: res.locals.requestId }, "failure after the answer started");
      res.destroy();
      return;
    }
    if (isWarmUp(req)) {
      // Start-up's requests that stop at validation (route compiles) or that an example's answer makes a ZStack
      // error are expected; anything else is a handler failing on a published example, a bug worth a line.
      if (!isValidationFailure(err) && !(err instanceof ZStackError) && !restLayerError(err))
        ctx.logger.error({ err, path: req.path }, "warm-up request failed");
      send(res, zstackErrors.badRequest("warm-up"), err);
      return;
    }
    try {
      const error = isValidationFailure(err) ? await argumentError(err, req, res) : laterOrRestLayer(err, req);
      if (error === null) return; // answered through a job
      if (!error) throw err;
      send(res, error, err);
    } catch (unexpected) {
      const known = restLayerError(unexpected);
      if (!known || known.status >= 500)
        ctx.logger.error({ err: unexpected, requestId: res.locals.requestId }, "unexpected failure");
      if (!res.headersSent) send(res, known ?? zstackErrors.internal(), unexpected);
    }
  };

  /**
   * A path or method the served version does not have: when a later version adds that operation, the answer is
   * 404 SYS.1008 naming it and its version (DESIGN.md: versions are first-class), else the REST layer's 404/405.
   */
  function laterOrRestLayer(err: unknown, req: Request): ZStackError | undefined {
    const error = restLayerError(err);
    if (error?.status !== 404 && error?.status !== 405) return error;
    const path = req.path;
    const later = contract.operationsAddedLater.find((op) => op.method === req.method && op.pattern.test(path));
    if (!later) return error;
    return zstackErrors.notFound(
      `${later.operationId} was added in API version ${later.version} (this server speaks ${contract.apiVersion})`,
    );
  }

  /** The error to answer with, or `null` when the answer was a 202 with a failed job. */
  async function argumentError(err: ValidationFailure, req: Request, res: Response): Promise<ZStackError | null> {
    const operationId = operationIdOf(req);
    const operation = operationId ? contract.operationById.get(operationId) : undefined;
    const shared = sharedActionOf(res);
    const errors =
      shared && operation?.actions ? chosenBranchErrors(err.errors, shared, operation.actions) : err.errors;
    const problems = requestProblems(errors, operationId, contract);
    const details = (list: typeof problems) => list.map((p) => p.detail).join("; ");
    // Malformed headers and query parameters are REST-layer errors (400), except the arguments of an
    // asynchronous API (deleteMode), which are API arguments like its body.
    const restLayer = problems.filter(
      (p) => p.location === "headers" || p.unknownQueryParameter || (p.location === "query" && !operation?.async),
    );
    if (restLayer.length > 0) return zstackErrors.badRequest(details(restLayer));
    const error = zstackErrors.invalidArgument(details(problems));
    if (!operation?.async) return error;
    await rejectAsync(ctx, req, res, requestActionOf(req, res) ?? operation.operationId, error);
    return null;
  }
}

function send(res: Response, error: ZStackError, cause: unknown): void {
  const allow = (cause as { headers?: Record<string, string> })?.headers?.Allow;
  if (error.status === 405 && allow) res.setHeader("Allow", allow);
  res.status(error.status).json(error.body());
}
