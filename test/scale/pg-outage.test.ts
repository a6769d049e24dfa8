// The PostgreSQL store when the database goes away mid-run: calls reject with StoreUnavailableError within the
// timeout (never hang), and the same store recovers by itself once the database is reachable again.

import { afterAll, beforeAll, expect, it } from "vitest";
import { openStore, StoreUnavailableError, type Store } from "../../server/store/index.js";
import {
  createTestSchema,
  describeOnPostgres,
  testDatabaseUrl,
  withSearchPath,
  type TestSchema,
} from "../helpers/postgres.js";
import { makeJob, makeService } from "../store/store-fixtures.js";
import { TcpProxy } from "./tcp-proxy.js";

const timeoutMs = 1000;
// The store's guard answers at timeoutMs + 250 ms; the rest is slack for a busy two-core machine.
const answeredWithin = timeoutMs + 1500;

describeOnPostgres("PostgreSQL store through a connection that is cut", () => {
  let schema: TestSchema;
  let proxy: TcpProxy;
  let store: Store;
  const service = makeService();

  beforeAll(async () => {
    schema = await createTestSchema("outage");
    const target = new URL(testDatabaseUrl);
    proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(schema.url);
    viaProxy.hostname = "127.0.0.1";
    viaProxy.port = String(proxy.port);
    store = await openStore(withSearchPath(viaProxy.toString(), schema.name), { poolSize: 2, timeoutMs });
    await store.insert("model_services", service, makeJob());
  });

  afterAll(async () => {
    await store?.close();
    await proxy?.close();
    await schema?.drop();
  });

  /** Runs `call`, expecting StoreUnavailableError, and answers how long the rejection took. */
  async function unavailable(call: () => Promise<unknown>): Promise<number> {
    const started = Date.now();
    const error = await call().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    return Date.now() - started;
  }

  async function recovers(): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        await store.ping();
        return;
      } catch (error) {
        expect(error).toBeInstanceOf(StoreUnavailableError);
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  it("works through the proxy", async () => {
    await store.ping();
    expect(await store.get("model_services", service.uuid)).toEqual(service);
  });

  it("rejects within the timeout while the network is silent, then recovers by itself", async () => {
    proxy.set("blackhole");
    const calls = await Promise.all([
      unavailable(() => store.ping()),
      unavailable(() => store.get("model_services", service.uuid)),
      unavailable(() =>
        store.query("model_services", { conditions: [], limit: 10, start: 0, count: false, replyWithCount: true }),
      ),
      unavailable(() => store.insert("model_services", makeService(), makeJob())),
    ]);
    for (const elapsed of calls) expect(elapsed).toBeLessThan(answeredWithin);
    // Once the pool's connections are stuck, a new call must not hang either.
    expect(await unavailable(() => store.getJob("0".repeat(32)))).toBeLessThan(answeredWithin);

    proxy.set("forward");
    await recovers();
    expect(await store.get("model_services", service.uuid)).toEqual(service);
  });

  it("rejects at once while connections are reset and refused, then recovers by itself", async () => {
    proxy.set("refuse");
    expect(await unavailable(() => store.ping())).toBeLessThan(answeredWithin);
    expect(
      await unavailable(() =>
        store.createSession(
          {
            uuid: "1".repeat(32),
            accountUuid: "a",
            userUuid: "a",
            userType: "AccountVO",
            createdAt: 1,
            expiresAt: 2,
            renewedAt: 1,
          },
          500,
          1,
        ),
      ),
    ).toBeLessThan(answeredWithin);

    proxy.set("forward");
    await recovers();
    const added = makeService();
    await store.insert("model_services", added, makeJob());
    expect(await store.get("model_services", added.uuid)).toEqual(added);
  });
});
