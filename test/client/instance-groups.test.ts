// Deployments through the client, against the real server: the shared PUT as two methods (updateModelService and
// deployModelService), deployModelService resolving with the group once it is Running, the instance groups'
// methods, CloneModelService, and the SDK-style DeployModelServiceAction.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actions, createZStackClient, type ZStackApiError } from "../../client/index.js";
import { documentModelParam } from "../helpers/models.js";
import { admin, minimalParam, startServer, type TestServer } from "../helpers/server.js";
import { newUuid } from "../helpers/uuids.js";

let server: TestServer;
const connect = () => createZStackClient({ baseUrl: server.url, pollInterval: 20 });
type Client = ReturnType<typeof connect>;
let client: Client;
let center: string;

beforeAll(async () => {
  server = await startServer({ db: ":memory:", deploySeconds: 0.3 });
  client = connect();
  await client.login(admin);
  center = (
    await client.addModelCenter({
      name: "center",
      url: "192.168.10.12:/ai/model_center",
      managementIp: "192.168.10.12",
      managementPort: 5000,
    })
  ).uuid;
});
afterAll(async () => server?.close());

const newService = (name: string) => client.addModelService({ ...minimalParam(name), modelCenterUuid: center });

describe("the shared PUT", () => {
  it("is updateModelService and deployModelService; deploy resolves once the group is Running", async () => {
    const service = await newService("client-deployed");
    const updated = await client.updateModelService(service.uuid, { requestCpu: 4 });
    expect(updated).toMatchObject({ uuid: service.uuid, requestCpu: 4 });

    const model = await client.addModel({ ...documentModelParam, modelCenterUuid: center });
    const group = await client.deployModelService(service.uuid, {
      name: "endpoint",
      zoneUuid: "zone",
      type: "Container",
      modelUuid: model.uuid,
    });
    expect(group).toMatchObject({ modelServiceUuid: service.uuid, modelUuid: model.uuid, status: "Running" });
    expect(group.instances?.[0]?.status).toBe("Running");
    const live = await fetch(`${group.instances![0]!.url}/livez`);
    expect(live.status).toBe(200);
  });

  it("rejects a deployment of a model service that does not exist (SYS.1003)", async () => {
    const error = await client
      .deployModelService(newUuid(), { name: "x", zoneUuid: "zone", type: "VirtualMachine" })
      .catch((e: ZStackApiError) => e);
    expect(error).toMatchObject({ code: "SYS.1003" });
  });
});

describe("instance groups", () => {
  it("are queried, got, iterated, updated and deleted", async () => {
    const service = await newService("client-groups");
    const group = await client.deployModelService(service.uuid, { name: "g", zoneUuid: "z", type: "Container" });
    const { inventories } = await client.queryModelServiceInstanceGroups({ q: [`uuid=${group.uuid}`] });
    expect(inventories).toEqual([group]);
    expect(await client.getModelServiceInstanceGroup(group.uuid)).toEqual(group);
    const seen = [];
    for await (const found of client.iterateModelServiceInstanceGroups({ q: ["status=Running"], pageSize: 1 }))
      seen.push(found.uuid);
    expect(seen).toContain(group.uuid);

    const renamed = await client.updateModelServiceInstanceGroup(group.uuid, { name: "renamed" });
    expect(renamed).toMatchObject({ uuid: group.uuid, name: "renamed" });
    await client.deleteModelServiceInstanceGroup(group.uuid);
    expect(await client.getModelServiceInstanceGroup(group.uuid)).toBeUndefined();
    const results = await client.deleteModelServiceInstanceGroups({ uuids: [group.uuid] });
    expect(results).toEqual([{ uuid: group.uuid, success: true }]);
  });
});

describe("CloneModelService", () => {
  it("makes a new service from the source, overridden by the request", async () => {
    const source = await newService("source");
    const clone = await client.cloneModelService(source.uuid, { name: "copy", requestCpu: 2 });
    expect(clone.uuid).not.toBe(source.uuid);
    expect(clone).toMatchObject({ name: "copy", requestCpu: 2, yaml: source.yaml, installPath: source.installPath });
    const error = await client.cloneModelService(newUuid(), {}).catch((e: ZStackApiError) => e);
    expect(error).toMatchObject({ code: "SYS.1003" });
  });
});

describe("SDK-style actions", () => {
  it("DeployModelServiceAction and UpdateModelServiceAction share the PUT", async () => {
    const service = await newService("sdk-deployed");
    const update = new actions.UpdateModelServiceAction();
    Object.assign(update, { uuid: service.uuid, description: "for the SDK", baseUrl: server.url });
    update.sessionId = client.sessionId;
    update.pollingInterval = 20;
    expect((await update.call()).throwExceptionIfError().value.inventory.description).toBe("for the SDK");

    const deploy = new actions.DeployModelServiceAction();
    Object.assign(deploy, { uuid: service.uuid, name: "sdk", zoneUuid: "z", type: "VirtualMachine" });
    deploy.baseUrl = server.url;
    deploy.sessionId = client.sessionId;
    deploy.pollingInterval = 20;
    const { value } = (await deploy.call()).throwExceptionIfError();
    expect(value.inventory).toMatchObject({
      modelServiceUuid: service.uuid,
      status: "Running",
      type: "VirtualMachine",
    });
  });
});
