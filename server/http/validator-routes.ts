// express-openapi-validator 5.6.2's route lookup (its metadataMiddleware) compiles every route's path-to-regexp
// pattern again on every request (upstream: cdimascio/express-openapi-validator PR #1217, open), a visible share of
// a GetModelService's server time (figures: bench/README.md). This wrapper remembers what the validator's own
// lookup attached to a
// request (`req.openapi`) per route and method, and answers later requests for that route from the memo with
// patterns compiled once, the same way the validator compiles them. Whatever it is not sure of goes to the
// validator's lookup unchanged: a path that matches no route or more than one, a method not seen yet, a path
// parameter that does not decode, a route the validator named differently from the document's.
//
// Start-up proves the memo (verifyRouteLookup, after warm-up has filled it): for every memoized route and method,
// its answer must equal the validator's own lookup, called directly, or the server does not start.
import { createRequire } from "node:module";
import { isDeepStrictEqual } from "node:util";
import type { Application, NextFunction, Request, RequestHandler, Response } from "express";
import type { Contract } from "../contract/index.js";

// The validator's own copy of path-to-regexp, so that our patterns are compiled exactly as its are.
const validatorRequire = createRequire(createRequire(import.meta.url).resolve("express-openapi-validator"));
const { pathToRegexp } = validatorRequire("path-to-regexp") as {
  pathToRegexp(
    path: string,
    options: { sensitive: boolean; strict: boolean },
  ): { regexp: RegExp; keys: { name: string }[] };
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

type RoutedRequest = Request & { openapi?: RouteMetadata };

interface Route {
  expressRoute: string;
  regexp: RegExp;
  keys: string[];
  /** By HTTP method, the validator's metadata without the path parameters. */
  byMethod: Map<string, Omit<RouteMetadata, "pathParams">>;
}

/**
 * Every route, and those without parameters by their path where no other route matches that path too: a request
 * for such a path (an add, a query) is answered without trying every pattern.
 */
interface Routes {
  all: Route[];
  byStaticPath: Map<string, Route>;
}

/** The memo's answer to a request, or the route to remember the validator's answer for (if it is this one). */
type MemoAnswer = { hit: RouteMetadata } | { miss: Route | undefined };

/** What a lookup left on a request: an error, or the metadata and the parameters. */
export interface LookupResult {
  error?: unknown;
  openapi?: unknown;
  params?: unknown;
}

/** The memo of an app, known once a request reached it: what verifyRouteLookup checks. */
export interface RouteLookupCheck {
  /** Every memoized route and method, as `METHOD expressRoute`. */
  memoized(): string[];
  /** The memo's answer to `method url`, or undefined where it would ask the validator. */
  fromMemo(method: string, url: string): LookupResult | undefined;
  /** The validator's own lookup for `method url`, called directly. */
  fromValidator(method: string, url: string): Promise<LookupResult>;
}

const checks = new WeakMap<Application, RouteLookupCheck>();

export function memoizedRouteLookup(contract: Contract, validatorLookup: RequestHandler): RequestHandler {
  let routes: Routes | undefined;
  const compile = (req: Request): Routes => {
    const options = { sensitive: req.app.enabled("case sensitive routing"), strict: req.app.enabled("strict routing") };
    const compiled = [...new Set(contract.operations.map((op) => op.expressPath))].map((expressRoute) => {
      const { regexp, keys } = pathToRegexp(expressRoute, options);
      return { expressRoute, regexp, keys: keys.map((key) => key.name), byMethod: new Map() };
    });
    const unambiguous = compiled.filter(
      (route) =>
        route.keys.length === 0 && compiled.every((other) => other === route || !other.regexp.test(route.expressRoute)),
    );
    const byStaticPath = new Map(unambiguous.map((route) => [route.expressRoute, route]));
    checks.set(req.app, checkOf(req.app, { all: compiled, byStaticPath }));
    return { all: compiled, byStaticPath };
  };

  function lookUp(routes: Routes, method: string, originalUrl: string): MemoAnswer {
    const query = originalUrl.indexOf("?");
    const path = query < 0 ? originalUrl : originalUrl.slice(0, query);
    const only = routes.byStaticPath.get(path);
    if (only) {
      const memo = only.byMethod.get(method);
      return memo ? { hit: { ...memo, pathParams: {} } } : { miss: only };
    }
    let found: { route: Route; match: RegExpExecArray } | undefined;
    for (const route of routes.all) {
      const match = route.regexp.exec(path);
      if (!match) continue;
      if (found) return { miss: undefined }; // ambiguous: the validator's order decides
      found = { route, match };
    }
    const memo = found?.route.byMethod.get(method);
    if (!found || !memo) return { miss: found?.route };
    const pathParams: Record<string, string> = {};
    try {
      for (const [i, key] of found.route.keys.entries()) pathParams[key] = decodeURIComponent(found.match[i + 1]!);
    } catch {
      return { miss: undefined }; // the validator answers a malformed URI its own way
    }
    return { hit: { ...memo, pathParams } };
  }

  function checkOf(app: Application, routes: Routes): RouteLookupCheck {
    return {
      memoized: () =>
        routes.all.flatMap((route) => [...route.byMethod.keys()].map((method) => `${method} ${route.expressRoute}`)),
      fromMemo(method, url) {
        const answer = lookUp(routes, method, url);
        return "hit" in answer ? { openapi: answer.hit, params: answer.hit.pathParams } : undefined;
      },
      fromValidator: (method, url) =>
        new Promise((resolve) => {
          const req = {
            app,
            method,
            url,
            originalUrl: url,
            path: url.split("?")[0],
            baseUrl: "",
            params: {},
            headers: {},
          } as unknown as RoutedRequest;
          const done = (error?: unknown) => resolve(error ? { error } : { openapi: req.openapi, params: req.params });
          try {
            validatorLookup(req, {} as Response, done);
          } catch (error) {
            done(error);
          }
        }),
    };
  }

  return function routeLookup(req: Request, res: Response, next: NextFunction) {
    routes ??= compile(req);
    const answer = lookUp(routes, req.method, req.originalUrl);
    if (!("hit" in answer)) return slowPath(req, res, next, answer.miss);
    (req as RoutedRequest).openapi = answer.hit;
    req.params = answer.hit.pathParams;
    next();
  };

  /** The validator's own lookup; what it attached is remembered for the route it matched. */
  function slowPath(req: Request, res: Response, next: NextFunction, route: Route | undefined): void {
    validatorLookup(req, res, (err?: unknown) => {
      const metadata = (req as RoutedRequest).openapi;
      if (!err && route && metadata?.schema && metadata.expressRoute === route.expressRoute) {
        const { pathParams: _params, ...rest } = metadata;
        route.byMethod.set(req.method, rest);
      }
      next(err);
    });
  }
}

/** The memo's check for an app (undefined before any request reached its route lookup). */
export function routeLookupCheck(app: Application): RouteLookupCheck | undefined {
  return checks.get(app);
}

/**
 * Proves the memo against the validator: for every memoized route and method, a path with a percent-encoded
 * parameter must get the same metadata and parameters from both. Returns what differed (empty: all agree).
 */
export async function routeLookupMismatches(app: Application): Promise<string[]> {
  const check = routeLookupCheck(app);
  if (!check) return [];
  const mismatches: string[] = [];
  for (const entry of check.memoized()) {
    const [method, expressRoute] = entry.split(" ") as [string, string];
    const url = expressRoute.replace(/:[^/]+/g, "probe%2D1");
    const memo = check.fromMemo(method, url);
    if (!memo || !isDeepStrictEqual(memo, await check.fromValidator(method, url))) mismatches.push(entry);
  }
  return mismatches;
}

/** Fails start-up if the memo disagrees with the validator anywhere. */
export async function verifyRouteLookup(app: Application): Promise<void> {
  const mismatches = await routeLookupMismatches(app);
  if (mismatches.length > 0)
    throw new Error(
      `the memoized route lookup disagrees with express-openapi-validator's for ${mismatches.join(", ")}`,
    );
}
