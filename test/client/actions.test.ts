// SDK-style actions on the wire (through an injected fetch): what each sends, and how results and errors come back.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  AddModelServiceAction,
  DeleteModelServiceAction,
  LogInByAccountAction,
  LogOutAction,
  QueryModelServiceAction,
  ZSClient,
  ZStackApiError,
} from "../../client/index.js";
import { accepted, base, fakeZStack, jobUuid, json } from "./fake-zstack.js";

const session = "5".repeat(32);
const inventory = { uuid: "a".repeat(32), name: "svc" };

afterEach(() => {
  ZSClient.configure({});
  vi.useRealTimers();
});

describe("SDK-style actions", () => {
  it("AddModelServiceAction sends the set fields inside param, tags included, and returns { inventory }", async () => {
    const fake = fakeZStack({
      "POST /zstack/v1/ai/model-services": accepted,
      [`GET /zstack/v1/api-jobs/${jobUuid}`]: () => json(200, { inventory }),
    });
    ZSClient.configure({ baseUrl: base, fetch: fake.fetch });
    const action = new AddModelServiceAction();
    action.name = "svc";
    action.requestCpu = 4;
    action.systemTags = ["a::b"];
    action.sessionId = session;
    action.pollingInterval = 5;
    const result = await action.call();
    expect(result.error).toBeNull();
    expect(result.value).toEqual({ inventory });
    expect(result.throwExceptionIfError().value.inventory.uuid).toBe(inventory.uuid);
    expect(fake.requests[0]!.body).toEqual({ param: { name: "svc", requestCpu: 4, systemTags: ["a::b"] } });
    expect(fake.requests[0]!.headers.get("Authorization")).toBe(`OAuth ${session}`);
  });

  it("returns a failed job's ErrorCode in error, and throwExceptionIfError throws it with its status", async () => {
    const error = {
      code: "SYS.1007",
      description: "One or more API argument is invalid",
      details: "param.yaml: missing",
    };
    const fake = fakeZStack({
      "POST /zstack/v1/ai/model-services": accepted,
      [`GET /zstack/v1/api-jobs/${jobUuid}`]: () => json(503, { error }),
    });
    const action = new AddModelServiceAction();
    action.baseUrl = base;
    action.fetch = fake.fetch;
    const result = await action.call();
    expect(result.value).toBeNull();
    expect(result.error).toEqual(error);
    expect(() => result.throwExceptionIfError()).toThrow(expect.objectContaining({ code: "SYS.1007", status: 503 }));
    expect(() => result.throwExceptionIfError()).toThrow(ZStackApiError);
  });

  it("without a baseUrl, fails with sdk.1002 saying how to set one", async () => {
    const result = await new DeleteModelServiceAction().call();
    expect(result.error).toMatchObject({
      code: "sdk.1002",
      description: expect.stringContaining("ZSClient.configure"),
    });
  });

  it("honours the action's timeout and pollingInterval (sdk.1001)", async () => {
    vi.useFakeTimers();
    const fake = fakeZStack({
      "DELETE /zstack/v1/ai/model-services/u1": accepted,
      [`GET /zstack/v1/api-jobs/${jobUuid}`]: () => json(202, {}),
    });
    ZSClient.configure({ baseUrl: base, fetch: fake.fetch, timeout: 60_000 });
    const action = new DeleteModelServiceAction();
    action.uuid = "u1";
    action.deleteMode = "Enforcing";
    action.timeout = 2000;
    action.pollingInterval = 500;
    const pending = action.call();
    await vi.advanceTimersByTimeAsync(3000);
    expect((await pending).error).toMatchObject({ code: "sdk.1001" });
    const polls = fake.requests.slice(1);
    expect(polls.at(-1)!.at - polls[0]!.at).toBeLessThanOrEqual(2000);
    const gaps = polls.slice(1).map((p, i) => p.at - polls[i]!.at);
    expect(Math.max(...gaps)).toBe(500);
    expect(fake.requests[0]!.url.search).toBe("?deleteMode=Enforcing");
  });

  it("QueryModelServiceAction sends conditions, sortBy/sortDirection and fields in ZStack's form", async () => {
    const fake = fakeZStack({
      "GET /zstack/v1/ai/model-services": () => json(200, { inventories: [inventory], total: 1 }),
    });
    const action = new QueryModelServiceAction();
    Object.assign(action, { baseUrl: base, fetch: fake.fetch, sessionId: session });
    action.conditions = ["type=Endpoint", "requestCpu>=2"];
    action.sortBy = "createDate";
    action.sortDirection = "desc";
    action.fields = ["name", "type"];
    action.limit = 5;
    action.replyWithCount = true;
    const { value } = (await action.call()).throwExceptionIfError();
    expect(value).toEqual({ inventories: [inventory], total: 1 });
    expect(fake.requests[0]!.url.search).toBe(
      "?limit=5&replyWithCount=true&sort=-createDate&fields=name,type&q=type%3DEndpoint&q=requestCpu%3E%3D2",
    );
  });

  it("LogInByAccountAction sends the SHA-512 hex as is, no Authorization; LogOutAction ends sessionUuid", async () => {
    const digest = "ab".repeat(64);
    const fake = fakeZStack({
      "PUT /zstack/v1/accounts/login": () => json(200, { inventory: { uuid: session } }),
      [`DELETE /zstack/v1/accounts/sessions/${session}`]: () => new Response(null, { status: 200 }),
    });
    ZSClient.configure({ baseUrl: base, fetch: fake.fetch });
    const login = new LogInByAccountAction();
    login.accountName = "admin";
    login.password = digest;
    const { value } = (await login.call()).throwExceptionIfError();
    expect(value.inventory.uuid).toBe(session);
    const logout = new LogOutAction();
    logout.sessionId = session;
    expect((await logout.call()).error).toBeNull();
    expect(fake.requests[0]!.body).toEqual({ logInByAccount: { accountName: "admin", password: digest } });
    expect(fake.requests.map((r) => r.headers.get("Authorization"))).toEqual([null, null]);
    expect(fake.requests[1]!.url.pathname).toBe(`/zstack/v1/accounts/sessions/${session}`);
  });
});
