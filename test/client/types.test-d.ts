// Type tests: `npm run typecheck` (tsc over test/) compiles this file, so every `@ts-expect-error` below must
// really be an error and every `expectTypeOf` must hold. It is never run.
import { expectTypeOf } from "vitest";
import {
  AddModelServiceAction,
  QueryModelServiceAction,
  UpdateModelServiceAction,
  createZStackClient,
  type ModelServiceInventory,
  type ZStackApiError,
} from "../../client/index.js";

const required = {
  name: "svc",
  yaml: "services: []",
  modelCenterUuid: "mc",
  requestCpu: 1,
  requestMemory: 1024,
  installPath: "/opt/svc",
  startCommand: "python3 app.py",
};

async function versions() {
  const newest = createZStackClient({ baseUrl: "http://zstack" });
  expectTypeOf(newest.apiVersion).toEqualTypeOf<"5.5.22">();
  await newest.addModelService({ ...required, containerCommand: "run", supportDistributed: true });

  const v5328 = createZStackClient({ baseUrl: "http://zstack", apiVersion: "5.3.28" });
  expectTypeOf(v5328.apiVersion).toEqualTypeOf<"5.3.28">();
  await v5328.addModelService({ ...required, source: "HuggingFace" });
  // @ts-expect-error containerCommand arrived in 5.5.22
  await v5328.addModelService({ ...required, containerCommand: "run" });
  // @ts-expect-error supportDistributed arrived in 5.3.46
  await v5328.updateModelService("u", { supportDistributed: true });

  const v518 = createZStackClient({ baseUrl: "http://zstack", apiVersion: "5.1.8" });
  // @ts-expect-error source arrived in 5.3.28
  await v518.addModelService({ ...required, source: "Other" });

  // @ts-expect-error not an API version
  createZStackClient({ baseUrl: "http://zstack", apiVersion: "5.0.0" });
}

async function wrongFieldsAndTypes() {
  const client = createZStackClient({ baseUrl: "http://zstack" });
  // @ts-expect-error a typo is not a field
  await client.addModelService({ ...required, requestMemery: 1 });
  // @ts-expect-error requestCpu is a number
  await client.addModelService({ ...required, requestCpu: "4" });
  // @ts-expect-error a required field is missing
  await client.addModelService({
    name: "svc",
    yaml: "x",
    modelCenterUuid: "mc",
    requestCpu: 1,
    requestMemory: 1,
    installPath: "/",
  });
  // @ts-expect-error type is one of the enum's values
  await client.addModelService({ ...required, type: "Inference" });
  // @ts-expect-error unknown field in an update
  await client.updateModelService("u", { nmae: "x" });
  // @ts-expect-error deleteMode is Permissive or Enforcing
  await client.deleteModelService("u", { deleteMode: "Force" });
}

async function deployments() {
  const client = createZStackClient({ baseUrl: "http://zstack" });
  const group = await client.deployModelService("u", { name: "g", zoneUuid: "z", type: "Container" });
  expectTypeOf(group.status).toEqualTypeOf<string | undefined>();
  expectTypeOf(group.instances?.[0]?.url).toEqualTypeOf<string | undefined>();
  // @ts-expect-error type is VirtualMachine or Container
  await client.deployModelService("u", { name: "g", zoneUuid: "z", type: "Pod" });
  // @ts-expect-error zoneUuid is required
  await client.deployModelService("u", { name: "g", type: "Container" });
  // @ts-expect-error an update's field is not a deployment's
  await client.deployModelService("u", { name: "g", zoneUuid: "z", type: "Container", requestCpu: 2 });
  const v5320 = createZStackClient({ baseUrl: "http://zstack", apiVersion: "5.3.20" });
  // @ts-expect-error serviceLivez arrived in 5.4.6
  await v5320.deployModelService("u", { name: "g", zoneUuid: "z", type: "Container", serviceLivez: "/l" });
  const v518 = createZStackClient({ baseUrl: "http://zstack", apiVersion: "5.1.8" });
  // @ts-expect-error CloneModelService arrived in 5.3.20
  await v518.cloneModelService("u", {});
}

