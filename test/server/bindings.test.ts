// Bindings between models and model services: BindModelToService and UnbindModelFromService, idempotent;
// both sides' modelServiceRefs show them; deleting either side takes its bindings; references are checked.
import { beforeAll, describe, expect, it } from "vitest";
import { documentModelParam, modelCalls } from "../helpers/models.js";
import { minimalParam, startServer, useServer, type TestServer } from "../helpers/server.js";
import { newUuid } from "../helpers/uuids.js";

let zs: TestServer;
let session: string;
let calls: ReturnType<typeof modelCalls>;
useServer({ db: ":memory:" }, (suite) => ({ zs, session } = suite));
beforeAll(async () => {
  calls = modelCalls(zs, session);
});

const ref = (model: { uuid: string }, service: { uuid: string }, isDefault = false) => ({
  uuid: expect.stringMatching(/^[0-9a-f]{32}$/),
  modelUuid: model.uuid,
  modelServiceUuid: service.uuid,
  isDefault,
});

/** Bindings in a stable order: the store lists them by uuid, an answer in the order it made them. */
const sorted = (refs: { modelUuid: string; modelServiceUuid: string }[]) =>
  [...refs].sort((a, b) => (a.modelUuid + a.modelServiceUuid).localeCompare(b.modelUuid + b.modelServiceUuid));
const sameRefs = (actual: { modelUuid: string; modelServiceUuid: string }[], expected: ReturnType<typeof ref>[]) =>
  expect(sorted(actual)).toEqual(sorted(expected));

describe("BindModelToService and UnbindModelFromService", () => {
  it("bind answers the service's inventory; both sides show the binding; binding again changes nothing", async () => {
    const [model, service] = [await calls.newModel(), await calls.newService("bind")];
    const bound = await calls.bind(model.uuid, service.uuid, { param: {}, systemTags: [] });
    expect(bound.status).toBe(200);
    expect(bound.body.inventory).toMatchObject({
      uuid: service.uuid,
      name: service.name,
      modelServiceRefs: [ref(model, service)],
    });
    const again = await calls.bind(model.uuid, service.uuid);
    expect(again.body.inventory.modelServiceRefs).toEqual(bound.body.inventory.modelServiceRefs);
    expect((await calls.getService(service.uuid)).modelServiceRefs).toEqual(bound.body.inventory.modelServiceRefs);
    expect((await calls.getModel(model.uuid)).modelServiceRefs).toEqual(bound.body.inventory.modelServiceRefs);
  });

  it("bind's body may be absent", async () => {
    const [model, service] = [await calls.newModel(), await calls.newService("no body")];
    const path = `/zstack/v1/ai/models/${model.uuid}/model-services/${service.uuid}`;
    const answer = await zs.poll(
      session,
      await zs.call(path, { method: "POST", headers: { Authorization: `OAuth ${session}` } }),
    );
    expect(answer.body.inventory.modelServiceRefs).toEqual([ref(model, service)]);
  });

  it("unbind answers {}, also for a pair that is not bound", async () => {
    const [model, service] = [await calls.newModel(), await calls.newService("unbind")];
    await calls.bind(model.uuid, service.uuid);
    expect(await calls.unbind(model.uuid, service.uuid)).toMatchObject({ status: 200, body: {} });
    expect(await calls.unbind(model.uuid, service.uuid)).toMatchObject({ status: 200, body: {} });
    expect((await calls.getService(service.uuid)).modelServiceRefs).toEqual([]);
    expect((await calls.getModel(model.uuid)).modelServiceRefs).toEqual([]);
  });

  it.each(["bind", "unbind"] as const)(
    "%s naming a model or a service that does not exist fails SYS.1003",
    async (action) => {
      const [model, service] = [await calls.newModel(), await calls.newService(`missing ${action}`)];
      const unknown = newUuid();
      for (const [modelUuid, serviceUuid, field, vo] of [
        [unknown, service.uuid, "modelUuid", "ModelVO"],
        [model.uuid, unknown, "modelServiceUuid", "ModelServiceVO"],
      ]) {
        const answer = await calls[action](modelUuid!, serviceUuid!);
        expect([answer.status, answer.body.error.code]).toEqual([503, "SYS.1003"]);
        expect(answer.body.error.details).toBe(
          `invalid field[${field}], resource[uuid:${unknown}, type:${vo}] not found`,
        );
      }
      expect((await calls.getService(service.uuid)).modelServiceRefs).toEqual([]);
    },
  );
});

