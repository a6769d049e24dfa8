// Issue 8, point 5, as a user sees it: a server process whose PostgreSQL connection is cut answers /readyz
// 503 and API calls 503 SYS.1000 within its --db-timeout (no hang, no stack trace), and serves again by
// itself once the connection is back.

import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestSchema, describeOnPostgres, testDatabaseUrl, type TestSchema } from "../helpers/postgres.js";
import { startServerProcess, type ServerProcess } from "../helpers/server-process.js";
import { logIn } from "../helpers/server.js";
import { TcpProxy } from "./tcp-proxy.js";

const dbTimeout = 1000;
const answeredWithin = dbTimeout + 2000; // slack for a shared two-core machine

describeOnPostgres("a server whose PostgreSQL connection is cut", () => {
  let schema: TestSchema;
  let proxy: TcpProxy;
  let server: ServerProcess;
  let session: string;

  const get = async (path: string) => {
    const started = Date.now();
    const response = await fetch(server.url + path, { headers: session ? { Authorization: `OAuth ${session}` } : {} });
    return { status: response.status, text: await response.text(), elapsed: Date.now() - started };
  };

  beforeAll(async () => {
    schema = await createTestSchema("outage_server");
    const target = new URL(testDatabaseUrl);
    proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(schema.url);
    viaProxy.hostname = "127.0.0.1";
    viaProxy.port = String(proxy.port);
    server = await startServerProcess(
      ["--db", viaProxy.toString(), "--db-timeout", String(dbTimeout), "--db-pool-size", "2"],
      { ZSTACK_ADMIN_PASSWORD: "outage-test" },
    );
    session = await logIn(server.url, { password: "outage-test" });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await schema?.drop();
  });

  it("is ready and serves while the connection is up", async () => {
    expect((await get("/readyz")).status).toBe(200);
    expect((await get("/zstack/v1/ai/model-services?count=true")).status).toBe(200);
  });

  it("answers 503 within the timeout while the database is unreachable, then recovers by itself", async () => {
    proxy.set("blackhole");
    const [ready, query] = await Promise.all([get("/readyz"), get("/zstack/v1/ai/model-services?count=true")]);
    expect(ready.status).toBe(503);
    expect(ready.elapsed).toBeLessThan(answeredWithin);
    expect(query.status).toBe(503);
    expect(query.elapsed).toBeLessThan(answeredWithin);
    expect(JSON.parse(query.text).error.code).toBe("SYS.1000");
    expect(query.text).not.toMatch(/at .*\.(ts|js):\d+/);

    proxy.set("forward");
    const deadline = Date.now() + 20_000;
    while ((await get("/readyz")).status !== 200) {
      if (Date.now() > deadline) throw new Error("the server did not become ready again within 20 s");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect((await get("/zstack/v1/ai/model-services?count=true")).status).toBe(200);
  });
});
