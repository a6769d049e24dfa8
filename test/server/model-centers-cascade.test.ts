// DeleteModelCenter's cascade and the capacity's sums over models and datasets, against stand-ins for the
// `models`, `datasets` and `model_service_refs` tables (their own resources bring the real ones): made in the
// database file before the server starts, so the server finds them as resource tables, as it will the real ones.
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, type TestServer, tempDir } from "../helpers/server.js";
import { newUuid } from "../../server/zstack/uuids.js";

const folder = tempDir("centers-cascade");
const file = join(folder.dir, "server.db");
let zs: TestServer;
let session: string;

beforeAll(async () => {
  const db = new Database(file);
  db.exec(`
    CREATE TABLE models (uuid TEXT PRIMARY KEY, model_center_uuid TEXT NOT NULL, size BIGINT, details TEXT NOT NULL);
    CREATE TABLE datasets (uuid TEXT PRIMARY KEY, model_center_uuid TEXT NOT NULL, size BIGINT, details TEXT NOT NULL);
    CREATE TABLE model_service_refs (uuid TEXT PRIMARY KEY, model_uuid TEXT NOT NULL, model_service_uuid TEXT NOT NULL, details TEXT NOT NULL);
  `);
  db.close();
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

it("sums the size of a center's models and datasets into its capacity", async () => {
  const [center, other] = [await addCenter("sums"), await addCenter("other")];
  onFile((db) => {
    const model = db.prepare("INSERT INTO models VALUES (?, ?, ?, '{}')");
    const dataset = db.prepare("INSERT INTO datasets VALUES (?, ?, ?, '{}')");
    model.run(newUuid(), center.uuid, 300);
    model.run(newUuid(), center.uuid, 200);
    model.run(newUuid(), other.uuid, 9);
    dataset.run(newUuid(), center.uuid, 42);
  });
  const [inventory] = (await send("GET", `${centers}/${center.uuid}`)).body.inventories;
  expect(inventory.capacity).toMatchObject({
    modelUsedCapacity: 500,
    datasetUsedCapacity: 42,
    modelServiceUsedCapacity: 0,
  });
});

it("takes the center's models, their bindings and its datasets with it, and nothing of another center", async () => {
  const [center, other] = [await addCenter("doomed"), await addCenter("spared")];
  const [model, otherModel, service] = [newUuid(), newUuid(), newUuid()];
  onFile((db) => {
    db.prepare("INSERT INTO models VALUES (?, ?, 1, '{}')").run(model, center.uuid);
    db.prepare("INSERT INTO models VALUES (?, ?, 1, '{}')").run(otherModel, other.uuid);
    db.prepare("INSERT INTO datasets VALUES (?, ?, 1, '{}')").run(newUuid(), center.uuid);
    db.prepare("INSERT INTO datasets VALUES (?, ?, 1, '{}')").run(newUuid(), other.uuid);
    const ref = db.prepare("INSERT INTO model_service_refs VALUES (?, ?, ?, '{}')");
    ref.run(newUuid(), model, service);
    ref.run(newUuid(), otherModel, service);
  });
  expect((await send("DELETE", `${centers}/${center.uuid}`)).body).toEqual({});
  const left = onFile((db) => ({
    models: db
      .prepare("SELECT model_center_uuid AS c FROM models WHERE model_center_uuid IN (?, ?)")
      .pluck()
      .all(center.uuid, other.uuid),
    datasets: db
      .prepare("SELECT model_center_uuid AS c FROM datasets WHERE model_center_uuid IN (?, ?)")
      .pluck()
      .all(center.uuid, other.uuid),
    refs: db.prepare("SELECT model_uuid FROM model_service_refs WHERE model_service_uuid = ?").pluck().all(service),
  }));
  expect(left).toEqual({ models: [other.uuid], datasets: [other.uuid], refs: [otherModel] });
  expect((await send("GET", `${centers}/${other.uuid}`)).body.inventories).toHaveLength(1);
});

it("touches nothing when the uuid names no center, even if models name it", async () => {
  const ghost = newUuid();
  onFile((db) => db.prepare("INSERT INTO models VALUES (?, ?, 1, '{}')").run(newUuid(), ghost));
  expect((await send("DELETE", `${centers}/${ghost}`)).body).toEqual({});
  expect(onFile((db) => db.prepare("SELECT count(*) FROM models WHERE model_center_uuid = ?").pluck().get(ghost))).toBe(
    1,
  );
});
