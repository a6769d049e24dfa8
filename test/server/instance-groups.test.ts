// DeployModelService and the instance groups it makes, on SQLite with --deploy-seconds 0 (the lifecycle itself is
// watched in deployments-lifecycle.test.ts): the shared PUT, references, the instance's health paths, updates,
// deletes and what deleting a model service leaves.
import { beforeAll, describe, expect, it } from "vitest";
import { deploymentMainPath, groupCalls, groupsPath, servicePath } from "../helpers/instance-groups.js";
import { useServer, type TestServer } from "../helpers/server.js";
import { newUuid } from "../helpers/uuids.js";

let zs: TestServer;
let session: string;
let calls: ReturnType<typeof groupCalls>;
useServer({ db: ":memory:", deploySeconds: 0 }, (suite) => ({ zs, session } = suite));
beforeAll(async () => {
  calls = groupCalls(zs, session);
});

describe("DeployModelService", () => {
  it("deploys, answers livez, renames and deletes", () => deploymentMainPath(zs, session));

  it("shares UpdateModelService's PUT: the body's key decides", async () => {
    const service = await calls.newService("shared");
    const updated = await calls.settle(
      await calls.send("PUT", servicePath(service.uuid), { updateModelService: { requestCpu: 8 } }),
    );
    expect(updated.body.inventory).toMatchObject({ uuid: service.uuid, requestCpu: 8 });
    const deployed = await calls.deployAndSettle(service.uuid);
    expect(deployed.body.inventory).toMatchObject({ modelServiceUuid: service.uuid, status: "Running" });
  });

  it("answers 400 naming both keys when the body names neither, or both", async () => {
    const service = await calls.newService("neither");
    for (const body of [{}, { update: { name: "x" } }, { updateModelService: { name: "x" }, deployModelService: {} }]) {
      const answer = await calls.send("PUT", servicePath(service.uuid), body);
      expect(answer.status).toBe(400);
      expect(answer.body.error.details).toMatch(/`updateModelService` or `deployModelService`/);
    }
    expect((await calls.models.getService(service.uuid)).name).toBe("neither");
  });

  it("reports only the named API's argument errors, under its name", async () => {
    const service = await calls.newService("errors");
    const accepted = await calls.deploy(service.uuid, { type: "Pod", cpuNum: 0, zoneUuid: undefined });
    const job = await calls.settle(accepted);
    expect(job.status).toBe(503);
    expect(job.body.error.code).toBe("SYS.1007");
    const details: string = job.body.error.details;
    expect(details).toMatch(/deployModelService\.type: must be equal to one of the allowed values/);
    expect(details).toMatch(/deployModelService\.cpuNum: must be >= 1/);
    expect(details).toMatch(/deployModelService\.zoneUuid: is mandatory/);
    expect(details).not.toMatch(/updateModelService|oneOf|schema/);

    const update = await calls.settle(
      await calls.send("PUT", servicePath(service.uuid), { updateModelService: { requestCpu: "many" } }),
    );
    expect(update.body.error.details).toBe("updateModelService.requestCpu: must be integer");
  });

  it("fails SYS.1003 naming a model, a dataset or a service that does not exist", async () => {
    const service = await calls.newService("references");
    const model = newUuid();
    const noModel = await calls.deployAndSettle(service.uuid, { modelUuid: model });
    expect(noModel.body.error).toMatchObject({
      code: "SYS.1003",
      details: `invalid field[modelUuid], resource[uuid:${model}, type:ModelVO] not found`,
    });
    const dataset = newUuid();
    const noDataset = await calls.deployAndSettle(service.uuid, { datasetUuids: [dataset] });
    expect(noDataset.body.error.details).toBe(
      `invalid field[datasetUuids], resource[uuid:${dataset}, type:DatasetVO] not found`,
    );
    const missing = newUuid();
    const noService = await calls.deployAndSettle(missing);
    expect(noService.body.error.details).toBe(
      `invalid field[uuid], resource[uuid:${missing}, type:ModelServiceVO] not found`,
    );
    const count = await calls.send("GET", `${groupsPath}?count=true&q=modelServiceUuid=${service.uuid}`);
    expect(count.body.total).toBe(0);
  });

  it("keeps the datasets it names as datasetRefInventories", async () => {
    const service = await calls.newService("with-data");
    const center = (await calls.models.newModel()).modelCenterUuid;
    const created = await calls.settle(
      await calls.send("POST", "/zstack/v1/ai/datasets", {
        params: { name: "alpaca", url: "192.168.10.12:/ai/datasets/alpaca", modelCenterUuid: center },
      }),
    );
    const dataset = created.body.inventory.uuid;
    const job = await calls.deployAndSettle(service.uuid, { datasetUuids: [dataset, dataset] });
    expect(job.body.inventory.datasetRefInventories).toEqual([
      {
        uuid: expect.stringMatching(/^[0-9a-f]{32}$/),
        datasetUuid: dataset,
        modelServiceInstanceGroupUuid: job.body.inventory.uuid,
      },
    ]);
  });
});

