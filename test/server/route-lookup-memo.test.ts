// The memoized route lookup on a made-up set of routes, where one path without parameters is also matched by a
// templated route: such a path is always left to the validator's lookup, while a path no other route matches is
// answered from the memo after its first request.
import express, { type Request, type Response } from "express";
import { expect, it } from "vitest";
import type { Contract } from "../../server/contract/index.js";
import { memoizedRouteLookup } from "../../server/http/validator-routes.js";

const routes = ["/a/b", "/a/:id", "/c"];
const contract = { operations: routes.map((expressPath) => ({ expressPath })) } as unknown as Contract;

/** A stand-in for the validator's lookup: names the route it would pick and counts its calls by path. */
function validatorLookup(calls: Map<string, number>) {
  return (req: Request, _res: Response, next: (err?: unknown) => void) => {
    const path = req.originalUrl.split("?")[0]!;
    calls.set(path, (calls.get(path) ?? 0) + 1);
    const expressRoute = routes.includes(path) ? path : "/a/:id";
    const pathParams = expressRoute === "/a/:id" ? { id: path.slice("/a/".length) } : {};
    Object.assign(req, { openapi: { expressRoute, openApiRoute: expressRoute, pathParams, schema: {}, serial: 0 } });
    next();
  };
}

function lookUpTwice(path: string): { calls: number; routes: unknown[] } {
  const calls = new Map<string, number>();
  const lookup = memoizedRouteLookup(contract, validatorLookup(calls));
  const app = express();
  const found: unknown[] = [];
  for (let i = 0; i < 2; i++) {
    const req = { app, method: "GET", originalUrl: `${path}?x=1`, params: {} } as unknown as Request & {
      openapi: { expressRoute: string };
    };
    lookup(req, {} as Response, (err?: unknown) => {
      if (err) throw err;
    });
    found.push(req.openapi.expressRoute);
  }
  return { calls: calls.get(path) ?? 0, routes: found };
}

it("leaves a path without parameters that a templated route also matches to the validator, every time", () => {
  expect(lookUpTwice("/a/b")).toEqual({ calls: 2, routes: ["/a/b", "/a/b"] });
});

it("answers a path without parameters that only its own route matches from the memo after the first request", () => {
  expect(lookUpTwice("/c")).toEqual({ calls: 1, routes: ["/c", "/c"] });
});

it("answers a templated path from the memo after the first request", () => {
  expect(lookUpTwice("/a/x")).toEqual({ calls: 1, routes: ["/a/:id", "/a/:id"] });
});
