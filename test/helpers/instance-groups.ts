// Calls on deployments and instance groups for server tests, over HTTP: a model service to deploy, DeployModelService
// sent and its job polled until it ends, the group read back, an instance's health paths; and the main path (deploy →
// Running → livez → rename → delete), run on SQLite and on PostgreSQL.
import { expect } from "vitest";
import { documentModelParam, modelCalls } from "./models.js";
import type { Answer, Json, TestServer } from "./server.js";

export const groupsPath = "/zstack/v1/ai/model-services/instances/groups";
export const updateGroupPath = (uuid: string) => `/zstack/v1/model-service-instance-groups/${uuid}`;
export const servicePath = (uuid: string) => `/zstack/v1/ai/model-services/${uuid}`;

/** A DeployModelService body with the required fields and `changes`. */
export function deployBody(changes: Json = {}, topLevel: Json = {}): Json {
  return {
    deployModelService: { name: "qwen-endpoint", zoneUuid: "zoneUuidExample", type: "Container", ...changes },
    ...topLevel,
  };
}

export function groupCalls(zs: TestServer, session: string) {
  const models = modelCalls(zs, session);
  const send = (method: string, path: string, body?: Json) =>
    zs.call(path, { method, headers: zs.auth(session), body });
  /** Polls a job until it ends (202 `{}` while it runs), or `timeoutMs` passes. */
  const settle = async (accepted: Answer, timeoutMs = 10_000): Promise<Answer> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const answer = await zs.poll(session, accepted);
      if (answer.status !== 202 || Date.now() > until) return answer;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const getGroup = async (uuid: string): Promise<Json | undefined> =>
    (await send("GET", `${groupsPath}/${uuid}`)).body.inventories[0];
  return {
    models,
    /** A model service in the model center that `models` makes (references are checked). */
    newService: (name: string, changes: Json = {}) =>
      models.newService(name, { modelCenterUuid: documentModelParam.modelCenterUuid, ...changes }),
    send,
    settle,
    getGroup,
    /** Sends DeployModelService for service `uuid`: the 202. */
    deploy: (uuid: string, changes: Json = {}, topLevel: Json = {}) =>
      send("PUT", servicePath(uuid), deployBody(changes, topLevel)),
    /** Deploys and waits for the job's end: its answer. */
    deployAndSettle: async (uuid: string, changes: Json = {}) =>
      settle(await send("PUT", servicePath(uuid), deployBody(changes))),
    update: async (uuid: string, changes: Json) =>
      settle(await send("PUT", updateGroupPath(uuid), { updateModelServiceInstanceGroup: changes })),
    remove: async (uuid: string) => settle(await send("DELETE", `${groupsPath}/${uuid}`)),
    /** An instance's path answer (no session, as a real instance needs none). */
    probe: async (url: string, path: string) => {
      const response = await fetch(`${url}${path}`);
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}

/** Deploy → Running → livez → rename → delete: the path every store must serve alike. */
export async function deploymentMainPath(zs: TestServer, session: string): Promise<void> {
  const calls = groupCalls(zs, session);
  const service = await calls.newService("deployed", {
    yaml: "services:\n  - name: web\n    ports:\n      - 3000\n    livez: /health/live\n    readyz: /health/ready\n",
  });
  const model = await calls.models.newModel();
  const job = await calls.deployAndSettle(service.uuid, { modelUuid: model.uuid, description: "first" });
  expect(job.status, JSON.stringify(job.body)).toBe(200);
  const group = job.body.inventory;
  expect(group).toMatchObject({
    modelServiceUuid: service.uuid,
    modelUuid: model.uuid,
    name: "qwen-endpoint",
    description: "first",
    status: "Running",
    type: "Container",
    modelServiceType: "Endpoint",
    datasetRefInventories: [],
  });
  const [instance] = group.instances;
  expect(instance).toMatchObject({ modelServiceGroupUuid: group.uuid, status: "Running" });
  expect(instance.url).toBe(`${zs.url}/model-service-instances/${instance.uuid}`);
  expect(await calls.getGroup(group.uuid)).toEqual(group);
  expect(await calls.probe(instance.url, "/health/live")).toMatchObject({ status: 200 });
  expect(await calls.probe(instance.url, "/health/ready")).toMatchObject({ status: 200 });

  const renamed = await calls.update(group.uuid, { name: "renamed", serviceLivez: "/alive" });
  expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
  expect(renamed.body.inventory).toMatchObject({ uuid: group.uuid, name: "renamed", status: "Running" });
  expect(renamed.body.inventory.instances).toHaveLength(1);
  expect(await calls.probe(instance.url, "/alive")).toMatchObject({ status: 200 });
  expect((await calls.probe(instance.url, "/health/live")).status).toBe(501);

  expect((await calls.remove(group.uuid)).body).toEqual({});
  expect(await calls.getGroup(group.uuid)).toBeUndefined();
  expect((await calls.probe(instance.url, "/alive")).status).toBe(404);
}
