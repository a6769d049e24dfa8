// Models and bindings: a success and a failure case for each operation, through the typed client's `.raw`
// (openapi-fetch) and the job poll, against the real server with response validation on.
import { expect } from "vitest";
import type { ZStackClient } from "../../../client/index.js";
import type { ApiVersion, latestApiVersion } from "../../../generated/types/index.js";
import type { Json } from "../../helpers/server.js";
import { newUuid } from "../../helpers/uuids.js";
import { jobsOf } from "../calls.js";
import type { Contract } from "../harness.js";
import { sendingInvalid } from "../judge.js";
import { type Cases, failsWithUnknownSession } from "./index.js";

/** AddModel's example values from ZStack's AddModel page. */
const documentModel = {
  name: "Qwen_1.5_23B",
  installPath: "192.168.10.12:/ai/model_center/Qwen_1.5_23B",
  description: "Qwen 1.5",
  modelCenterUuid: "modelCenterUuidExample",
  vendor: "Alibaba",
  size: 102400,
  version: "CustomizeVersion",
};

const serviceParam = (name: string) => ({
  name,
  yaml: "services:\n  - name: web\n    ports:\n      - 3000\n",
  modelCenterUuid: "modelCenterUuidExample",
  requestCpu: 1,
  requestMemory: 1024,
  installPath: "/opt/zstack/ai/model-services/web",
  startCommand: "python3 app.py",
});