async function queries() {
  const client = createZStackClient({ baseUrl: "http://zstack" });
  await client.queryModelServices({
    q: [
      "type=Endpoint",
      { field: "requestCpu", op: ">=", value: 2 },
      { field: "type", op: "?=", value: ["Endpoint", "App"] },
    ],
    sort: "-createDate",
    fields: ["name", "requestCpu"],
  });
  await client.queryModelServices({
    q: [
      { field: "createDate", op: ">", value: new Date() },
      { field: "description", op: "is null" },
    ],
  });
  // @ts-expect-error requestCpu compares with numbers
  await client.queryModelServices({ q: [{ field: "requestCpu", op: ">=", value: "2" }] });
  // @ts-expect-error not an inventory field
  await client.queryModelServices({ q: [{ field: "cpu", op: "=", value: 2 }] });
  // @ts-expect-error not an operator
  await client.queryModelServices({ q: [{ field: "name", op: "==", value: "x" }] });
  // @ts-expect-error sort names an inventory field
  await client.queryModelServices({ sort: "-created" });
  // @ts-expect-error fields name inventory fields
  await client.queryModelServices({ fields: ["nmae"] });
}

async function resultsAreTyped() {
  const client = createZStackClient({ baseUrl: "http://zstack", apiVersion: "5.3.46" });
  const added = await client.addModelService(required);
  expectTypeOf(added.uuid).toEqualTypeOf<string>();
  expectTypeOf(added.requestCpu).toEqualTypeOf<number | undefined>();
  expectTypeOf(added.createDate).toEqualTypeOf<string | undefined>();
  expectTypeOf(added).toEqualTypeOf<ModelServiceInventory<"5.3.46">>();
  expectTypeOf(await client.getModelService("u")).toEqualTypeOf<ModelServiceInventory<"5.3.46"> | undefined>();
  const { inventories, total } = await client.queryModelServices();
  expectTypeOf(inventories).toEqualTypeOf<ModelServiceInventory<"5.3.46">[]>();
  expectTypeOf(total).toEqualTypeOf<number | undefined>();
  for await (const service of client.iterateModelServices({ pageSize: 10 }))
    expectTypeOf(service.name).toEqualTypeOf<string | undefined>();
  expectTypeOf(client.deleteModelService("u")).resolves.toBeVoid();

  const dated = createZStackClient({ baseUrl: "http://zstack", dates: "date" });
  const inventory = await dated.addModelService(required);
  expectTypeOf(inventory.createDate).toEqualTypeOf<Date | undefined>();
  expectTypeOf(inventory.modelServiceImages![0]!.lastOpDate).toEqualTypeOf<Date | undefined>();
  expectTypeOf((await dated.login({ accountName: "admin", password: "password" })).expiredDate).toEqualTypeOf<
    Date | undefined
  >();
  // @ts-expect-error dates are Dates in this mode
  const text: string | undefined = inventory.createDate;
  void text;

  // The raw openapi-fetch client is typed for the client's version too.
  const { data } = await client.raw.GET("/zstack/v1/ai/model-services/{uuid}", { params: { path: { uuid: "u" } } });
  expectTypeOf(data?.inventories).toEqualTypeOf<ModelServiceInventory<"5.3.46">[] | undefined>();
  // @ts-expect-error no such path
  await client.raw.GET("/zstack/v1/ai/model-service", {});
}

async function actions() {
  const add = new AddModelServiceAction();
  add.name = "svc";
  add.requestCpu = 4;
  // @ts-expect-error requestCpu is a number
  add.requestCpu = "4";
  // @ts-expect-error a typo is not a field
  add.requestMemery = 1;
  add.sessionId = "s";
  add.timeout = 1000;
  add.pollingInterval = 100;
  const result = await add.call();
  expectTypeOf(result.error).toEqualTypeOf<ZStackApiError["errorCode"] | null>();
  expectTypeOf(result.throwExceptionIfError().value.inventory.uuid).toEqualTypeOf<string>();

  const update = new UpdateModelServiceAction();
  update.uuid = "u";
  update.containerArgs = "--x";
  const query = new QueryModelServiceAction();
  query.conditions = ["name=x"];
  expectTypeOf((await query.call()).throwExceptionIfError().value.inventories).toEqualTypeOf<
    ModelServiceInventory<"5.5.22">[]
  >();
}

void [versions, wrongFieldsAndTypes, deployments, queries, resultsAreTyped, actions];
