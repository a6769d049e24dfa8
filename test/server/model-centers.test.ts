// Model centers over HTTP: add → poll → query/get (status Connected, capacity summed from what the center
// holds), update, idempotent delete that leaves model services, and bad input rejected with nothing stored.
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import {
  type Answer,
  gsonDate,
  type Json,
  minimalParam,
  startServer,
  useServer,
  type TestServer,
} from "../helpers/server.js";

const unknownUuid = "0123456789abcdef0123456789abcdef";

/** AddModelCenter's example on ZStack's page (reference §4.1); the name is ours. */
function documentCenterParam(changes: Record<string, unknown> = {}): Json {
  return {
    name: "model center",
    url: "192.168.10.12:/ai/model_center",
    description: "model center for AI models",
    parameters: "mount parameters",
    managementIp: "172.25.141.105",
    managementPort: 5000,
    containerRegistry: "172.27.142.13:10043/registry",
    ...changes,
  };
}

const zeroCapacity = {
  modelUsedCapacity: 0,
  modelServiceUsedCapacity: 0,
  datasetUsedCapacity: 0,
  fineTuneUsedCapacity: 0,
  modelEvaluationUsedCapacity: 0,
  installationUsedCapacity: 0,
  temporaryUsedCapacity: 0,
  cacheUsedCapacity: 0,
};

let zs: TestServer;
let session: string;
useServer({}, (suite) => ({ zs, session } = suite));

const centers = "/zstack/v1/ai/model-centers";
const send = (method: string, path: string, body?: object, headers: Record<string, string> = {}) =>
  zs.call(path, { method, headers: zs.auth(session, headers), body });
const job = async (accepted: Answer): Promise<Answer> => zs.poll(session, accepted);
const addCenter = async (param: Json = documentCenterParam(), extra: object = {}) =>
  job(await send("POST", centers, { param, ...extra }));
const getCenter = async (uuid: string, headers: Record<string, string> = {}) =>
  (await send("GET", `${centers}/${uuid}`, undefined, headers)).body;
const count = async () => (await send("GET", `${centers}?count=true`)).body.total as number;