describe("bindings made by the adds", () => {
  it("AddModel binds modelServiceUuids, defaultModelServiceUuid's binding being the default", async () => {
    const [a, b] = [await calls.newService("a"), await calls.newService("b")];
    const model = await calls.newModel({ modelServiceUuids: [a.uuid], defaultModelServiceUuid: b.uuid });
    sameRefs(model.modelServiceRefs, [ref(model, a), ref(model, b, true)]);
    expect((await calls.getService(b.uuid)).modelServiceRefs).toEqual([ref(model, b, true)]);
  });

  it("UpdateModel moves the default and clears it", async () => {
    const [a, b] = [await calls.newService("a"), await calls.newService("b")];
    const model = await calls.newModel({ modelServiceUuids: [a.uuid], defaultModelServiceUuid: a.uuid });
    const moved = await calls.updateModel(model.uuid, { defaultModelServiceUuid: b.uuid });
    sameRefs(moved.body.inventory.modelServiceRefs, [ref(model, a), ref(model, b, true)]);
    const cleared = await calls.updateModel(model.uuid, { clearDefaultModelService: true });
    sameRefs(cleared.body.inventory.modelServiceRefs, [ref(model, a), ref(model, b)]);
    sameRefs((await calls.getModel(model.uuid)).modelServiceRefs, cleared.body.inventory.modelServiceRefs);
  });

  it("AddModelService binds modelUuids, the first being its default", async () => {
    const [m1, m2] = [await calls.newModel(), await calls.newModel()];
    const service = await calls.newService("with models", { modelUuids: [m1.uuid, m2.uuid] });
    sameRefs(service.modelServiceRefs, [ref(m1, service, true), ref(m2, service)]);
    sameRefs((await calls.getService(service.uuid)).modelServiceRefs, service.modelServiceRefs);
    expect((await calls.getModel(m2.uuid)).modelServiceRefs).toEqual([ref(m2, service)]);
  });

  it.each([
    ["AddModel", "modelServiceUuids", "ModelServiceVO"],
    ["AddModel", "defaultModelServiceUuid", "ModelServiceVO"],
    ["AddModel", "modelCenterUuid", "ModelCenterVO"],
    ["AddModelService", "modelUuids", "ModelVO"],
    ["AddModelService", "modelCenterUuid", "ModelCenterVO"],
  ] as const)("%s naming a missing %s fails SYS.1003 and stores nothing", async (api, field, vo) => {
    const unknown = newUuid();
    const value = field === "modelUuids" || field === "modelServiceUuids" ? [unknown] : unknown;
    const path = api === "AddModel" ? "/zstack/v1/ai/models" : "/zstack/v1/ai/model-services";
    const param =
      api === "AddModel"
        ? { name: "dangling", installPath: "/x", modelCenterUuid: documentModelParam.modelCenterUuid }
        : minimalParam("dangling");
    const answer = await calls.job("POST", path, { param: { ...param, [field]: value } });
    expect([answer.status, answer.body.error.code]).toEqual([503, "SYS.1003"]);
    expect(answer.body.error.details).toBe(`invalid field[${field}], resource[uuid:${unknown}, type:${vo}] not found`);
    const found = await zs.call(`${path}?q=name=dangling&count=true`, { headers: zs.auth(session) });
    expect(found.body.total).toBe(0);
  });

  it("AddModelService names the first missing model, after checking the ones that exist", async () => {
    const model = await calls.newModel();
    const unknown = newUuid();
    const answer = await calls.job("POST", "/zstack/v1/ai/model-services", {
      param: { ...minimalParam("half bound"), modelUuids: [model.uuid, unknown] },
    });
    expect(answer.body.error.details).toBe(
      `invalid field[modelUuids], resource[uuid:${unknown}, type:ModelVO] not found`,
    );
    expect((await calls.getModel(model.uuid)).modelServiceRefs).toEqual([]);
  });

  it("with --references off, AddModelService stores the uuids it is given", async () => {
    const off = await startServer({ db: ":memory:", references: "off" });
    try {
      const job = await off.addAndPoll(await off.login(), {
        param: { ...minimalParam("placeholders"), modelCenterUuid: "modelCenterUuidExample", modelUuids: ["m1"] },
      });
      expect(job.body.inventory).toMatchObject({
        modelCenterUuid: "modelCenterUuidExample",
        modelServiceRefs: [expect.objectContaining({ modelUuid: "m1", isDefault: true })],
      });
    } finally {
      await off.close();
    }
  });
});

describe("deletes take their bindings", () => {
  it.each(["model", "service"] as const)("deleting the %s removes the binding from the other side", async (side) => {
    const [model, service] = [await calls.newModel(), await calls.newService(`delete ${side}`)];
    await calls.bind(model.uuid, service.uuid);
    if (side === "model") {
      await calls.job("DELETE", `/zstack/v1/ai/models/${model.uuid}`);
      expect((await calls.getService(service.uuid)).modelServiceRefs).toEqual([]);
    } else {
      await calls.job("DELETE", `/zstack/v1/ai/model-services/${service.uuid}`);
      expect((await calls.getModel(model.uuid)).modelServiceRefs).toEqual([]);
    }
  });

  it("DeleteModels takes the bindings of every model it deletes", async () => {
    const service = await calls.newService("batch");
    const [a, b] = [await calls.newModel(), await calls.newModel()];
    await calls.bind(a.uuid, service.uuid);
    await calls.bind(b.uuid, service.uuid);
    await calls.job("DELETE", `/zstack/v1/ai/models?uuids=${a.uuid}&uuids=${b.uuid}`);
    expect((await calls.getService(service.uuid)).modelServiceRefs).toEqual([]);
  });
});
