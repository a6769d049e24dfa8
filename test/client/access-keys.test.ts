// What a client (and an action) with an access key puts on the wire: every secured request, job polls included,
// carries `Authorization: ZStack <id>:<signature>` and the `Date` it signed; signatures are checked here with
// node:crypto, independently of the client's WebCrypto signer.
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AddModelServiceAction, createZStackClient, QueryModelServiceAction } from "../../client/index.js";
import { accepted, base, fakeZStack, jobUuid, json, type Recorded } from "./fake-zstack.js";

const key = { id: "1234567890abcdedfhij", secret: "1234567890abcdedfhij1234567890abcdedfhij" };
const session = "5".repeat(32);
const inventory = { uuid: "a".repeat(32), name: "svc" };

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Checks `request`'s signature as ZStack does, over the path it is expected to sign; returns the Date. */
function expectSigned(request: Recorded, path: string): string {
  const date = request.headers.get("Date");
  expect(date, `${request.method} ${request.url.pathname} has a Date`).toMatch(/ GMT$/);
  expect(Math.abs(Date.parse(date!) - Date.now())).toBeLessThan(5000);
  const signature = createHmac("sha1", key.secret).update(`${request.method}\n${date}\n${path}`).digest("base64");
  expect(request.headers.get("Authorization")).toBe(`ZStack ${key.id}:${signature}`);
  return date!;
}

describe("a client with an access key", () => {
  it("signs a query over its /v1/ path, without the query string", async () => {
    const fake = fakeZStack({ "GET /zstack/v1/ai/model-services": () => json(200, { inventories: [inventory] }) });
    const client = createZStackClient({ baseUrl: base, fetch: fake.fetch, accessKey: key });
    const { inventories } = await client.queryModelServices({ q: ["name=svc"], limit: 1 });
    expect(inventories).toEqual([inventory]);
    expect(fake.requests[0]!.url.search).toBe("?limit=1&q=name%3Dsvc");
    expectSigned(fake.requests[0]!, "/v1/ai/model-services");
  });

  it("signs an asynchronous add and each poll of its job, behind a baseUrl with a prefix of its own", async () => {
    let polls = 0;
    const fake = fakeZStack({
      "POST /mount/zstack/v1/ai/model-services": accepted,
      [`GET /mount/zstack/v1/api-jobs/${jobUuid}`]: () => (polls++ < 1 ? json(202, {}) : json(200, { inventory })),
    });
    const client = createZStackClient({
      baseUrl: `${base}/mount/`,
      fetch: fake.fetch,
      accessKey: key,
      pollInterval: 5,
    });
    expect(await client.addModelService({ name: "svc" } as never)).toEqual(inventory);
    expect(fake.requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      "POST /mount/zstack/v1/ai/model-services",
      `GET /mount/zstack/v1/api-jobs/${jobUuid}`,
      `GET /mount/zstack/v1/api-jobs/${jobUuid}`,
    ]);
    expectSigned(fake.requests[0]!, "/v1/ai/model-services");
    for (const poll of fake.requests.slice(1)) expectSigned(poll, `/v1/api-jobs/${jobUuid}`);
    expect(fake.requests[0]!.body).toEqual({ param: { name: "svc" } });
  });

  it("signs a path parameter decoded, and a delete without its deleteMode", async () => {
    const uuid = "a b/c";
    const fake = fakeZStack({
      "DELETE /zstack/v1/ai/model-services/a%20b%2Fc": accepted,
      [`GET /zstack/v1/api-jobs/${jobUuid}`]: () => json(200, {}),
    });
    const client = createZStackClient({ baseUrl: base, fetch: fake.fetch, accessKey: key });
    await client.deleteModelService(uuid, { deleteMode: "Enforcing" });
    expect(fake.requests[0]!.url.search).toBe("?deleteMode=Enforcing");
    expectSigned(fake.requests[0]!, `/v1/ai/model-services/${uuid}`);
  });

  it("wins over a session and signs `.raw` calls; login stays unsigned, a caller's Authorization stays", async () => {
    const fake = fakeZStack({
      "GET /zstack/v1/ai/model-services": () => json(200, { inventories: [] }),
      "GET /zstack/v1/ai/model-services/u1": () => json(200, { inventories: [] }),
      "PUT /zstack/v1/accounts/login": () => json(200, { inventory: { uuid: session } }),
    });
    const client = createZStackClient({ baseUrl: base, fetch: fake.fetch, accessKey: key, sessionId: session });
    await client.getModelService("u1");
    await client.raw.GET("/zstack/v1/ai/model-services", {});
    await client.login({ accountName: "admin", password: "password" });
    await client.queryModelServices();
    await client.raw.GET("/zstack/v1/ai/model-services", { headers: { Authorization: "OAuth mine" } });
    expectSigned(fake.requests[0]!, "/v1/ai/model-services/u1");
    expectSigned(fake.requests[1]!, "/v1/ai/model-services");
    expect(fake.requests[2]!.headers.get("Authorization")).toBeNull();
    expect(fake.requests[2]!.headers.get("Date")).toBeNull();
    expectSigned(fake.requests[3]!, "/v1/ai/model-services");
    expect(fake.requests[4]!.headers.get("Authorization")).toBe("OAuth mine");
  });

  it("sends its Date over a real socket through the global fetch (no injected fetch)", async () => {
    let received: IncomingHttpHeaders = {};
    const http = createServer((request, response) => {
      received = request.headers;
      response.writeHead(200, { "Content-Type": "application/json" }).end('{"inventories":[]}');
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      await createZStackClient({ baseUrl: url, accessKey: key }).queryModelServices();
    } finally {
      http.close();
    }
    const signature = createHmac("sha1", key.secret)
      .update(`GET\n${received.date}\n/v1/ai/model-services`)
      .digest("base64");
    expect(received.authorization).toBe(`ZStack ${key.id}:${signature}`);
  });

  it("is refused with a TypeError where fetch drops the Date header (browsers), or for a malformed key", () => {
    // What a browser's Request does with a forbidden header: drops it silently.
    vi.stubGlobal(
      "Request",
      class extends Request {
        constructor(input: RequestInfo | URL, init?: RequestInit) {
          super(input, init);
          this.headers.delete("Date");
        }
      },
    );
    expect(() => createZStackClient({ baseUrl: base, accessKey: key })).toThrow(/Date header.*browsers forbid it/);
    expect(() => createZStackClient({ baseUrl: base, sessionId: session })).not.toThrow();
    vi.unstubAllGlobals();
    expect(() => createZStackClient({ baseUrl: base, accessKey: { id: key.id, secret: "" } })).toThrow(TypeError);
  });
});

