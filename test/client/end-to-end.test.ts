// Every client method against the real server over HTTP (port 0, its own SQLite file).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createZStackClient, ZStackApiError, type AddModelServiceParam } from "../../client/index.js";
import { admin, documentBody, minimalParam, startServer, type TestServer } from "../helpers/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  // The center minimalParam names (references are checked).
  await server.ensureCenter(await server.login());
});
afterAll(async () => server?.close());

const connect = () => createZStackClient({ baseUrl: server.url, pollInterval: 20 });

async function loggedIn() {
  const client = connect();
  await client.login(admin);
  return client;
}

async function rejection(promise: Promise<unknown>): Promise<ZStackApiError> {
  const error = await promise.then(
    () => expect.unreachable("should have failed"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZStackApiError);
  return error as ZStackApiError;
}

describe("sessions", () => {
  it("logs in, uses the session, logs out; the old session is then invalid (ID.1001)", async () => {
    const client = connect();
    const session = await client.login(admin);
    expect(session.uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(client.sessionId).toBe(session.uuid);
    await expect(client.queryModelServices({ limit: 1 })).resolves.toHaveProperty("inventories");
    await client.logout();
    expect(client.sessionId).toBeUndefined();
    client.sessionId = session.uuid;
    expect(await rejection(client.queryModelServices())).toMatchObject({ status: 503, code: "ID.1001" });
  });

  it("a wrong password is ID.1000 and keeps no session", async () => {
    const client = connect();
    expect(await rejection(client.login({ accountName: "admin", password: "wrong" }))).toMatchObject({
      status: 503,
      code: "ID.1000",
    });
    expect(client.sessionId).toBeUndefined();
  });

  it("renewSession renews the client's own session, or one it names, and answers its new expiredDate", async () => {
    const client = await loggedIn();
    const renewed = await client.renewSession(client.sessionId!, { duration: 86400 });
    expect(renewed).toMatchObject({ uuid: client.sessionId, userType: "AccountVO" });
    const other = await loggedIn();
    expect((await client.renewSession(other.sessionId!, { duration: 120 })).uuid).toBe(other.sessionId);
    const error = await rejection(client.renewSession(client.sessionId!, { duration: 30 }));
    expect(error).toMatchObject({ status: 503, code: "SYS.1007" });
    expect(error.details).toMatch(/renewSession\.duration/);
  });

  it("renewSession with a logged-out session is the job's ID.1001, after a 202", async () => {
    const client = await loggedIn();
    const session = client.sessionId!;
    await client.logout();
    client.sessionId = session;
    expect(await rejection(client.renewSession(client.sessionId!, { duration: 600 }))).toMatchObject({
      status: 503,
      code: "ID.1001",
    });
  });

  it("an asynchronous call with an invalid session fails with the job's ID.1001 (thrown from the poll)", async () => {
    const client = connect();
    client.sessionId = "b86c9016b4f24953a9edefb53ca0678c";
    const polls: string[] = [];
    const watching = createZStackClient({
      baseUrl: server.url,
      sessionId: client.sessionId,
      fetch: (request) => {
        polls.push(`${request.method} ${new URL(request.url).pathname}`);
        return fetch(request);
      },
    });
    expect(await rejection(client.addModelService(minimalParam("no-session")))).toMatchObject({
      status: 503,
      code: "ID.1001",
    });
    expect(await rejection(watching.deleteModelService("0123456789abcdef0123456789abcdef"))).toMatchObject({
      status: 503,
      code: "ID.1001",
    });
    expect(polls).toEqual([
      "DELETE /zstack/v1/ai/model-services/0123456789abcdef0123456789abcdef",
      expect.stringMatching(/^GET \/zstack\/v1\/api-jobs\/[0-9a-f]{32}$/),
    ]);
  });

  it("calling without a session is the server's 400, its code surfaced", async () => {
    const error = await rejection(connect().queryModelServices());
    expect(error.status).toBe(400);
    expect(error.code).not.toMatch(/^sdk\./);
    expect(error.details).toMatch(/Authorization/);
  });
});

describe("model services", () => {
  it("adds the source document's service and gets back a typed inventory", async () => {
    const client = await loggedIn();
    const param: AddModelServiceParam<"5.5.22"> = documentBody().param;
    const inventory = await client.addModelService(param, { systemTags: [], userTags: [] });
    expect(inventory).toMatchObject({
      name: "text to text model service",
      requestCpu: 4,
      type: "Endpoint",
      source: "Other",
      cpuArchitectures: ["X86_64", "AARCH64"],
    });
    expect(inventory.modelServiceImages).toHaveLength(2);
    expect(await client.getModelService(inventory.uuid)).toEqual(inventory);
  });

  it("gets undefined for an unknown uuid", async () => {
    const client = await loggedIn();
    expect(await client.getModelService("0".repeat(32))).toBeUndefined();
  });

  it("queries with string and typed conditions, sort, fields, limit, start, count and replyWithCount", async () => {
    const client = await loggedIn();
    const tag = `q${Date.now()}`;
    for (const cpu of [1, 2, 3, 4]) await client.addModelService(minimalParam(`${tag}-${cpu}`, cpu));
    const mine = `name~=${tag}-%`;

    const big = await client.queryModelServices({
      q: [mine, { field: "requestCpu", op: ">=", value: 3 }],
      sort: "-requestCpu",
    });
    expect(big.inventories.map((s) => s.requestCpu)).toEqual([4, 3]);
    expect(big.total).toBeUndefined();

    const listed = await client.queryModelServices({
      q: [mine, { field: "requestCpu", op: "?=", value: [1, 4] }],
      sort: "+requestCpu",
    });
    expect(listed.inventories.map((s) => s.name)).toEqual([`${tag}-1`, `${tag}-4`]);

    const page = await client.queryModelServices({
      q: [mine],
      sort: "requestCpu",
      limit: 2,
      start: 1,
      replyWithCount: true,
    });
    expect(page.inventories.map((s) => s.requestCpu)).toEqual([2, 3]);
    expect(page.total).toBe(4);

    const projected = await client.queryModelServices({ q: [mine], fields: ["name", "requestCpu"], limit: 1 });
    expect(Object.keys(projected.inventories[0]!).sort()).toEqual(["name", "requestCpu", "uuid"]);

    expect(await client.queryModelServices({ q: [mine], count: true })).toEqual({ inventories: [], total: 4 });
    const none = await client.queryModelServices({ q: [mine, { field: "description", op: "not null" }] });
    expect(none.inventories).toEqual([]);
  });

  it("a malformed query is the server's 400 with its code, naming the parameter", async () => {
    const client = await loggedIn();
    const error = await rejection(client.queryModelServices({ q: ["noSuchField=1"] }));
    expect(error.status).toBe(400);
    expect(error.code).toBe("SYS.1007");
    expect(error.details).toMatch(/noSuchField/);
  });

  it("iterates over all pages", async () => {
    const client = await loggedIn();
    const tag = `it${Date.now()}`;
    for (let i = 0; i < 5; i++) await client.addModelService(minimalParam(`${tag}-${i}`));
    const names: string[] = [];
    for await (const service of client.iterateModelServices({ q: [`name~=${tag}-%`], sort: "+name", pageSize: 2 }))
      names.push(service.name!);
    expect(names).toEqual([0, 1, 2, 3, 4].map((i) => `${tag}-${i}`));
  });

  it("updates, and an update of an unknown uuid fails its job with SYS.1003", async () => {
    const client = await loggedIn();
    const { uuid } = await client.addModelService(minimalParam(`upd${Date.now()}`));
    const updated = await client.updateModelService(uuid, {
      description: "changed",
      requestCpu: 8,
      containerCommand: "run.sh",
    });
    expect(updated).toMatchObject({ uuid, description: "changed", requestCpu: 8, containerCommand: "run.sh" });
    expect((await client.getModelService(uuid))?.description).toBe("changed");
    expect(await rejection(client.updateModelService("f".repeat(32), { name: "x" }))).toMatchObject({
      status: 503,
      code: "SYS.1003",
    });
  });

  it("deletes (both modes), idempotently", async () => {
    const client = await loggedIn();
    const a = await client.addModelService(minimalParam(`del${Date.now()}-a`));
    const b = await client.addModelService(minimalParam(`del${Date.now()}-b`));
    await client.deleteModelService(a.uuid);
    await client.deleteModelService(b.uuid, { deleteMode: "Enforcing" });
    expect(await client.getModelService(a.uuid)).toBeUndefined();
    expect(await client.getModelService(b.uuid)).toBeUndefined();
    await expect(client.deleteModelService(a.uuid)).resolves.toBeUndefined();
  });

  it("an invalid argument fails the job with SYS.1007 naming the field", async () => {
    const client = await loggedIn();
    const error = await rejection(client.addModelService({ ...minimalParam("bad"), requestMemery: 1 } as never));
    expect(error).toMatchObject({ status: 503, code: "SYS.1007" });
    expect(error.details).toMatch(/requestMemery/);
  });

  it("honours a client-chosen job uuid, and waitForJob reads a job by its location", async () => {
    const client = await loggedIn();
    const jobUuid = crypto.randomUUID().replaceAll("-", "");
    const added = await client.addModelService(minimalParam(`job${Date.now()}`), { jobUuid });
    const result = await client.waitForJob(`${server.url}/zstack/v1/api-jobs/${jobUuid}`);
    expect(result.inventory).toEqual(added);
    // A repeated job uuid is the server's 400.
    expect(await rejection(client.addModelService(minimalParam("again"), { jobUuid }))).toMatchObject({ status: 400 });
  });

  it("keeps polling a job that stays running (the first answers held back by the injected fetch)", async () => {
    let held = 0;
    const fetch = async (request: Request) => {
      if (request.url.includes("/api-jobs/") && held < 3) {
        held++;
        return new Response("{}", { status: 202, headers: { "Content-Type": "application/json" } });
      }
      return globalThis.fetch(request);
    };
    const client = createZStackClient({ baseUrl: server.url, fetch, pollInterval: 10 });
    await client.login(admin);
    const inventory = await client.addModelService(minimalParam(`slow${Date.now()}`));
    expect(held).toBe(3);
    expect(inventory.uuid).toMatch(/^[0-9a-f]{32}$/);
  });

  it('returns Dates with dates: "date"', async () => {
    const client = createZStackClient({ baseUrl: server.url, pollInterval: 20, dates: "date" });
    const session = await client.login(admin);
    expect(session.expiredDate).toBeInstanceOf(Date);
    const before = Date.now();
    const inventory = await client.addModelService(minimalParam(`date${Date.now()}`));
    // Gson dates have whole seconds.
    expect(inventory.createDate!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(inventory.createDate!.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("the raw openapi-fetch client reaches the rest of the API with the session", async () => {
    const client = await loggedIn();
    const { data } = await client.raw.GET("/zstack/v1/accounts/sessions/{sessionUuid}/valid", {
      params: { path: { sessionUuid: client.sessionId! } },
    });
    expect(data).toEqual({ valid: true });
  });
});
