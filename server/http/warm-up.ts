// Compiles the validator and runs every handler before the server says it is ready: express-openapi-validator loads
// the document and compiles each route's schemas on the first request that reaches them, and V8 compiles code (a
// validator's generated code, a handler, the store's) only when it first runs on data that reaches it. So start-up
// sends every published example (generated/examples/), in the order the examples are written to be sent, through
// the app on a private loopback port, then whatever the examples did not reach (figures: bench/README.md). Those
// requests carry a one-time token; after validation the app hands them to their handlers in the warm-up's own
// context, on an empty store of its own (performance/warm-up-context.ts): the server's data is never touched. They
// go through node:http, not fetch: fetch loads undici and its WebAssembly HTTP parser, memory the server would then
// carry for its whole life for a hundred requests at start-up (figures: bench/README.md).
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Express, NextFunction, Request, RequestHandler, Response } from "express";
import { adminIdentity } from "../accounts/admin.js";
import { generatedDir } from "../package-root.js";
import { validatedContentTypes } from "./body.js";
import type { Contract } from "../contract/index.js";
import { verifyRouteLookup } from "./validator-routes.js";

export const warmUpHeader = "x-zms-warm-up";
/** The warm-up header's value on an answer from a handler of the warm-up's context (the request passed validation). */
const answered = "answered";

interface PublishedExample {
  operationId: string;
  /** Where the example comes in the order the examples are sent in (their uuids name earlier examples' resources). */
  step: number;
  request: {
    method: string;
    path: string;
    query?: Record<string, unknown>;
    headers?: Record<string, string>;
    body?: unknown;
  };
}

const examplesByVersion = new Map<string, PublishedExample[]>();

/** The published examples of `version`, in sending order (read once per process). */
function publishedExamples(version: string): PublishedExample[] {
  let examples = examplesByVersion.get(version);
  if (!examples) {
    examples = readExamples(join(generatedDir, "examples", version));
    examplesByVersion.set(version, examples);
  }
  return examples;
}

function readExamples(dir: string): PublishedExample[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .flatMap((name) => {
      const file = JSON.parse(readFileSync(join(dir, name), "utf8")) as {
        operationId: string;
        examples?: Omit<PublishedExample, "operationId">[];
      };
      return (file.examples ?? []).map((example) => ({ operationId: file.operationId, ...example }));
    })
    .sort((a, b) => a.step - b.step);
}

/**
 * The service YAML of a published AddModelService example, for start-up to check once: the checker compiles its
 * JSON Schema on first use, and V8 compiles js-yaml's parser as a real document first runs through it.
 */
export function exampleServiceYaml(version: string): string | undefined {
  const example = publishedExamples(version).find((one) => one.operationId === "AddModelService");
  const yaml = (example?.request.body as { param?: { yaml?: unknown } } | undefined)?.param?.yaml;
  return typeof yaml === "string" ? yaml : undefined;
}

/**
 * After validation: a warm-up request goes to its handler in the warm-up's context (`handlers()`, while warm-up
 * runs), as the admin, and no further.
 */
export function runWarmUp(
  isWarmUp: (req: Request) => boolean,
  handlers: () => RequestHandler | undefined,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!isWarmUp(req)) return next();
    const handler = handlers();
    if (!handler) return next(new Error("warm-up: no warm-up context"));
    res.set(warmUpHeader, answered);
    res.locals.session = adminIdentity;
    handler(req, res, (err?: unknown) => next(err ?? new Error("warm-up: no handler")));
  };
}

export async function warmUp(app: Express, contract: Contract, token: string): Promise<void> {
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    // The examples first, in order (each adds what later ones name, so most succeed); then, for what no example
    // warmed (an operation without one, a content type examples do not send), a request whose path parameters fail
    // their pattern or with an unknown query parameter: it stops at validation, after the validator compiled the
    // route for requests and responses. The validator keys its compiled schemas by the request's content type too:
    // each type the body layer lets through.
    const warmed = new Set<string>();
    for (const { operationId, request } of publishedExamples(contract.apiVersion)) {
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(request.query ?? {}))
        for (const one of Array.isArray(value) ? value : [value]) query.append(name, String(one));
      const body = request.body === undefined ? undefined : JSON.stringify(request.body);
      const type = body === undefined ? undefined : "application/json";
      const headers = { ...request.headers, [warmUpHeader]: token, ...(type ? { "content-type": type } : {}) };
      // A query also bare: a client's first list of a resource is most often the whole of it.
      const paths = [request.path + (query.size > 0 ? `?${query}` : "")];
      if (request.method.toLowerCase() === "get" && query.size > 0) paths.push(request.path);
      for (const path of paths)
        if ((await send(port, request.method.toUpperCase(), path, headers, body)) === answered)
          warmed.add(`${operationId} ${type}`);
    }
    for (const operation of contract.operations) {
      const path = operation.path.replace(/\{[^}]+\}/g, "warm-up") + (operation.path.includes("{") ? "" : "?warmUp=1");
      for (const type of validatedContentTypes(operation.method)) {
        if (warmed.has(`${operation.operationId} ${type}`)) continue;
        const headers = { [warmUpHeader]: token, ...(type ? { "content-type": type } : {}) };
        await send(port, operation.method.toUpperCase(), path, headers, type ? "{}" : undefined);
      }
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  // The requests above filled the route lookup's memo: it must answer as the validator does before serving.
  await verifyRouteLookup(app);
}

/** One request on loopback; resolves, with the answer's warm-up header, when the answer has been read to the end. */
function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        headers: body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) },
      },
      (res) => {
        res.resume();
        const mark = res.headers[warmUpHeader];
        res.once("end", () => resolve(typeof mark === "string" ? mark : undefined)).once("error", reject);
      },
    );
    req.once("error", reject);
    req.end(body);
  });
}
