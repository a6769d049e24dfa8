// What the client puts on the wire: query parameters in the form the documents declare, the session header,
// the login body; and how it reads query answers.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createZStackClient } from "../../client/index.js";
import { formatCondition, serializeZStackQuery } from "../../client/query.js";
import { apiVersions } from "../../generated/types/index.js";
import { loadDocument, type Json } from "../helpers/documents.js";
import { base, fakeZStack, json } from "./fake-zstack.js";

const session = "5e55101d0123456789abcdef01234567";

function queryClient(answer: (page: { start: number; limit: number }) => unknown = () => ({ inventories: [] })) {
  const fake = fakeZStack({
    "GET /zstack/v1/ai/model-services": (r) =>
      json(
        200,
        answer({
          start: Number(r.url.searchParams.get("start") ?? 0),
          limit: Number(r.url.searchParams.get("limit") ?? 1000),
        }),
      ),
  });
  return { fake, client: createZStackClient({ baseUrl: base, fetch: fake.fetch, sessionId: session }) };
}

describe("query serialisation", () => {
  it("repeats q (q=a&q=b), joins fields with commas, and sends the rest as plain parameters", async () => {
    const { fake, client } = queryClient();
    await client.queryModelServices({
      q: ["type=Endpoint", { field: "requestCpu", op: ">=", value: 2 }],
      fields: ["name", "requestCpu"],
      sort: "-createDate",
      limit: 50,
      start: 10,
      replyWithCount: true,
    });
    expect(fake.requests[0]!.url.search).toBe(
      "?fields=name,requestCpu&sort=-createDate&limit=50&start=10&replyWithCount=true" +
        "&q=type%3DEndpoint&q=requestCpu%3E%3D2",
    );
    expect(fake.requests[0]!.url.searchParams.getAll("q")).toEqual(["type=Endpoint", "requestCpu>=2"]);
  });

  it("sends no query string when nothing is asked", async () => {
    const { fake, client } = queryClient();
    await client.queryModelServices();
    expect(fake.requests[0]!.url.search).toBe("");
  });

  it("serialises the raw client's queries the same way", async () => {
    const { fake, client } = queryClient();
    await client.raw.GET("/zstack/v1/ai/model-services", {
      params: { query: { q: ["a=1", "b=2"], fields: ["x", "y"], count: true } },
    });
    expect(fake.requests[0]!.url.search).toBe("?q=a%3D1&q=b%3D2&fields=x,y&count=true");
  });

  it("writes typed conditions in ZStack's syntax", () => {
    expect(formatCondition({ field: "name", op: "=", value: "svc a" })).toBe("name=svc a");
    expect(formatCondition({ field: "type", op: "?=", value: ["Endpoint", "App"] })).toBe("type?=Endpoint,App");
    expect(formatCondition({ field: "requestCpu", op: "!?=", value: [1, 2] })).toBe("requestCpu!?=1,2");
    expect(formatCondition({ field: "name", op: "~=", value: "qwen%" })).toBe("name~=qwen%");
    expect(formatCondition({ field: "system", op: "!=", value: true })).toBe("system!=true");
    expect(formatCondition({ field: "description", op: "is null" })).toBe("description is null");
    expect(formatCondition({ field: "framework", op: "not null" })).toBe("framework not null");
    expect(formatCondition({ field: "createDate", op: ">", value: new Date(Date.UTC(2026, 10, 24, 16, 20, 13)) })).toBe(
      "createDate>2026-11-24T16:20:13.000Z",
    );
    expect(formatCondition("requestMemory<=2048")).toBe("requestMemory<=2048");
  });

  it.each(apiVersions)("sends every array query parameter in the form the %s document declares", (version) => {
    const doc = loadDocument(version);
    const parameters: Json[] = doc.paths["/zstack/v1/ai/model-services"].get.parameters.map((p: Json) =>
      p.$ref ? doc.components.parameters[p.$ref.replace("#/components/parameters/", "")] : p,
    );
    const arrays = parameters.filter((p) => p.in === "query" && p.schema?.type === "array");
    expect(arrays.map((p) => p.name).sort()).toEqual(["fields", "q"]);
    for (const { name, style = "form", explode = style === "form" } of arrays) {
      expect(style).toBe("form");
      expect(serializeZStackQuery({ [name]: ["a", "b"] })).toBe(explode ? `${name}=a&${name}=b` : `${name}=a,b`);
    }
  });

  it("skips empty arrays and undefined values", () => {
    expect(serializeZStackQuery({ q: [], fields: undefined, limit: 0, filterName: null })).toBe("limit=0");
  });
});

