// Compiles the validator before the server says it is ready: express-openapi-validator loads the document and
// compiles each route's schemas on the first request that reaches them, and V8 compiles a validator's generated code
// only when it first runs on data that reaches it. So start-up sends each operation's published example
// (generated/examples/) through the app on a private loopback port, answered after validation with the example's own
// answer, then whatever the examples did not reach (figures: bench/README.md). Those requests carry a one-time token;
// the app answers them without touching any data (see AppHooks.isWarmUp). They go through node:http, not fetch:
// fetch loads undici and its WebAssembly HTTP parser, memory the server would then carry for its whole life for a
// hundred requests at start-up (figures: bench/README.md).
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Express, Request, RequestHandler } from "express";
import { generatedDir } from "../package-root.js";
import { validatedContentTypes } from "./body.js";
import { operationIdOf } from "./shared-actions.js";
import type { Contract } from "../contract/index.js";
import { verifyRouteLookup } from "./validator-routes.js";

export const warmUpHeader = "x-zms-warm-up";
/** On a warm-up request for a get or a query: run its handler (it only reads) instead of answering the example. */
const warmUpReadHeader = "x-zms-warm-up-read";
/** The warm-up header's value on an answer that came from answerWarmUp (the request passed validation). */
const answered = "answered";

interface PublishedExample {
  operationId: string;
  request: { method: string; path: string; query?: Record<string, unknown>; body?: unknown };
  response: { status: number; body?: unknown };
}

const examplesByVersion = new Map<string, PublishedExample[]>();

/** The first published example of each operation of `version` that has one (read once per process). */
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
      const first = file.examples?.[0];
      return first ? [{ operationId: file.operationId, ...first }] : [];
    });
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
 * After validation: a warm-up request that passed it (the examples round) is answered with its example's answer,
 * which the response validator then checks, and goes no further; a get or a query asked to (warmUpReadHeader), which
 * only reads, runs for real, so that the read path is compiled too.
 */
export function answerWarmUp(
  isWarmUp: (req: Request) => boolean,
  version: string,
  isRead: (operationId: string) => boolean,
): RequestHandler {
  let answers: Map<string, PublishedExample["response"]> | undefined;
  return (req, res, next) => {
    if (!isWarmUp(req)) return next();
    answers ??= new Map(publishedExamples(version).map((example) => [example.operationId, example.response]));
    const operationId = operationIdOf(req);
    const answer = operationId ? answers.get(operationId) : undefined;
    if (!answer) return next(new Error("warm-up: no example answer"));
    res.set(warmUpHeader, answered);
    if (req.headers[warmUpReadHeader] && isRead(operationId!)) return next();
    if (answer.body === undefined) res.status(answer.status).end();
    else res.status(answer.status).json(answer.body);
  };
}

export async function warmUp(app: Express, contract: Contract, token: string): Promise<void> {
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    // Each operation's example first; then, for what no example warmed (an operation without one, a content type
    // examples do not send), a request whose path parameters fail their pattern or with an unknown query
    // parameter: it stops at validation, after the validator compiled the route for requests and responses. The
    // validator keys its compiled schemas by the request's content type too: each type the body layer lets through.
    const warmed = new Set<string>();
    for (const { operationId, request } of publishedExamples(contract.apiVersion)) {
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(request.query ?? {}))
        for (const one of Array.isArray(value) ? value : [value]) query.append(name, String(one));
      const body = request.body === undefined ? undefined : JSON.stringify(request.body);
      const type = body === undefined ? undefined : "application/json";
      const headers = { [warmUpHeader]: token, ...(type ? { "content-type": type } : {}) };
      // Answered with the example's answer (the response validator runs on real data); a read also runs for real,
      // and a query bare as well: a client's first list of a resource is most often the whole of it.
      const sends: { path: string; headers: Record<string, string> }[] = [
        { path: request.path + (query.size > 0 ? `?${query}` : ""), headers },
      ];
      if (request.method.toLowerCase() === "get") {
        sends.push({ path: sends[0]!.path, headers: { ...headers, [warmUpReadHeader]: "1" } });
        if (query.size > 0) sends.push({ path: request.path, headers: { ...headers, [warmUpReadHeader]: "1" } });
      }
      for (const one of sends)
        if ((await send(port, request.method.toUpperCase(), one.path, one.headers, body)) === answered)
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
