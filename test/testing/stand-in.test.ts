// startStandIn (zstack-model-services/testing) as a test suite uses it: the logged-in client, faults by ZStack
// action (through the job for asynchronous APIs, at once for synchronous ones, delayed), the journal and reset.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZStackApiError } from "../../client/index.js";
import { type StandIn, startStandIn } from "../../server/testing/index.js";
import { Journal } from "../../server/testing/journal.js";
import { minimalParam } from "../helpers/server.js";

const centerUuid = "0123456789ab4def8123456789abcdee";
const center = {
  resourceUuid: centerUuid,
  name: "lab",
  url: "192.168.10.12:/ai/mc",
  managementIp: "127.0.0.1",
  managementPort: 5000,
};
const service = (name: string) => ({ ...minimalParam(name), modelCenterUuid: centerUuid });

let zstack: StandIn;
beforeAll(async () => {
  zstack = await startStandIn();
});
afterAll(async () => zstack?.close());

async function rejection(promise: Promise<unknown>): Promise<ZStackApiError> {
  const error = await promise.then(
    () => expect.unreachable("should have failed"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZStackApiError);
  return error as ZStackApiError;
}

describe("startStandIn", () => {
  it("serves on a loopback port with a client logged in as admin", async () => {
    expect(zstack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(zstack.sessionId).toMatch(/^[0-9a-f]{32}$/);
    expect(zstack.client.sessionId).toBe(zstack.sessionId);
    const answer = await fetch(`${zstack.url}/zstack/v1/accounts/sessions/${zstack.sessionId}/valid`);
    expect(await answer.json()).toEqual({ valid: true });
  });

  it("a later stand-in in the same process starts in at most 300 ms, and each has its own store", async () => {
    // The fastest of three: the machine's other work (tests run in parallel) is not the stand-in's start-up.
    const times: number[] = [];
    for (let i = 0; i < 2; i++) {
      const started = performance.now();
      await (await startStandIn()).close();
      times.push(performance.now() - started);
    }
    const started = performance.now();
    const second = await startStandIn();
    times.push(performance.now() - started);
    try {
      expect(Math.min(...times)).toBeLessThanOrEqual(300);
      await second.client.addModelCenter(center);
      expect((await zstack.client.queryModelCenters()).inventories).toEqual([]);
      expect((await second.client.getModelCenter(centerUuid))?.uuid).toBe(centerUuid);
      // Sessions are each server's own, though the servers share their compiled validator.
      const foreign = await fetch(`${second.url}/zstack/v1/ai/model-centers`, {
        headers: { Authorization: `OAuth ${zstack.sessionId}` },
      });
      expect([foreign.status, ((await foreign.json()) as { error: { code: string } }).error.code]).toEqual([
        503,
        "ID.1001",
      ]);
    } finally {
      await second.close();
    }
    await expect(fetch(`${second.url}/livez`)).rejects.toThrow();
  });

  it("fails the next AddModelService through its job with the given code; the following add succeeds", async () => {
    await zstack.client.addModelCenter(center);
    await zstack.fail({ api: "AddModelService", code: "SYS.1006", details: "the disk is full" });
    const error = await rejection(zstack.client.addModelService(service("first")));
    expect(error).toMatchObject({ status: 503, code: "SYS.1006", details: "the disk is full" });
    expect((await zstack.client.queryModelServices()).inventories).toEqual([]);
    const added = await zstack.client.addModelService(service("second"));
    expect(added.name).toBe("second");
  });

  it("fails a synchronous API at once; a get by uuid is its Query action; times counts calls", async () => {
    await zstack.fail({ api: "QueryModelCenter", code: "SYS.1000", times: 2 });
    expect(await rejection(zstack.client.queryModelCenters())).toMatchObject({ status: 503, code: "SYS.1000" });
    expect(await rejection(zstack.client.getModelCenter(centerUuid))).toMatchObject({ code: "SYS.1000" });
    expect((await zstack.client.getModelCenter(centerUuid))?.uuid).toBe(centerUuid);
  });

  it("times: 0 fails every call until the rules are cleared", async () => {
    await zstack.fail({ api: "QueryModelService", code: "SYS.1001", times: 0 });
    for (let i = 0; i < 3; i++) expect((await rejection(zstack.client.queryModelServices())).code).toBe("SYS.1001");
    await zstack.clearFaults();
    await expect(zstack.client.queryModelServices()).resolves.toHaveProperty("inventories");
  });

  it("a delayed asynchronous call commits at once and its job answers 202 {} until the delay passes", async () => {
    await zstack.fail({ api: "UpdateModelCenter", delayMs: 400 });
    const answer = await fetch(`${zstack.url}/zstack/v1/ai/model-centers/${centerUuid}`, {
      method: "PUT",
      headers: { Authorization: `OAuth ${zstack.sessionId}`, "Content-Type": "application/json" },
      body: JSON.stringify({ updateModelCenter: { description: "slow" } }),
    });
    expect(answer.status).toBe(202);
    const { location } = (await answer.json()) as { location: string };
    const poll = () => fetch(location, { headers: { Authorization: `OAuth ${zstack.sessionId}` } });
    const early = await poll();
    expect([early.status, await early.json()]).toEqual([202, {}]);
    expect((await zstack.client.getModelCenter(centerUuid))?.description).toBe("slow");
    await new Promise((resolve) => setTimeout(resolve, 450));
    const late = await poll();
    expect(late.status).toBe(200);
    expect(((await late.json()) as { inventory: { description: string } }).inventory.description).toBe("slow");
  });

  it("a delayed synchronous call answers late; with a code it then fails", async () => {
    await zstack.fail({ api: "QueryModelCenter", delayMs: 300, code: "SYS.1001" });
    const started = performance.now();
    expect((await rejection(zstack.client.queryModelCenters())).code).toBe("SYS.1001");
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("makes a model center Disconnected and Connected again", async () => {
    await zstack.fail({ modelCenterUuid: centerUuid, status: "Disconnected" });
    expect((await zstack.client.getModelCenter(centerUuid))?.status).toBe("Disconnected");
    await zstack.fail({ modelCenterUuid: centerUuid, status: "Connected" });
    expect((await zstack.client.getModelCenter(centerUuid))?.status).toBe("Connected");
  });

  it("rejects a rule naming an unknown action or field, or without code or delay, naming the problem", async () => {
    await expect(zstack.fail({ api: "AddModelServce", code: "SYS.1006" })).rejects.toThrow(/api: AddModelServce/);
    await expect(zstack.fail({ api: "AddModelService" })).rejects.toThrow(/code: is required unless delayMs/);
    await expect(zstack.fail({ api: "AddModelService", code: "X", times: -1 } as never)).rejects.toThrow(/times/);
    await expect(zstack.fail({ api: "AddModelService", code: "X", tims: 2 } as never)).rejects.toThrow(
      /tims: not a field of FaultRule/,
    );
    await expect(zstack.fail({ modelCenterUuid: "f".repeat(32), status: "Disconnected" })).rejects.toThrow(
      /no model center/,
    );
  });

  it("journals the calls it answered, oldest first, job polls included", async () => {
    await zstack.reset();
    expect(await zstack.journal()).toEqual([]);
    await zstack.client.addModelCenter(center);
    await zstack.client.queryModelCenters();
    await fetch(`${zstack.url}/livez`);
    await fetch(`${zstack.url}/zstack/v1/no-such-api`, { headers: { Authorization: `OAuth ${zstack.sessionId}` } });
    const journal = await zstack.journal();
    const [add, poll, query, missing] = journal;
    expect(journal).toHaveLength(4);
    expect(add).toMatchObject({
      method: "POST",
      path: "/zstack/v1/ai/model-centers",
      api: "AddModelCenter",
      status: 202,
    });
    expect(add!.jobUuid).toMatch(/^[0-9a-f]{32}$/);
    expect(poll).toMatchObject({ method: "GET", api: "GetApiJob", status: 200, jobUuid: add!.jobUuid });
    expect(query).toMatchObject({ method: "GET", path: "/zstack/v1/ai/model-centers", api: "QueryModelCenter" });
    expect(missing).toMatchObject({ path: "/zstack/v1/no-such-api", status: 404 });
    expect(missing).not.toHaveProperty("api");
    expect(Date.parse(add!.time)).toBeLessThanOrEqual(Date.parse(query!.time));
  });

  it("names the shared PUT's two actions apart, in faults and in the journal", async () => {
    await zstack.reset();
    await zstack.client.addModelCenter(center);
    const { uuid } = await zstack.client.addModelService(service("shared"));
    await zstack.fail({ api: "DeployModelService", code: "SYS.1006", details: "no zone" });
    const updated = await zstack.client.updateModelService(uuid, { description: "still updatable" });
    expect(updated.description).toBe("still updatable");
    const deploy = { name: "endpoint", zoneUuid: "zone", type: "Container" as const };
    expect(await rejection(zstack.client.deployModelService(uuid, deploy))).toMatchObject({ details: "no zone" });
    const put = (body: unknown) =>
      fetch(`${zstack.url}/zstack/v1/ai/model-services/${uuid}`, {
        method: "PUT",
        headers: { "Content-Type": "application/json", Authorization: `OAuth ${zstack.sessionId}` },
        body: JSON.stringify(body),
      });
    expect((await put({ deployModelService: { name: 7 } })).status).toBe(202); // an argument error, through its job
    expect((await put({})).status).toBe(400);
    const puts = (await zstack.journal()).filter((entry) => entry.method === "PUT");
    expect(puts.map((entry) => [entry.api, entry.status])).toEqual([
      ["UpdateModelService", 202],
      ["DeployModelService", 202],
      ["DeployModelService", 202],
      [undefined, 400],
    ]);
  });

  it("keeps the last 1,000 calls", () => {
    // The cap, on the journal itself: 1,005 calls through HTTP would only make the test slow.
    const journal = new Journal();
    for (let i = 0; i < 1005; i++) journal.record({ method: "GET", path: `/zstack/v1/${i}`, status: 404, time: "" });
    const kept = journal.list();
    expect([kept.length, kept[0]!.path, kept[999]!.path]).toEqual([1000, "/zstack/v1/5", "/zstack/v1/1004"]);
  });

  it("reset removes every resource, job and access key and keeps accounts and sessions", async () => {
    await zstack.client.addModelService(service("kept-until-reset"));
    const key = await zstack.client.createAccessKey({
      accountUuid: "36c27e8ff05c4780bf6d2fa65700f22e",
      userUuid: "36c27e8ff05c4780bf6d2fa65700f22e",
    });
    const jobs = (await zstack.journal()).filter((entry) => entry.jobUuid);
    await zstack.reset();
    expect((await zstack.client.queryModelCenters()).inventories).toEqual([]);
    expect((await zstack.client.queryModelServices()).inventories).toEqual([]);
    expect((await zstack.client.queryAccessKeys()).inventories).toEqual([]);
    expect(key.uuid).toMatch(/^[0-9a-f]{32}$/);
    for (const { jobUuid } of jobs) {
      const answer = await fetch(`${zstack.url}/zstack/v1/api-jobs/${jobUuid}`, {
        headers: { Authorization: `OAuth ${zstack.sessionId}` },
      });
      expect(answer.status).toBe(404);
    }
    await expect(zstack.client.addModelCenter(center)).resolves.toHaveProperty("uuid", centerUuid);
  });
});