describe("SDK-style actions with accessKeyId and accessKeySecret", () => {
  it("sign instead of sending sessionId, and keep both fields out of the body", async () => {
    const fake = fakeZStack({
      "POST /zstack/v1/ai/model-services": accepted,
      [`GET /zstack/v1/api-jobs/${jobUuid}`]: () => json(200, { inventory }),
      "GET /zstack/v1/ai/model-services": () => json(200, { inventories: [inventory] }),
    });
    const add = new AddModelServiceAction();
    Object.assign(add, { baseUrl: base, fetch: fake.fetch, pollingInterval: 5, sessionId: session });
    add.name = "svc";
    add.accessKeyId = key.id;
    add.accessKeySecret = key.secret;
    expect((await add.call()).throwExceptionIfError().value).toEqual({ inventory });
    expect(fake.requests[0]!.body).toEqual({ param: { name: "svc" } });
    expectSigned(fake.requests[0]!, "/v1/ai/model-services");
    expectSigned(fake.requests[1]!, `/v1/api-jobs/${jobUuid}`);

    // Only one of the two: the session, as ZStack's Java SDK does.
    const query = new QueryModelServiceAction();
    Object.assign(query, { baseUrl: base, fetch: fake.fetch, sessionId: session, accessKeyId: key.id });
    expect((await query.call()).error).toBeNull();
    expect(fake.requests[2]!.headers.get("Authorization")).toBe(`OAuth ${session}`);
    expect(fake.requests[2]!.headers.get("Date")).toBeNull();
  });
});
