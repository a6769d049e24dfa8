// QueryModelService and GetModelService: ZStack's query parameters, projections and counts, and 400s that
// name the bad parameter.
import { beforeAll, describe, expect, it } from "vitest";
import { documentBody, type Json, type TestServer, useServer } from "../helpers/server.js";

let zs: TestServer;
let session: string;
const query = async (search: string, headers: Record<string, string> = {}) =>
  zs.call(`/zstack/v1/ai/model-services${search}`, { headers: zs.auth(session, headers) });
const names = (answer: { body: Json }) => answer.body.inventories.map((s: { name: string }) => s.name);

useServer({}, (suite) => ({ zs, session } = suite));
beforeAll(async () => {
  for (const [name, requestCpu, type] of [
    ["alpha", 1, "Endpoint"],
    ["beta", 2, "FineTune"],
    ["gamma", 4, "Endpoint"],
  ] as const) {
    expect((await zs.addAndPoll(session, documentBody({ name, requestCpu, type }))).status).toBe(200);
  }
});

describe("conditions", () => {
  // Encoded as ZStack's SDKs encode them: the document declares q without allowReserved.
  it.each([
    [["type=Endpoint"], ["alpha", "gamma"]],
    [["requestCpu>=2"], ["beta", "gamma"]],
    [["type=Endpoint", "requestCpu>1"], ["gamma"]],
    [["name?=alpha,beta"], ["alpha", "beta"]],
    [["name!?=alpha,beta"], ["gamma"]],
    [["name~=%amm%"], ["gamma"]],
    [["framework is null"], ["alpha", "beta", "gamma"]],
  ])("q=%s", async (conditions, expected) => {
    const search = conditions
      .map(
        (c) =>
          `q=${encodeURIComponent(c).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`,
      )
      .join("&");
    expect(names(await query(`?${search}&sort=%2Bname`))).toEqual(expected);
  });
});

describe("paging, sorting, counting, projecting", () => {
  it("sort, limit and start", async () => {
    expect(names(await query("?sort=-requestCpu&limit=2"))).toEqual(["gamma", "beta"]);
    // Unencoded, as curl users type them: `+` arrives as a space, `=` and `>` as they are.
    expect(names(await query("?sort=+requestCpu&limit=2"))).toEqual(["alpha", "beta"]);
    expect(names(await query("?q=requestCpu>=2&q=type=Endpoint&sort=+name"))).toEqual(["gamma"]);
    expect(names(await query("?sort=-requestCpu&limit=2&start=2"))).toEqual(["alpha"]);
  });

  it("count=true answers only the total", async () => {
    expect((await query("?q=type=Endpoint&count=true")).body).toEqual({ total: 2 });
  });

  it("replyWithCount=true adds the total to a page", async () => {
    const answer = await query("?limit=1&replyWithCount=true");
    expect(answer.body.inventories).toHaveLength(1);
    expect(answer.body.total).toBe(3);
    expect((await query("?limit=1")).body.total).toBeUndefined();
  });

  it("fields= projects, always keeping uuid", async () => {
    const answer = await query("?fields=name,requestCpu&sort=%2Bname&limit=1");
    expect(answer.body.inventories).toEqual([
      { uuid: expect.stringMatching(/^[0-9a-f]{32}$/), name: "alpha", requestCpu: 1 },
    ]);
  });

  it("X-JSON-Schema adds each inventory's class", async () => {
    const answer = await query("?sort=%2Bname&limit=2", { "X-JSON-Schema": "true" });
    expect(answer.body.schema).toMatchObject({
      "inventories[0]": "org.zstack.ai.entity.ModelServiceInventory",
      "inventories[1]": "org.zstack.ai.entity.ModelServiceInventory",
    });
  });

  it("X-JSON-Schema adds `schema` to every answer: a count's, an empty page's, a get's", async () => {
    const asked = { "X-JSON-Schema": "true" };
    expect((await query("?q=type=Endpoint&count=true", asked)).body).toEqual({ total: 2, schema: {} });
    expect((await query("?q=name=nobody", asked)).body).toEqual({ inventories: [], schema: {} });
    expect((await query("/0123456789abcdef0123456789abcdef", asked)).body).toEqual({ inventories: [], schema: {} });
    expect((await query("?q=type=Endpoint&count=true&replyWithCount=true", asked)).body).toEqual({
      total: 2,
      schema: {},
    });
  });
});

describe("malformed parameters are 400 naming the parameter", () => {
  it.each([
    ["?q=colour=red", /colour/],
    ["?q=requestCpu~=1", /~=/],
    ["?limit=abc", /limit/],
    ["?sort=name;drop", /sort/],
    ["?fields=name,secret", /secret/],
    ["?frobnicate=1", /frobnicate: unknown query parameter/],
  ])("%s", async (search, message) => {
    const answer = await query(search);
    expect(answer.status).toBe(400);
    expect(answer.body.error.details).toMatch(message);
  });
});

describe("GetModelService", () => {
  it("answers a list of one, or an empty list", async () => {
    const [first] = (await query("?sort=%2Bname&limit=1")).body.inventories;
    expect(names(await zs.call(`/zstack/v1/ai/model-services/${first.uuid}`, { headers: zs.auth(session) }))).toEqual([
      "alpha",
    ]);
    expect(
      (await zs.call(`/zstack/v1/ai/model-services/${"0".repeat(32)}`, { headers: zs.auth(session) })).body,
    ).toEqual({ inventories: [] });
  });

  it("a malformed uuid is 503 SYS.1007 (a synchronous API's argument error)", async () => {
    const answer = await zs.call("/zstack/v1/ai/model-services/xyz", { headers: zs.auth(session) });
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe("SYS.1007");
  });
});
