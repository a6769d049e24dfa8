// Read answers are reused while the stored data is unchanged (server/answer-cache.ts): a reused answer is the
// same bytes with the same headers, and any change to the data, by this server or by another process on the
// same SQLite file, is seen by the very next read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentBody, startServer, tempDir, type TestServer } from "../helpers/server.js";

const listPath = "/zstack/v1/ai/model-services?q=type=Endpoint&sort=%2Bname";
let dir: ReturnType<typeof tempDir>;
let a: TestServer;
let b: TestServer;
let session: string;

async function raw(zs: TestServer, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(zs.url + path, { headers: { Authorization: `OAuth ${session}`, ...headers } });
  return { status: response.status, contentType: response.headers.get("content-type"), text: await response.text() };
}
const names = async (zs: TestServer, path = listPath) =>
  (JSON.parse((await raw(zs, path)).text).inventories as { name: string }[]).map((service) => service.name);

beforeAll(async () => {
  dir = tempDir();
  a = await startServer({}, dir.dir);
  // A second server process's view of the same file: its own connection, as another process would have.
  b = await startServer({ db: a.db }, dir.dir);
  session = await a.login();
  expect((await a.addAndPoll(session, documentBody({ name: "alpha", type: "Endpoint" }))).status).toBe(200);
});
afterAll(async () => {
  await b?.close();
  await a?.close();
  dir?.remove();
});

describe("a repeated read", () => {
  it("answers the same bytes with the same Content-Type", async () => {
    const first = await raw(a, listPath);
    const second = await raw(a, listPath);
    expect(first.status).toBe(200);
    expect(second).toEqual(first);
    expect(first.contentType).toBe("application/json; charset=utf-8");
  });

  it("keeps answers with and without ZStack's schema map apart", async () => {
    const withSchema = JSON.parse((await raw(a, listPath, { "X-Json-Schema": "true" })).text);
    const without = JSON.parse((await raw(a, listPath)).text);
    expect(withSchema.schema).toBeTypeOf("object");
    expect(without.schema).toBeUndefined();
  });

  it("never reuses an error answer", async () => {
    expect((await raw(a, "/zstack/v1/ai/model-services?q=nonsense==")).status).toBe(400);
    expect((await raw(a, "/zstack/v1/ai/model-services?q=nonsense==")).status).toBe(400);
    const unknown = `/zstack/v1/ai/model-services/${"0".repeat(32)}`;
    expect(JSON.parse((await raw(a, unknown)).text).inventories).toEqual([]);
  });
});

describe("a change to the data", () => {
  it("is seen by the next read after an add, an update and a delete", async () => {
    expect(await names(a)).toEqual(["alpha"]);
    const added = await a.addAndPoll(session, documentBody({ name: "beta", type: "Endpoint" }));
    expect(await names(a)).toEqual(["alpha", "beta"]);

    const uuid = added.body.inventory.uuid as string;
    const getPath = `/zstack/v1/ai/model-services/${uuid}`;
    expect(await names(a, getPath)).toEqual(["beta"]);
    const renamed = await a.call(getPath, {
      method: "PUT",
      headers: a.auth(session),
      body: { updateModelService: { name: "gamma" } },
    });
    expect((await a.poll(session, renamed)).status).toBe(200);
    expect(await names(a, getPath)).toEqual(["gamma"]);
    expect(await names(a)).toEqual(["alpha", "gamma"]);

    const deleted = await a.call(getPath, { method: "DELETE", headers: a.auth(session) });
    expect((await a.poll(session, deleted)).status).toBe(200);
    expect(await names(a, getPath)).toEqual([]);
    expect(await names(a)).toEqual(["alpha"]);
  });

  it("made by another process on the same SQLite file is seen at once", async () => {
    const before = await names(a);
    expect(await names(a)).toEqual(before);
    expect((await b.addAndPoll(session, documentBody({ name: "delta", type: "Endpoint" }))).status).toBe(200);
    expect(await names(a)).toEqual([...before, "delta"].sort());
  });
});

describe("--read-cache-mb", () => {
  it("0 answers every read afresh, byte for byte as a reused answer", async () => {
    const off = await startServer({ db: a.db, readCacheMb: 0 }, dir.dir);
    try {
      await raw(a, listPath);
      expect(await raw(off, listPath)).toEqual(await raw(a, listPath));
    } finally {
      await off.close();
    }
  });

  it("must be 0 (off) or more", async () => {
    await expect(startServer({ db: a.db, readCacheMb: -1 }, dir.dir)).rejects.toThrow(
      "--read-cache-mb must be 0 or more",
    );
  });
});
