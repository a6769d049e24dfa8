// A client and a server of the same older version, and a server in another time zone, over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createZStackClient, formatGsonDate, ZStackApiError } from "../../client/index.js";
import { admin, minimalParam, startServer, type TestServer, testCenterUuid } from "../helpers/server.js";

describe("a 5.3.28 server and client", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ apiVersion: "5.3.28" });
    // The center minimalParam names (references are checked).
    await server.ensureCenter(await server.login());
  });
  afterAll(async () => server?.close());

  it("adds with the fields 5.3.28 has", async () => {
    const client = createZStackClient({ baseUrl: server.url, apiVersion: "5.3.28", pollInterval: 20 });
    await client.login(admin);
    const model = await client.addModel({
      name: "m1",
      installPath: "192.168.10.12:/ai/model_center/m1",
      modelCenterUuid: testCenterUuid,
    });
    const inventory = await client.addModelService({
      ...minimalParam("old"),
      source: "HuggingFace",
      modelUuids: [model.uuid],
    });
    expect(inventory).toMatchObject({
      source: "HuggingFace",
      modelServiceRefs: [expect.objectContaining({ modelUuid: model.uuid })],
    });
  });

  it("a later field that gets past the types anyway fails the job with SYS.1007 naming 5.5.22", async () => {
    const client = createZStackClient({ baseUrl: server.url, apiVersion: "5.3.28", pollInterval: 20 });
    await client.login(admin);
    const error = await client
      .addModelService({ ...minimalParam("new"), containerCommand: "run" } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZStackApiError);
    expect(error).toMatchObject({ status: 503, code: "SYS.1007" });
    expect((error as ZStackApiError).details).toMatch(/containerCommand.*5\.5\.22/);
  });
});

describe("a server in Asia/Shanghai", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ timeZone: "Asia/Shanghai" });
    // The center minimalParam names (references are checked).
    await server.ensureCenter(await server.login());
  });
  afterAll(async () => server?.close());

  it("sends dates as Shanghai wall time, which a client in that zone reads as the right instant", async () => {
    const zoned = createZStackClient({
      baseUrl: server.url,
      pollInterval: 20,
      timeZone: "Asia/Shanghai",
      dates: "date",
    });
    await zoned.login(admin);
    const before = Math.floor(Date.now() / 1000) * 1000;
    const inventory = await zoned.addModelService(minimalParam("zoned"));
    expect(inventory.createDate!.getTime()).toBeGreaterThanOrEqual(before);
    expect(inventory.createDate!.getTime()).toBeLessThanOrEqual(Date.now());

    const plain = createZStackClient({ baseUrl: server.url, sessionId: zoned.sessionId });
    const text = (await plain.getModelService(inventory.uuid))!.createDate!;
    expect(text).toBe(formatGsonDate(inventory.createDate!, "Asia/Shanghai"));
  });

  it("query conditions on dates reach the server as ISO-8601 instants", async () => {
    const client = createZStackClient({
      baseUrl: server.url,
      pollInterval: 20,
      timeZone: "Asia/Shanghai",
      dates: "date",
    });
    await client.login(admin);
    const added = await client.addModelService(minimalParam(`when${Date.now()}`));
    const at = added.createDate!;
    const q = (op: ">=" | "<", date: Date) =>
      client
        .queryModelServices({ q: [`name=${added.name}`, { field: "createDate", op, value: date }] })
        .then((r) => r.inventories.length);
    expect(await q(">=", at)).toBe(1);
    expect(await q("<", at)).toBe(0);
    expect(await q(">=", new Date(at.getTime() + 1000))).toBe(0);
  });
});
