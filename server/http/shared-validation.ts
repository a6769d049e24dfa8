// One compiled validator per served version and validation options, shared by every server in the process.
// express-openapi-validator compiles each route's schemas into its middleware chain on first use, which is most
// of a server's start-up; a test suite that starts a stand-in per file (server/testing/) would pay it each time.
// The chain holds nothing per app but two things, handled here: the session check, which belongs to each
// server's context (looked up by the request's app), and the `app.param` handlers the validator installs on the
// first app it sees only (installed again on every later app, as express-openapi-validator 5.6.2 installs them).
import type { Application, NextFunction, Request, RequestHandler, Response } from "express";
import type { Contract } from "../contract/index.js";
import type { UnknownFieldsMode } from "../options.js";
import { validatorMiddleware } from "./validator.js";

type ValidationOptions = { validateResponses: boolean; unknownFields: UnknownFieldsMode };

interface SharedChain {
  chain: RequestHandler[];
  /** The first app's warm-up (server/http/warm-up.ts), which compiles the chain for every later app. */
  warm?: Promise<void>;
  authenticators: WeakMap<Application, RequestHandler>;
  apps: WeakSet<Application>;
  pathParams: string[];
}

const chains = new Map<string, SharedChain>();

const keyOf = (contract: Contract, options: ValidationOptions) =>
  `${contract.apiVersion} ${options.validateResponses} ${options.unknownFields}`;

/** validatorMiddleware, compiled once per version and options; `authenticate` stays this app's own. */
export function sharedValidatorMiddleware(
  contract: Contract,
  options: ValidationOptions,
  authenticate: RequestHandler,
): RequestHandler[] {
  const key = keyOf(contract, options);
  let shared = chains.get(key);
  if (!shared) {
    const authenticators = new WeakMap<Application, RequestHandler>();
    const byApp: RequestHandler = (req, res, next) => {
      const own = authenticators.get(req.app);
      if (!own) return next(new Error("a request reached a shared validator from an app that did not register"));
      own(req, res, next);
    };
    const pathParams = [...new Set(contract.operations.flatMap((op) => op.pathParams))];
    shared = { chain: validatorMiddleware(contract, options, byApp), authenticators, apps: new WeakSet(), pathParams };
    chains.set(key, shared);
  }
  const { chain, authenticators, apps, pathParams } = shared;
  const register: RequestHandler = (req, _res, next) => {
    if (!apps.has(req.app)) {
      apps.add(req.app);
      authenticators.set(req.app, authenticate);
      for (const name of pathParams) req.app.param(name, overridePathParam);
    }
    next();
  };
  return [register, ...chain];
}

/** What the validator's own `app.param` handler does: the path parameter as the validator decoded it wins. */
function overridePathParam(req: Request, _res: Response, next: NextFunction, _value: unknown, name: string): void {
  const pathParams = (req as Request & { openapi?: { pathParams?: Record<string, string> } }).openapi?.pathParams;
  if (pathParams) req.params[name] = pathParams[name] || req.params[name]!;
  next();
}

/**
 * Runs `warm` (the warm-up of a server using the shared chain) unless a server before it already warmed the same
 * chain: then its validators are compiled and its route lookup proven, and waiting for that is enough.
 */
export async function warmUpOnce(
  contract: Contract,
  options: ValidationOptions,
  warm: () => Promise<void>,
): Promise<void> {
  const shared = chains.get(keyOf(contract, options));
  if (!shared) return warm();
  if (!shared.warm) {
    shared.warm = warm();
    shared.warm.catch(() => {
      shared.warm = undefined;
    });
  }
  await shared.warm;
}