describe("query answers", () => {
  it("returns inventories, with total only when the server sent it", async () => {
    const inventories = [{ uuid: "a".repeat(32) }];
    const withTotal = queryClient(() => ({ inventories, total: 7 }));
    expect(await withTotal.client.queryModelServices({ replyWithCount: true })).toEqual({ inventories, total: 7 });
    const without = queryClient(() => ({ inventories }));
    const result = await without.client.queryModelServices();
    expect(result).toEqual({ inventories });
    expect("total" in result).toBe(false);
    const countOnly = queryClient(() => ({ total: 3 }));
    expect(await countOnly.client.queryModelServices({ count: true })).toEqual({ inventories: [], total: 3 });
  });

  it("iterates over every page, stopping after a short page", async () => {
    const all = Array.from({ length: 7 }, (_, i) => ({ uuid: String(i).repeat(32) }));
    const { fake, client } = queryClient(({ start, limit }) => ({ inventories: all.slice(start, start + limit) }));
    const seen: string[] = [];
    for await (const service of client.iterateModelServices({ q: ["type=Endpoint"], sort: "+name", pageSize: 3 }))
      seen.push(service.uuid);
    expect(seen).toEqual(all.map((s) => s.uuid));
    expect(fake.requests.map((r) => r.url.search)).toEqual([
      "?sort=%2Bname&limit=3&start=0&q=type%3DEndpoint",
      "?sort=%2Bname&limit=3&start=3&q=type%3DEndpoint",
      "?sort=%2Bname&limit=3&start=6&q=type%3DEndpoint",
    ]);
  });

  it("asks once more when the last page was full, and rejects a bad pageSize", async () => {
    const all = Array.from({ length: 4 }, (_, i) => ({ uuid: String(i).repeat(32) }));
    const { fake, client } = queryClient(({ start, limit }) => ({ inventories: all.slice(start, start + limit) }));
    let count = 0;
    for await (const _ of client.iterateModelServices({ pageSize: 2 })) count++;
    expect(count).toBe(4);
    expect(fake.requests).toHaveLength(3);
    await expect(client.iterateModelServices({ pageSize: 0 }).next()).rejects.toThrow(RangeError);
  });

  it("getModelService returns the single inventory, or undefined for an empty list", async () => {
    const inventory = { uuid: "b".repeat(32), name: "x" };
    const fake = fakeZStack({
      [`GET /zstack/v1/ai/model-services/${"b".repeat(32)}`]: () => json(200, { inventories: [inventory] }),
      [`GET /zstack/v1/ai/model-services/${"c".repeat(32)}`]: () => json(200, { inventories: [] }),
    });
    const client = createZStackClient({ baseUrl: base, fetch: fake.fetch });
    expect(await client.getModelService("b".repeat(32))).toEqual(inventory);
    expect(await client.getModelService("c".repeat(32))).toBeUndefined();
  });
});

describe("sessions on the wire", () => {
  it("logs in with the SHA-512 hex of the password and no Authorization, then sends OAuth <session>", async () => {
    const fake = fakeZStack({
      "PUT /zstack/v1/accounts/login": () => json(200, { inventory: { uuid: session, accountUuid: "acc" } }),
      "GET /zstack/v1/ai/model-services": () => json(200, { inventories: [] }),
      [`DELETE /zstack/v1/accounts/sessions/${session}`]: () => new Response(null, { status: 200 }),
    });
    const client = createZStackClient({ baseUrl: base, fetch: fake.fetch });
    expect(client.sessionId).toBeUndefined();
    await expect(client.login({ accountName: "admin", password: "pässword" })).resolves.toEqual({
      uuid: session,
      accountUuid: "acc",
    });
    expect(client.sessionId).toBe(session);
    await client.queryModelServices();
    await client.logout();
    expect(client.sessionId).toBeUndefined();
    await client.logout(); // no session: nothing to send

    const [login, query, logout] = fake.requests;
    expect(fake.requests).toHaveLength(3);
    expect(login!.body).toEqual({
      logInByAccount: { accountName: "admin", password: createHash("sha512").update("pässword", "utf8").digest("hex") },
    });
    expect(login!.headers.get("Authorization")).toBeNull();
    expect(login!.headers.get("Content-Type")).toBe("application/json");
    expect(query!.headers.get("Authorization")).toBe(`OAuth ${session}`);
    expect(logout!.method).toBe("DELETE");
    expect(logout!.headers.get("Authorization")).toBeNull();
  });

  it("uses a session given in the options, and one set later", async () => {
    const fake = fakeZStack({ "GET /zstack/v1/ai/model-services": () => json(200, { inventories: [] }) });
    const client = createZStackClient({ baseUrl: base, fetch: fake.fetch, sessionId: session });
    await client.queryModelServices();
    client.sessionId = "f".repeat(32);
    await client.queryModelServices();
    client.sessionId = undefined;
    await client.queryModelServices();
    expect(fake.requests.map((r) => r.headers.get("Authorization"))).toEqual([
      `OAuth ${session}`,
      `OAuth ${"f".repeat(32)}`,
      null,
    ]);
  });

  it("sends add's tags beside param and its job uuid as X-Job-UUID", async () => {
    const fake = fakeZStack({
      "POST /zstack/v1/ai/model-services": () =>
        json(202, { location: `${base}/zstack/v1/api-jobs/${"d".repeat(32)}`, apiTimeout: 1 }),
      [`GET /zstack/v1/api-jobs/${"d".repeat(32)}`]: () => json(200, { inventory: { uuid: "e".repeat(32) } }),
    });
    const client = createZStackClient({ baseUrl: base, fetch: fake.fetch, sessionId: session });
    const param = {
      name: "n",
      yaml: "y",
      modelCenterUuid: "m",
      requestCpu: 1,
      requestMemory: 1,
      installPath: "/",
      startCommand: "s",
    };
    await client.addModelService(param, { systemTags: ["a::b"], userTags: ["u"], jobUuid: "d".repeat(32) });
    expect(fake.requests[0]!.body).toEqual({ param, systemTags: ["a::b"], userTags: ["u"] });
    expect(fake.requests[0]!.headers.get("X-Job-UUID")).toBe("d".repeat(32));
  });
});
