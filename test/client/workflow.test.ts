// Issue 15's sequence, through the typed client and through the SDK-style actions, on SQLite and on PostgreSQL:
// add a center, a model, a model service naming both; bind a second model; create a dataset; query each; delete
// the center and see its models, datasets and bindings go while the service stays.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  actions,
  createZStackClient,
  LogInByAccountAction,
  sha512Hex,
  ZSClient,
  type ZStackClient,
} from "../../client/index.js";
import { createTestSchema, describeOnPostgres, type TestSchema } from "../helpers/postgres.js";
import { admin, centerParam, minimalParam, startServer, type TestServer } from "../helpers/server.js";

const modelParam = (name: string, modelCenterUuid: string) => ({
  name,
  installPath: `192.168.10.12:/ai/model_center/${name}`,
  modelCenterUuid,
  size: 1000,
});

function defineWorkflow(store: "SQLite" | "PostgreSQL"): void {
  let server: TestServer;
  let schema: TestSchema | undefined;
  beforeAll(async () => {
    schema = store === "PostgreSQL" ? await createTestSchema("workflow") : undefined;
    server = await startServer(schema ? { db: schema.url } : {});
  });
  afterAll(async () => {
    await server?.close();
    await schema?.drop();
  });

  it("through the typed client", async () => {
    const client: ZStackClient = createZStackClient({ baseUrl: server.url, pollInterval: 20 });
    await client.login(admin);
    const center = await client.addModelCenter(centerParam);
    const first = await client.addModel(modelParam("first", center.uuid));
    const service = await client.addModelService({
      ...minimalParam("workflow"),
      modelCenterUuid: center.uuid,
      modelUuids: [first.uuid],
    });
    const second = await client.addModel(modelParam("second", center.uuid));
    const bound = await client.bindModelToService(second.uuid, service.uuid);
    expect((bound.modelServiceRefs ?? []).map((ref) => [ref.modelUuid, ref.isDefault])).toEqual(
      expect.arrayContaining([
        [first.uuid, true],
        [second.uuid, false],
      ]),
    );
    const dataset = await client.createDataset({
      name: "alpaca",
      url: "192.168.10.12:/ds",
      modelCenterUuid: center.uuid,
    });

    const [counted] = (await client.queryModelCenters({ q: [`uuid=${center.uuid}`] })).inventories;
    expect(counted!.capacity).toMatchObject({ modelUsedCapacity: 2000, datasetUsedCapacity: 0 });
    expect((await client.queryModels({ q: [`modelCenterUuid=${center.uuid}`], count: true })).total).toBe(2);
    expect((await client.getDataset(dataset.uuid))?.name).toBe("alpaca");

    await client.deleteModelCenter(center.uuid);
    expect((await client.queryModels({ q: [`modelCenterUuid=${center.uuid}`], count: true })).total).toBe(0);
    expect(await client.getDataset(dataset.uuid)).toBeUndefined();
    const left = await client.getModelService(service.uuid);
    expect(left).toMatchObject({ modelCenterUuid: center.uuid, modelServiceRefs: [] });
  });

  it("through the SDK-style actions", async () => {
    ZSClient.configure({ baseUrl: server.url, pollingInterval: 20 });
    try {
      const login = new LogInByAccountAction();
      login.accountName = admin.accountName;
      login.password = await sha512Hex(admin.password);
      const sessionId = (await login.call()).throwExceptionIfError().value.inventory.uuid;
      const run = async <T>(action: { sessionId?: string; call(): Promise<T> }, fields: object) => {
        Object.assign(action, fields, { sessionId });
        return action.call();
      };
      const value = (result: unknown) =>
        (result as { throwExceptionIfError(): { value: { inventory: { uuid: string } } } }).throwExceptionIfError()
          .value.inventory;

      const center = value(await run(new actions.AddModelCenterAction(), centerParam));
      const model = value(await run(new actions.AddModelAction(), modelParam("by action", center.uuid)));
      const service = value(
        await run(new actions.AddModelServiceAction(), {
          ...minimalParam("by action"),
          modelCenterUuid: center.uuid,
          modelUuids: [model.uuid],
        }),
      );
      const missing = await run(new actions.BindModelToServiceAction(), {
        modelUuid: "0123456789ab4def8123456789abcd00",
        modelServiceUuid: service.uuid,
      });
      expect((missing as { error: unknown }).error).toMatchObject({ code: "SYS.1003" });
      const dataset = value(
        await run(new actions.CreateDatasetAction(), {
          name: "ds",
          url: "192.168.10.12:/ds",
          modelCenterUuid: center.uuid,
        }),
      );

      const query = new actions.QueryDatasetAction();
      query.conditions = [`modelCenterUuid=${center.uuid}`];
      query.sessionId = sessionId;
      expect((await query.call()).throwExceptionIfError().value.inventories.map((d) => d.uuid)).toEqual([dataset.uuid]);

      expect(
        ((await run(new actions.DeleteModelCenterAction(), { uuid: center.uuid })) as { error: unknown }).error,
      ).toBeNull();
      expect((await query.call()).throwExceptionIfError().value.inventories).toEqual([]);
      const models = new actions.QueryModelAction();
      models.conditions = [`uuid=${model.uuid}`];
      models.sessionId = sessionId;
      expect((await models.call()).throwExceptionIfError().value.inventories).toEqual([]);
    } finally {
      ZSClient.configure({});
    }
  });
}

describe("the workflow on SQLite", () => defineWorkflow("SQLite"));
describeOnPostgres("the workflow on PostgreSQL", () => defineWorkflow("PostgreSQL"));