describe("instance groups", () => {
  it("are queried by status, with and without ZStack's trailing slash", async () => {
    const service = await calls.newService("queried");
    const group = (await calls.deployAndSettle(service.uuid, { name: "queried-group" })).body.inventory;
    for (const path of [groupsPath, `${groupsPath}/`]) {
      const answer = await calls.send("GET", `${path}?q=name=queried-group&q=status=Running`);
      expect(answer.status).toBe(200);
      expect(answer.body.inventories.map((g: { uuid: string }) => g.uuid)).toEqual([group.uuid]);
    }
    expect((await calls.send("GET", `${groupsPath}/${group.uuid}/`)).body.inventories[0].uuid).toBe(group.uuid);
  });

  it("outlive their model service, without it", async () => {
    const service = await calls.newService("deleted");
    const group = (await calls.deployAndSettle(service.uuid)).body.inventory;
    const deleted = await calls.settle(await calls.send("DELETE", servicePath(service.uuid)));
    expect(deleted.status).toBe(200);
    const after = await calls.getGroup(group.uuid);
    expect(after).toMatchObject({ uuid: group.uuid, status: "Running" });
    expect(after).not.toHaveProperty("modelServiceUuid");
    expect(
      (await calls.send("GET", `${groupsPath}?q=modelServiceUuid is null&q=uuid=${group.uuid}`)).body.inventories,
    ).toHaveLength(1);
  });

  it("fail an update of an unknown group with SYS.1003, and a delete of one succeeds", async () => {
    const uuid = newUuid();
    const update = await calls.update(uuid, { name: "x" });
    expect(update.body.error).toMatchObject({
      code: "SYS.1003",
      details: `invalid field[uuid], resource[uuid:${uuid}, type:ModelServiceInstanceGroupVO] not found`,
    });
    expect((await calls.remove(uuid)).body).toEqual({});
  });

  it("are deleted in a batch, unknown uuids included", async () => {
    const service = await calls.newService("batch");
    const a = (await calls.deployAndSettle(service.uuid)).body.inventory.uuid;
    const b = (await calls.deployAndSettle(service.uuid)).body.inventory.uuid;
    const unknown = newUuid();
    const job = await calls.settle(await calls.send("DELETE", `${groupsPath}?uuids=${a}&uuids=${b}&uuids=${unknown}`));
    expect(job.body.results).toEqual([
      { uuid: a, success: true },
      { uuid: b, success: true },
      { uuid: unknown, success: true },
    ]);
    expect(await calls.getGroup(a)).toBeUndefined();
    expect(await calls.getGroup(b)).toBeUndefined();
  });
});

describe("an instance's endpoints", () => {
  it("answer the YAML's paths (or /livez and /readyz) without a session, 501 elsewhere", async () => {
    const service = await calls.newService("plain");
    const [instance] = (await calls.deployAndSettle(service.uuid)).body.inventory.instances;
    expect(await calls.probe(instance.url, "/livez")).toEqual({
      status: 200,
      body: { status: "Running", instanceUuid: instance.uuid },
    });
    expect((await calls.probe(instance.url, "/readyz/")).status).toBe(200);
    const other = await calls.probe(instance.url, "/v1/chat/completions");
    expect(other.status).toBe(501);
    expect(other.body.error.details).toMatch(/no model runs/);
  });

  it("prefer the group's own paths, given at deploy, over the YAML's", async () => {
    const service = await calls.newService("own-paths", {
      yaml: "services:\n  - name: web\n    livez: /yaml-live\n",
    });
    const [instance] = (await calls.deployAndSettle(service.uuid, { serviceLivez: "/a/b/live" })).body.inventory
      .instances;
    expect((await calls.probe(instance.url, "/a/b/live")).status).toBe(200);
    expect((await calls.probe(instance.url, "/yaml-live")).status).toBe(501);
    expect((await calls.probe(instance.url, "/readyz")).status).toBe(200);
  });

  it("answer 404 for an instance that does not exist", async () => {
    const answer = await calls.probe(zs.url, `/model-service-instances/${newUuid()}/livez`);
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe("SYS.1008");
  });
});
