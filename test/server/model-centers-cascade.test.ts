// DeleteModelCenter's cascade and the capacity's sums over models and datasets, over HTTP: a center's models (and
// so their bindings) and datasets go with it, its model services stay. Sizes no request sets (a dataset's) are
// written to the database file beside the server, which sees them at its next read.
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { minimalParam, startServer, type TestServer, tempDir } from "../helpers/server.js";
import { newUuid } from "../../server/zstack/uuids.js";

const folder = tempDir("centers-cascade");
const file = join(folder.dir, "server.db");
let zs: TestServer;
let session: string;

beforeAll(async () => {
  zs = await startServer({}, folder.dir);
  session = await zs.login();
});
afterAll(async () => {
  await zs?.close();
  folder.remove();
});

const centers = "/zstack/v1/ai/model-centers";
const send = async (method: string, path: string, body?: object) => {
  const answer = await zs.call(path, { method, headers: zs.auth(session), body });
  return method === "GET" ? answer : zs.poll(session, answer);
};
const addCenter = async (name: string) =>
  (
    await send("POST", centers, {
      param: { name, url: "192.168.10.12:/ai/model_center", managementIp: "172.25.141.105", managementPort: 5000 },
    })
  ).body.inventory;

/** Runs `work` on the database file beside the server (WAL: the server sees it at its next read). */
function onFile<T>(work: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

const addModel = async (center: string, size: number) =>
  (
    await send("POST", "/zstack/v1/ai/models", {
      param: { name: "m", installPath: "/m", modelCenterUuid: center, size },
    })
  ).body.inventory;
const addDataset = async (center: string) =>
  (await send("POST", "/zstack/v1/ai/datasets", { params: { name: "d", url: "/d", modelCenterUuid: center } })).body
    .inventory;

it("sums the size of a center's models and datasets into its capacity", async () => {
  const [center, other] = [await addCenter("sums"), await addCenter("other")];
  await addModel(center.uuid, 300);
  await addModel(center.uuid, 200);
  await addModel(other.uuid, 9);
  const dataset = await addDataset(center.uuid);
  onFile((db) => db.prepare("UPDATE datasets SET size = 42 WHERE uuid = ?").run(dataset.uuid));
  const [inventory] = (await send("GET", `${centers}/${center.uuid}`)).body.inventories;
  expect(inventory.capacity).toMatchObject({
    modelUsedCapacity: 500,
    datasetUsedCapacity: 42,
    modelServiceUsedCapacity: 0,
  });
});

it("takes the center's models, their bindings and its datasets with it, and nothing of another center", async () => {
  const [center, other] = [await addCenter("doomed"), await addCenter("spared")];
  const [model, otherModel] = [await addModel(center.uuid, 1), await addModel(other.uuid, 1)];
  const service = (
    await send("POST", "/zstack/v1/ai/model-services", {
      param: { ...minimalParam("bound"), modelCenterUuid: center.uuid },
    })
  ).body.inventory;
  for (const m of [model, otherModel])
    await send("POST", `/zstack/v1/ai/models/${m.uuid}/model-services/${service.uuid}`, {});
  await addDataset(center.uuid);
  await addDataset(other.uuid);
  expect((await send("DELETE", `${centers}/${center.uuid}`)).body).toEqual({});
  const left = onFile((db) => ({
    models: db
      .prepare("SELECT model_center_uuid FROM models WHERE model_center_uuid IN (?, ?)")
      .pluck()
      .all(center.uuid, other.uuid),
    datasets: db
      .prepare("SELECT model_center_uuid FROM datasets WHERE model_center_uuid IN (?, ?)")
      .pluck()
      .all(center.uuid, other.uuid),
    refs: db
      .prepare("SELECT model_uuid FROM model_service_refs WHERE model_service_uuid = ?")
      .pluck()
      .all(service.uuid),
  }));
  expect(left).toEqual({ models: [other.uuid], datasets: [other.uuid], refs: [otherModel.uuid] });
  expect((await send("GET", `${centers}/${other.uuid}`)).body.inventories).toHaveLength(1);
  // The service stays, keeping its modelCenterUuid: ZStack's schema has no cascade there.
  expect((await send("GET", `/zstack/v1/ai/model-services/${service.uuid}`)).body.inventories[0]).toMatchObject({
    modelCenterUuid: center.uuid,
    modelServiceRefs: [{ modelUuid: otherModel.uuid }],
  });
});

it("touches nothing when the uuid names no center", async () => {
  const before = onFile((db) => db.prepare("SELECT count(*) FROM models").pluck().get());
  expect((await send("DELETE", `${centers}/${newUuid()}`)).body).toEqual({});
  expect(onFile((db) => db.prepare("SELECT count(*) FROM models").pluck().get())).toBe(before);
});
