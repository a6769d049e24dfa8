// Models: AddModel with ZStack's example values, query and get, UpdateModel, the deletes, and bad input.
import { beforeAll, describe, expect, it } from "vitest";
import { documentModelParam, modelCalls } from "../helpers/models.js";
import { gsonDate, useServer, type TestServer } from "../helpers/server.js";
import { newUuid } from "../helpers/uuids.js";

let zs: TestServer;
let session: string;
let calls: ReturnType<typeof modelCalls>;
useServer({ db: ":memory:" }, (suite) => ({ zs, session } = suite));
beforeAll(async () => {
  calls = modelCalls(zs, session);
});

describe("AddModel", () => {
  it("answers ZStack's example with the model's inventory", async () => {
    const answer = await calls.addModel({}, { systemTags: [], userTags: [] });
    expect(answer.status).toBe(200);
    const { inventory } = answer.body;
    expect(inventory).toMatchObject({ ...documentModelParam, modelServiceRefs: [] });
    expect(inventory.uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(inventory.createDate).toMatch(gsonDate);
    expect(await calls.getModel(inventory.uuid)).toEqual(inventory);
  });

  it("keeps the newer fields, with recommendedGpuNum as ZStack's inventory lists it", async () => {
    const model = await calls.newModel({
      modelId: "Qwen/Qwen1.5",
      recommendedGpuNum: "1, 2",
      gpuConstraintDescription: "two A100",
      token: "secret",
    });
    expect(model).toMatchObject({
      modelId: "Qwen/Qwen1.5",
      recommendedGpuNum: [1, 2],
      gpuConstraintDescription: "two A100",
    });
    expect(model.token).toBeUndefined();
  });

  it("takes a client's resourceUuid once", async () => {
    const resourceUuid = newUuid().replace(/^(.{12})./, "$14");
    expect((await calls.addModel({ resourceUuid })).body.inventory.uuid).toBe(resourceUuid);
    const again = await calls.addModel({ resourceUuid });
    expect([again.status, again.body.error.code]).toEqual([503, "SYS.1007"]);
    expect(again.body.error.details).toContain("param.resourceUuid");
  });
});

describe("QueryModel and GetModel", () => {
  it("find models by ZStack's query syntax, with the Java classes asked for", async () => {
    const model = await calls.newModel({ name: "find me" });
    const answer = await zs.call(`/zstack/v1/ai/models?q=name=find me&replyWithCount=true`, {
      headers: zs.auth(session, { "X-JSON-Schema": "true" }),
    });
    expect(answer.status).toBe(200);
    expect(answer.body.inventories.map((m: { uuid: string }) => m.uuid)).toEqual([model.uuid]);
    expect(answer.body.total).toBe(1);
    expect(answer.body.schema).toEqual({ "inventories[0]": "org.zstack.ai.entity.ModelInventory" });
  });

  it("get of an unknown uuid answers an empty list", async () => {
    const answer = await zs.call(`/zstack/v1/ai/models/${newUuid()}`, { headers: zs.auth(session) });
    expect([answer.status, answer.body]).toEqual([200, { inventories: [] }]);
  });
});

describe("UpdateModel", () => {
  it("answers ZStack's example body with the updated inventory", async () => {
    const model = await calls.newModel();
    const answer = await calls.updateModel(model.uuid, { name: "example", vendor: "Alibaba" });
    expect(answer.status).toBe(200);
    expect(answer.body.inventory).toMatchObject({
      uuid: model.uuid,
      name: "example",
      vendor: "Alibaba",
      installPath: model.installPath,
    });
    expect(await calls.getModel(model.uuid)).toEqual(answer.body.inventory);
  });

  it("fails SYS.1003 for an unknown uuid", async () => {
    const uuid = newUuid();
    const answer = await calls.updateModel(uuid, { name: "x" });
    expect([answer.status, answer.body.error.code]).toEqual([503, "SYS.1003"]);
    expect(answer.body.error.details).toBe(`invalid field[uuid], resource[uuid:${uuid}, type:ModelVO] not found`);
  });
});

describe("DeleteModel and DeleteModels", () => {
  it("delete a model; an unknown uuid is no error; deleteMode has no effect", async () => {
    const model = await calls.newModel();
    for (const uuid of [model.uuid, model.uuid, newUuid()]) {
      expect(await calls.job("DELETE", `/zstack/v1/ai/models/${uuid}?deleteMode=Enforcing`)).toMatchObject({
        status: 200,
        body: {},
      });
    }
    expect(await calls.getModel(model.uuid)).toBeUndefined();
  });

  it("DeleteModels answers each uuid, unknown ones succeeding, and reads uuids from the query only", async () => {
    const [a, b] = [await calls.newModel(), await calls.newModel()];
    const unknown = newUuid();
    const answer = await calls.job("DELETE", `/zstack/v1/ai/models?uuids=${a.uuid}&uuids=${unknown}`, {
      uuids: [b.uuid],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      results: [
        { uuid: a.uuid, success: true },
        { uuid: unknown, success: true },
      ],
    });
    expect(await calls.getModel(a.uuid)).toBeUndefined();
    expect(await calls.getModel(b.uuid)).toBeDefined();
  });
});

describe("bad input", () => {
  it.each([
    ["an unknown field", { nmae: "x" }, "nmae"],
    ["a name too long", { name: "n".repeat(256) }, "param.name"],
    ["an installPath too long", { installPath: "p".repeat(2049) }, "param.installPath"],
    ["a description too long", { description: "d".repeat(2049) }, "param.description"],
    [
      "a gpuConstraintDescription too long",
      { gpuConstraintDescription: "g".repeat(513) },
      "param.gpuConstraintDescription",
    ],
    ["a modelId too long", { modelId: "m".repeat(256) }, "param.modelId"],
    ["a fingerprint too long", { fineTuningExportFingerprint: "f".repeat(65) }, "param.fineTuningExportFingerprint"],
    ["a recommendedGpuNum that is no count", { recommendedGpuNum: "many" }, "param.recommendedGpuNum"],
    ["no name", { name: undefined }, "name"],
  ])("%s fails the job with SYS.1007 naming the field, and stores nothing", async (_label, changes, field) => {
    const before = await calls.countModels();
    const answer = await calls.addModel(changes);
    expect([answer.status, answer.body.error.code]).toEqual([503, "SYS.1007"]);
    expect(answer.body.error.details).toContain(field);
    expect(await calls.countModels()).toBe(before);
  });

  it("UpdateModel's limits are ZStack's SDK's, and an empty update is refused", async () => {
    const model = await calls.newModel();
    for (const [changes, field] of [
      [{ recommendedGpuNum: "1".repeat(256) }, "updateModel.recommendedGpuNum"],
      [{ description: "d".repeat(256) }, "updateModel.description"],
      [{ clearDefault: true }, "clearDefault"],
      [{}, "updateModel"],
    ] as const) {
      const answer = await calls.updateModel(model.uuid, changes);
      expect([answer.status, answer.body.error.code]).toEqual([503, "SYS.1007"]);
      expect(answer.body.error.details).toContain(field);
    }
    expect(await calls.getModel(model.uuid)).toEqual(model);
  });
});
