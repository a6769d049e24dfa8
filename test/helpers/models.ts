// Calls on models and bindings for server tests: each asynchronous call is sent and its job polled.
import { type Answer, type Json, minimalParam, type TestServer, testCenterUuid } from "./server.js";

/** AddModel's example values from ZStack's AddModel page. */
export const documentModelParam = {
  name: "Qwen_1.5_23B",
  installPath: "192.168.10.12:/ai/model_center/Qwen_1.5_23B",
  description: "Qwen 1.5",
  // A real center (references are checked), made by modelCalls before its first call.
  modelCenterUuid: testCenterUuid,
  vendor: "Alibaba",
  size: 102400,
  version: "CustomizeVersion",
};

export function modelCalls(zs: TestServer, session: string) {
  const send = async (method: string, path: string, body?: Json): Promise<Answer> =>
    zs.poll(session, await zs.call(path, { method, headers: zs.auth(session), body }));
  const job = async (method: string, path: string, body?: Json): Promise<Answer> => {
    await zs.ensureCenter(session);
    return send(method, path, body);
  };
  const inventoryOf = (answer: Answer): Json => {
    if (answer.status !== 200) throw new Error(`job failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.inventory;
  };
  const binding = (modelUuid: string, serviceUuid: string) =>
    `/zstack/v1/ai/models/${modelUuid}/model-services/${serviceUuid}`;
  return {
    job,
    addModel: (changes: Json = {}, topLevel: Json = {}) =>
      job("POST", "/zstack/v1/ai/models", { param: { ...documentModelParam, ...changes }, ...topLevel }),
    newModel: async (changes: Json = {}) =>
      inventoryOf(await job("POST", "/zstack/v1/ai/models", { param: { ...documentModelParam, ...changes } })),
    newService: async (name = "service", changes: Json = {}) =>
      inventoryOf(await job("POST", "/zstack/v1/ai/model-services", { param: { ...minimalParam(name), ...changes } })),
    updateModel: (uuid: string, changes: Json) => job("PUT", `/zstack/v1/ai/models/${uuid}`, { updateModel: changes }),
    bind: (modelUuid: string, serviceUuid: string, body: Json = {}) =>
      job("POST", binding(modelUuid, serviceUuid), body),
    unbind: (modelUuid: string, serviceUuid: string) => job("DELETE", binding(modelUuid, serviceUuid)),
    getModel: async (uuid: string): Promise<Json> =>
      (await zs.call(`/zstack/v1/ai/models/${uuid}`, { headers: zs.auth(session) })).body.inventories[0],
    getService: async (uuid: string): Promise<Json> =>
      (await zs.call(`/zstack/v1/ai/model-services/${uuid}`, { headers: zs.auth(session) })).body.inventories[0],
    countModels: async (): Promise<number> =>
      (await zs.call("/zstack/v1/ai/models?count=true", { headers: zs.auth(session) })).body.total,
    inventoryOf,
  };
}