export function modelCases(contract: Contract<ApiVersion>): Cases {
  // The cases run against the newest version's server: its paths type the calls.
  const raw = () => contract.client.raw as unknown as ZStackClient<typeof latestApiVersion>["raw"];

  const { job, jobFailure } = jobsOf(contract);
  const addModel = async (changes: Json = {}) =>
    (await job(raw().POST("/zstack/v1/ai/models", { body: { param: { ...documentModel, ...changes } } })))
      .inventory as Json;
  const addService = async (name: string) =>
    (await job(raw().POST("/zstack/v1/ai/model-services", { body: { param: serviceParam(name) } }))).inventory as Json;
  const getModel = async (uuid: string) =>
    (await raw().GET("/zstack/v1/ai/models/{uuid}", { params: { path: { uuid } } })).data?.inventories?.[0] as
      | Json
      | undefined;
  const bindingPath = "/zstack/v1/ai/models/{modelUuid}/model-services/{modelServiceUuid}";
  const pathOf = (modelUuid: string, modelServiceUuid: string) => ({
    params: { path: { modelUuid, modelServiceUuid } },
  });

  return {
    AddModel: {
      success: async () => expect(await addModel()).toMatchObject({ ...documentModel, modelServiceRefs: [] }),
      failure: async () => {
        const error = await jobFailure(
          sendingInvalid(() =>
            raw().POST("/zstack/v1/ai/models", { body: { param: { ...documentModel, name: "n".repeat(256) } } }),
          ),
        );
        expect([error.status, error.code]).toEqual([503, "SYS.1007"]);
        expect(error.details).toContain("param.name");
      },
    },
    QueryModel: {
      success: async () => {
        const added = await addModel({ name: "query this model" });
        const { data } = await raw().GET("/zstack/v1/ai/models", {
          params: { query: { q: ["name=query this model"], replyWithCount: true } },
        });
        expect(data).toEqual({ inventories: [added], total: 1 });
      },
      failure: async () => {
        const { response, error } = await raw().GET("/zstack/v1/ai/models", {
          params: { query: { q: ["noSuchField=1"] } },
        });
        expect(response.status).toBe(400);
        expect(error?.error.details).toContain("noSuchField");
      },
    },
    GetModel: {
      success: async () => {
        const added = await addModel();
        expect(await getModel(added.uuid)).toEqual(added);
      },
      failure: async () => {
        const { response, error } = await sendingInvalid(() =>
          raw().GET("/zstack/v1/ai/models/{uuid}", { params: { path: { uuid: "not-a-uuid" } } }),
        );
        expect([response.status, error?.error.code]).toEqual([503, "SYS.1007"]);
      },
    },
    UpdateModel: {
      success: async () => {
        const added = await addModel();
        const body = { updateModel: { name: "example", vendor: "Alibaba" } };
        const { inventory } = await job(
          raw().PUT("/zstack/v1/ai/models/{uuid}", { params: { path: { uuid: added.uuid } }, body }),
        );
        expect(inventory).toMatchObject({ uuid: added.uuid, name: "example", vendor: "Alibaba" });
      },
      failure: async () => {
        const uuid = newUuid();
        const error = await jobFailure(
          raw().PUT("/zstack/v1/ai/models/{uuid}", {
            params: { path: { uuid } },
            body: { updateModel: { name: "x" } },
          }),
        );
        expect([error.status, error.code]).toEqual([503, "SYS.1003"]);
      },
    },
    DeleteModel: {
      success: async () => {
        const added = await addModel();
        expect(
          await job(
            raw().DELETE("/zstack/v1/ai/models/{uuid}", {
              params: { path: { uuid: added.uuid }, query: { deleteMode: "Enforcing" } },
            }),
          ),
        ).toEqual({});
        expect(await getModel(added.uuid)).toBeUndefined();
      },
      failure: async () => {
        const error = await jobFailure(
          sendingInvalid(() =>
            raw().DELETE("/zstack/v1/ai/models/{uuid}", {
              params: { path: { uuid: newUuid() }, query: { deleteMode: "Sometimes" as "Enforcing" } },
            }),
          ),
        );
        expect([error.status, error.code]).toEqual([503, "SYS.1007"]);
        expect(error.details).toContain("deleteMode");
      },
    },
    DeleteModels: {
      success: async () => {
        const added = await addModel();
        const unknown = newUuid();
        const result = await job(
          raw().DELETE("/zstack/v1/ai/models", { params: { query: { uuids: [added.uuid, unknown] } } }),
        );
        expect(result).toEqual({
          results: [
            { uuid: added.uuid, success: true },
            { uuid: unknown, success: true },
          ],
        });
      },
      failure: async () => {
        const error = await jobFailure(
          sendingInvalid(() => raw().DELETE("/zstack/v1/ai/models", { params: { query: { uuids: ["not-a-uuid"] } } })),
        );
        expect([error.status, error.code]).toEqual([503, "SYS.1007"]);
        expect(error.details).toContain("uuids");
      },
    },
    BindModelToService: {
      success: async () => {
        const [model, service] = [await addModel(), await addService("bind contract")];
        const { inventory } = await job(
          raw().POST(bindingPath, { ...pathOf(model.uuid, service.uuid), body: { param: {} } }),
        );
        expect(inventory).toMatchObject({
          uuid: service.uuid,
          modelServiceRefs: [{ modelUuid: model.uuid, modelServiceUuid: service.uuid, isDefault: false }],
        });
      },
      // Missing models and services are SYS.1003 (test/server/bindings.test.ts); the contract runs without that check.
      failure: () =>
        failsWithUnknownSession(contract, "POST", `/zstack/v1/ai/models/${newUuid()}/model-services/${newUuid()}`, {}),
    },
    UnbindModelFromService: {
      success: async () => {
        const [model, service] = [await addModel(), await addService("unbind contract")];
        await job(raw().POST(bindingPath, { ...pathOf(model.uuid, service.uuid), body: {} }));
        expect(await job(raw().DELETE(bindingPath, pathOf(model.uuid, service.uuid)))).toEqual({});
        expect((await getModel(model.uuid))!.modelServiceRefs).toEqual([]);
      },
      failure: () =>
        failsWithUnknownSession(contract, "DELETE", `/zstack/v1/ai/models/${newUuid()}/model-services/${newUuid()}`),
    },
  };
}
