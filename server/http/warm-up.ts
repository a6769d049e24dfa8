// Compiles the validator before the server says it is ready: express-openapi-validator loads the document
// and compiles each route's schemas on the first request that reaches them, so start-up sends one request
// per operation through the app on a private loopback port. Those requests carry a one-time token; the app
// answers them without touching any data (see AppHooks.isWarmUp). They go through node:http, not fetch:
// fetch loads undici and its WebAssembly HTTP parser, memory the server would then carry for its whole life
// for a dozen requests at start-up (figures: bench/README.md).
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import { validatedContentTypes } from "./body.js";
import type { Contract } from "../contract/index.js";
import { verifyRouteLookup } from "./validator-routes.js";

export const warmUpHeader = "x-zms-warm-up";

export async function warmUp(app: Express, contract: Contract, token: string): Promise<void> {
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    for (const operation of contract.operations) {
      // Path parameters that fail their pattern and an unknown query parameter: every request stops at
      // validation, after the validator compiled the route for requests and responses. The validator keys
      // its compiled schemas by the request's content type too: each type the body layer lets through is warmed.
      const path = operation.path.replace(/\{[^}]+\}/g, "warm-up") + (operation.path.includes("{") ? "" : "?warmUp=1");
      for (const type of validatedContentTypes(operation.method)) {
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

/** One request on loopback; resolves when its answer has been read to the end. */
function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<void> {
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
        res.once("end", resolve).once("error", reject);
      },
    );
    req.once("error", reject);
    req.end(body);
  });
}
