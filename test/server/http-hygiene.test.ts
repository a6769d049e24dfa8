// The REST layer: every failure carries the ErrorCode body (404, 405, 413, 415, bad JSON, forbidden keys),
// health endpoints, CORS, the docs page, and a busy database answered at once rather than hanging.
import Database from "better-sqlite3";
import express from "express";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { jsonBody } from "../../server/http/body.js";
import type { ServerContext } from "../../server/context.js";
import { errorHandler } from "../../server/http/error-handler.js";
import { documentBody, startServer, useServer, type TestServer } from "../helpers/server.js";

let zs: TestServer;
let session: string;
useServer({ dbTimeout: 200 }, (suite) => ({ zs, session } = suite));

const post = (body: string, headers: Record<string, string> = {}) =>
  zs.call("/zstack/v1/ai/model-services", { method: "POST", headers: { ...zs.auth(session), ...headers }, body });

describe("REST-layer errors carry the ErrorCode body", () => {
  it("no API at the path is 404", async () => {
    const answer = await zs.call("/zstack/v1/ai/nothing-here", { headers: zs.auth(session) });
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe("SYS.1008");
  });

  it("a wrong method is 405 with Allow", async () => {
    const answer = await zs.call(`/zstack/v1/api-jobs/${"a".repeat(32)}`, {
      method: "DELETE",
      headers: zs.auth(session),
    });
    expect(answer.status).toBe(405);
    expect(answer.headers.get("allow")).toMatch(/GET/);
    expect(answer.body.error.code).toBeDefined();
  });

  it("a body over 1 MiB is 413", async () => {
    const answer = await post(JSON.stringify(documentBody({ description: "x".repeat(1024 * 1024) })));
    expect(answer.status).toBe(413);
    expect(answer.body.error.details).toMatch(/1 MiB/);
  });

  it("a body that is not JSON is 415", async () => {
    const answer = await post("name=x", { "Content-Type": "application/x-www-form-urlencoded" });
    expect(answer.status).toBe(415);
    expect(answer.body.error.code).toBe("SYS.1007");
  });

  it("no body and no content type is 415", async () => {
    const answer = await zs.call("/zstack/v1/ai/model-services", {
      method: "POST",
      headers: { Authorization: `OAuth ${session}` },
    });
    expect(answer.status).toBe(415);
  });

  it("JSON that does not parse is 400", async () => {
    const answer = await post('{"param": {');
    expect(answer.status).toBe(400);
    expect(answer.body.error.details).toMatch(/not valid JSON/);
  });

  it.each(["__proto__", "constructor", "prototype"])("a %s key is 400, wherever it is", async (key) => {
    const answer = await post(`{"param": {"vendorToSpecUuidsMap": {"${key}": ["x"]}}}`);
    expect(answer.status).toBe(400);
    expect(answer.body.error.details).toBe(`param.vendorToSpecUuidsMap.${key}: this key is not allowed`);
  });

  it.each([
    ['{"__proto__": {}}', "__proto__"],
    ['{"param": {"modelUuids": ["m", {"constructor": 1}]}}', "param.modelUuids.1.constructor"],
    ['{"param": {"a": [[{"b": {"prototype": null}}]]}}', "param.a.0.0.b.prototype"],
  ])("a forbidden key at the top or inside arrays is 400 and named by its path: %s", async (body, path) => {
    const answer = await post(body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.details).toBe(`${path}: this key is not allowed`);
  });

  it("an unexpected failure is 500 SYS.1000 without a stack trace", async () => {
    const app = express();
    app.get("/boom", () => {
      throw new Error("secret internals at /srv/app.js:12");
    });
    const ctx = {
      logger: pino({ level: "silent" }),
      contract: { operationById: new Map(), operationsAddedLater: [] },
    } as unknown as ServerContext;
    app.use(errorHandler(ctx, () => false));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/boom`);
      const text = await response.text();
      expect(response.status).toBe(500);
      expect(JSON.parse(text).error.code).toBe("SYS.1000");
      expect(text).not.toMatch(/secret|srv|at /);
    } finally {
      server.close();
    }
  });
});

describe("content types", () => {
  it("a GET answers the same whatever Content-Type it carries", async () => {
    const plain = await zs.call("/zstack/v1/ai/model-services?limit=1", {
      headers: { Authorization: `OAuth ${session}` },
    });
    for (const type of ["text/plain", "text/plain; x=1", "application/json; charset=utf-8"]) {
      const answer = await zs.call("/zstack/v1/ai/model-services?limit=1", {
        headers: { Authorization: `OAuth ${session}`, "Content-Type": type },
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(plain.body);
    }
  });

  // The validator compiles a validator per request content type it sees (tens of ms, kept for good): what
  // reaches it is reduced to the variants start-up compiles.
  it("validation sees application/json or none on a body-taking method, and none on the others", async () => {
    const app = express();
    app.use(jsonBody());
    app.use((req, res) => void res.json({ type: req.headers["content-type"] ?? null }));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const seen = async (method: string, type: string | undefined, body?: string) => {
      const response = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/`, {
        method,
        headers: type ? { "Content-Type": type } : {},
        body,
      });
      return ((await response.json()) as { type: string | null }).type;
    };
    try {
      expect(await seen("POST", "application/json; charset=UTF-8", "{}")).toBe("application/json");
      expect(await seen("PUT", "application/vnd.zstack+json", "{}")).toBe("application/json");
      expect(await seen("POST", "application/json")).toBe("application/json");
      expect(await seen("POST", "text/plain")).toBeNull();
      expect(await seen("POST", undefined)).toBeNull();
      expect(await seen("GET", "text/plain; x=1")).toBeNull();
      expect(await seen("GET", "application/json")).toBeNull();
      expect(await seen("DELETE", "application/json")).toBeNull();
      expect(await seen("DELETE", "application/json", "{}")).toBe("application/json");
    } finally {
      server.close();
    }
  });
});

describe("a busy database", () => {
  it("answers 503 SYS.1000 after --db-timeout instead of hanging, and recovers", async () => {
    await zs.ensureCenter(session);
    const other = new Database(zs.db);
    try {
      other.exec("BEGIN EXCLUSIVE");
      const answer = await zs.add(session);
      expect(answer.status).toBe(503);
      expect(answer.body.error.code).toBe("SYS.1000");
      other.exec("COMMIT");
      expect((await zs.add(session)).status).toBe(202);
    } finally {
      other.close();
    }
  });
});

describe("health", () => {
  it("/livez and /readyz answer without a session", async () => {
    expect((await zs.call("/livez")).body).toEqual({ status: "ok" });
    expect((await zs.call("/readyz")).body).toEqual({ status: "ok" });
  });

  it("the API reference is public", async () => {
    const response = await fetch(`${zs.url}/zstack/v1/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/html/);
  });
});

describe("CORS", () => {
  it("is off by default", async () => {
    const answer = await zs.call("/livez", { headers: { Origin: "https://console.example.com" } });
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("--cors-origin allows the listed origins only, preflights included", async () => {
    const withCors = await startServer({ corsOrigin: ["https://console.example.com"] });
    try {
      const preflight = await fetch(`${withCors.url}/zstack/v1/ai/model-services`, {
        method: "OPTIONS",
        headers: { Origin: "https://console.example.com", "Access-Control-Request-Method": "POST" },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
      const other = await withCors.call("/livez", { headers: { Origin: "https://evil.example.com" } });
      expect(other.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await withCors.close();
    }
  });
});
