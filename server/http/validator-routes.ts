// express-openapi-validator 5.6.2's route lookup (its metadataMiddleware) compiles every route's path-to-regexp
// pattern again on every request (upstream: cdimascio/express-openapi-validator PR #1217, open): about 5% of a
// GetModelService's server time here. This wrapper remembers what the validator's own lookup attached to a
// request (`req.openapi`) per route and method, and answers later requests for that route from the memo with
// patterns compiled once, the same way the validator compiles them. Whatever it is not sure of goes to the
// validator's lookup unchanged: a path that matches no route or more than one, a method not seen yet, a path
// parameter that does not decode, a route the validator named differently from the document's.
import { createRequire } from "node:module";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { Contract } from "../contract/index.js";

// The validator's own copy of path-to-regexp, so that our patterns are compiled exactly as its are.
const validatorRequire = createRequire(createRequire(import.meta.url).resolve("express-openapi-validator"));
const { pathToRegexp } = validatorRequire("path-to-regexp") as {
  pathToRegexp(path: string, options: { sensitive: boolean; strict: boolean }): { regexp: RegExp; keys: { name: string }[] };
};

/** What the validator's lookup puts on a request (express-openapi-validator's OpenApiRequestMetadata). */
interface RouteMetadata {
  expressRoute: string;
  openApiRoute: string;
  pathParams: Record<string, string>;
  schema: unknown;
  serial: number;
  _responseSchema?: unknown;
}

interface Route {
  expressRoute: string;
  regexp: RegExp;
  keys: string[];
  /** By HTTP method, the validator's metadata without the path parameters. */
  byMethod: Map<string, Omit<RouteMetadata, "pathParams">>;
}

export function memoizedRouteLookup(contract: Contract, validatorLookup: RequestHandler): RequestHandler {
  let routes: Route[] | undefined;
  const compile = (req: Request): Route[] => {
    const options = { sensitive: req.app.enabled("case sensitive routing"), strict: req.app.enabled("strict routing") };
    return [...new Set(contract.operations.map((op) => op.expressPath))].map((expressRoute) => {
      const { regexp, keys } = pathToRegexp(expressRoute, options);
      return { expressRoute, regexp, keys: keys.map((key) => key.name), byMethod: new Map() };
    });
  };

  return function routeLookup(req: Request, res: Response, next: NextFunction) {
    routes ??= compile(req);
    const path = req.originalUrl.split("?")[0]!;
    let found: { route: Route; match: RegExpExecArray } | undefined;
    for (const route of routes) {
      const match = route.regexp.exec(path);
      if (!match) continue;
      if (found) return slowPath(req, res, next, undefined); // ambiguous: the validator's order decides
      found = { route, match };
    }
    const memo = found?.route.byMethod.get(req.method);
    if (!found || !memo) return slowPath(req, res, next, found?.route);
    const pathParams: Record<string, string> = {};
    try {
      found.route.keys.forEach((key, i) => (pathParams[key] = decodeURIComponent(found.match[i + 1]!)));
    } catch {
      return slowPath(req, res, next, undefined); // the validator answers a malformed URI its own way
    }
    (req as Request & { openapi?: RouteMetadata }).openapi = { ...memo, pathParams };
    req.params = pathParams;
    next();
  };

  /** The validator's own lookup; what it attached is remembered for the route it matched. */
  function slowPath(req: Request, res: Response, next: NextFunction, route: Route | undefined): void {
    validatorLookup(req, res, (err?: unknown) => {
      const metadata = (req as Request & { openapi?: RouteMetadata }).openapi;
      if (!err && route && metadata?.schema && metadata.expressRoute === route.expressRoute) {
        const { pathParams: _params, ...rest } = metadata;
        route.byMethod.set(req.method, rest);
      }
      next(err);
    });
  }
}