describe("AddModelCenter, then Query and get", () => {
  it("answers the job with the center: Connected, capacity all zeros", async () => {
    const accepted = await send("POST", centers, { param: documentCenterParam(), systemTags: [], userTags: [] });
    expect(accepted.status).toBe(202);
    const done = await job(accepted);
    expect(done.status).toBe(200);
    const inventory = done.body.inventory;
    expect(inventory).toMatchObject({
      ...documentCenterParam(),
      status: "Connected",
      capacity: { uuid: inventory.uuid, ...zeroCapacity },
    });
    expect(inventory.uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(inventory.createDate).toMatch(gsonDate);

    expect((await getCenter(inventory.uuid)).inventories).toEqual([inventory]);
    const found = await send("GET", `${centers}?q=uuid=${inventory.uuid}&q=status=Connected&replyWithCount=true`);
    expect(found.body).toEqual({ inventories: [inventory], total: 1 });
  });

  it("names the Java classes of the center and its capacity with X-JSON-Schema", async () => {
    const added = await send("POST", centers, { param: documentCenterParam({ name: "schema" }) });
    const polled = await zs.poll(session, added, { "X-JSON-Schema": "true" });
    expect(polled.body.schema).toEqual({
      inventory: "org.zstack.ai.entity.ModelCenterInventory",
      "inventory.capacity": "org.zstack.ai.entity.ModelCenterCapacityInventory",
    });
    const got = await getCenter(polled.body.inventory.uuid, { "X-JSON-Schema": "true" });
    expect(got.schema["inventories[0].capacity"]).toBe("org.zstack.ai.entity.ModelCenterCapacityInventory");
  });

  it("sums the size of the model services that name the center in modelServiceUsedCapacity", async () => {
    const center = (await addCenter(documentCenterParam({ name: "holds services" }))).body.inventory;
    const services: string[] = [];
    for (const name of ["a", "b"]) {
      const added = await zs.addAndPoll(session, {
        param: { ...minimalParam(`sized-${name}`), modelCenterUuid: center.uuid },
      });
      services.push(added.body.inventory.uuid);
    }
    // No API sets a service's size yet (CloneModelService will): write it as ZStack's own code would.
    const db = new Database(zs.db);
    try {
      const setSize = db.prepare("UPDATE model_services SET size = ? WHERE uuid = ?");
      setSize.run(1000, services[0]);
      setSize.run(24, services[1]);
    } finally {
      db.close();
    }
    const [inventory] = (await getCenter(center.uuid)).inventories;
    expect(inventory.capacity).toEqual({ uuid: center.uuid, ...zeroCapacity, modelServiceUsedCapacity: 1024 });
  });
});

describe("UpdateModelCenter", () => {
  it("changes the fields it is sent and answers the updated center", async () => {
    const center = (await addCenter(documentCenterParam({ name: "to update" }))).body.inventory;
    const longName = "n".repeat(255); // the SDK's limit on update, beyond the column's 128
    const done = await job(
      await send("PUT", `${centers}/${center.uuid}`, {
        updateModelCenter: { name: longName, managementPort: 5001, containerStorageNetwork: "net" },
      }),
    );
    expect(done.status).toBe(200);
    expect(done.body.inventory).toMatchObject({
      uuid: center.uuid,
      name: longName,
      managementPort: 5001,
      containerStorageNetwork: "net",
      url: center.url,
      status: "Connected",
    });
    expect(done.body.inventory.capacity).toEqual({ uuid: center.uuid, ...zeroCapacity });
    expect((await getCenter(center.uuid)).inventories[0]).toEqual(done.body.inventory);
  });

  it("fails SYS.1003 for an unknown uuid", async () => {
    const done = await job(await send("PUT", `${centers}/${unknownUuid}`, { updateModelCenter: { name: "x" } }));
    expect(done.status).toBe(503);
    expect(done.body.error).toMatchObject({
      code: "SYS.1003",
      details: `invalid field[uuid], resource[uuid:${unknownUuid}, type:ModelCenterVO] not found`,
    });
  });
});

describe("DeleteModelCenter", () => {
  it("deletes the center, leaves the model services that name it, and succeeds again", async () => {
    const center = (await addCenter(documentCenterParam({ name: "to delete" }))).body.inventory;
    const service = (
      await zs.addAndPoll(session, { param: { ...minimalParam("outlives its center"), modelCenterUuid: center.uuid } })
    ).body.inventory;
    for (let i = 0; i < 2; i++) {
      const done = await job(await send("DELETE", `${centers}/${center.uuid}?deleteMode=Enforcing`));
      expect([done.status, done.body]).toEqual([200, {}]);
    }
    expect((await getCenter(center.uuid)).inventories).toEqual([]);
    const kept = await send("GET", `/zstack/v1/ai/model-services/${service.uuid}`);
    expect(kept.body.inventories[0].modelCenterUuid).toBe(center.uuid);
  });

  it("succeeds {} for a uuid that never existed", async () => {
    const done = await job(await send("DELETE", `${centers}/${unknownUuid}`));
    expect([done.status, done.body]).toEqual([200, {}]);
  });
});

describe("bad input: the job fails SYS.1007 naming the field, and nothing is stored", () => {
  const { managementPort: _port, ...withoutPort } = documentCenterParam();
  const cases: [string, Json, string][] = [
    ["an unknown field", documentCenterParam({ managementPortt: 5000 }), "managementPortt"],
    ["a name longer than its column (128)", documentCenterParam({ name: "n".repeat(129) }), "param.name"],
    ["an empty name", documentCenterParam({ name: "" }), "param.name"],
    ["port 0", documentCenterParam({ managementPort: 0 }), "param.managementPort"],
    ["port 65536", documentCenterParam({ managementPort: 65536 }), "param.managementPort"],
    ["a port that is not an integer", documentCenterParam({ managementPort: 50.5 }), "param.managementPort"],
    ["a port as text", documentCenterParam({ managementPort: "5000" }), "param.managementPort"],
    ["no managementPort", withoutPort, "param.managementPort"],
    ["a url longer than its column (2048)", documentCenterParam({ url: "u".repeat(2049) }), "param.url"],
    [
      "a storage network uuid longer than 32",
      documentCenterParam({ storageNetworkUuid: "s".repeat(33) }),
      "param.storageNetworkUuid",
    ],
    ["a resourceUuid ZStack refuses", documentCenterParam({ resourceUuid: "not-a-uuid" }), "param.resourceUuid"],
  ];

  it.each(cases)("AddModelCenter with %s", async (_name, param, field) => {
    const before = await count();
    const done = await addCenter(param);
    expect(done.status).toBe(503);
    expect(done.body.error.code).toBe("SYS.1007");
    expect(done.body.error.details).toContain(field);
    expect(await count()).toBe(before);
  });

  it.each([
    ["a name over the SDK's 255", { name: "n".repeat(256) }, "updateModelCenter.name"],
    ["a description over the SDK's 255", { description: "d".repeat(256) }, "updateModelCenter.description"],
    ["port 70000", { managementPort: 70000 }, "updateModelCenter.managementPort"],
    ["an unknown field", { zoneUuid: "z" }, "zoneUuid"],
    ["nothing to change", {}, "updateModelCenter"],
  ])("UpdateModelCenter with %s", async (_name, fields, field) => {
    const center = (await addCenter(documentCenterParam({ name: "unchanged" }))).body.inventory;
    const done = await job(await send("PUT", `${centers}/${center.uuid}`, { updateModelCenter: fields }));
    expect(done.status).toBe(503);
    expect(done.body.error.code).toBe("SYS.1007");
    expect(done.body.error.details).toContain(field);
    expect((await getCenter(center.uuid)).inventories[0]).toEqual(center);
  });
});

describe("versions", () => {
  it("a 5.1.8 server has no containerStorageNetwork or capacity, and says which version added the field", async () => {
    const old = await startServer({ apiVersion: "5.1.8", db: ":memory:" });
    try {
      const oldSession = await old.login();
      const add = (param: Json) =>
        old
          .call(centers, { method: "POST", headers: old.auth(oldSession), body: { param } })
          .then((a) => old.poll(oldSession, a));
      const rejected = await add(documentCenterParam({ containerStorageNetwork: "net" }));
      expect(rejected.body.error.details).toContain("5.1.20");
      const added = await add(documentCenterParam());
      expect(added.status).toBe(200);
      expect(added.body.inventory).not.toHaveProperty("capacity");
      expect(added.body.inventory.status).toBe("Connected");
    } finally {
      await old.close();
    }
  });
});
