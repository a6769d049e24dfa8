// Datasets over HTTP: the main path, the batches (UpdateDatasets with an unknown uuid, DeleteDatasets), the
// model center reference, and bad input (closed schemas, limits, SYS.1007 naming the field, nothing stored).
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callAndPoll,
  createBody,
  createDataset,
  datasetMainPath,
  datasetsPath,
  modelCenterFor,
  read,
} from "../helpers/datasets.js";
import { startServer, useServer, type TestServer } from "../helpers/server.js";
import { newUuid } from "../helpers/uuids.js";

let zs: TestServer;
let session: string;
let center: string;
useServer({}, (suite) => ({ zs, session } = suite));
beforeAll(async () => {
  center = await modelCenterFor(zs, session);
});

async function count(): Promise<number> {
  return (await read(zs, session, `${datasetsPath}?count=true`)).body.total;
}

/** What the store keeps of a dataset beyond its columns (read from the server's SQLite file). */
function storedDetails(uuid: string): Record<string, unknown> {
  const db = new Database(zs.db, { readonly: true });
  try {
    const row = db.prepare("SELECT details FROM datasets WHERE uuid = ?").get(uuid) as { details: string };
    return JSON.parse(row.details);
  } finally {
    db.close();
  }
}

async function created(params: Record<string, unknown> = {}): Promise<string> {
  const job = await createDataset(zs, session, createBody(center, params));
  expect(job.status, JSON.stringify(job.body)).toBe(200);
  return job.body.inventory.uuid;
}

describe("datasets", () => {
  it("create, query, get, update, batch update and delete", () => datasetMainPath(zs, session));

  it("keep a client-chosen uuid, the system flag and tags; a taken uuid is SYS.1007", async () => {
    const uuid = "9a8b7c6d5e4f4031a21b2c3d4e5f6a7b";
    const job = await createDataset(zs, session, {
      ...createBody(center, { resourceUuid: uuid, system: true, systemTags: ["inner"] }),
      systemTags: ["outer"],
    });
    expect(job.body.inventory).toMatchObject({ uuid, system: true });
    const again = await createDataset(zs, session, createBody(center, { resourceUuid: uuid }));
    expect([again.status, again.body.error.code]).toEqual([503, "SYS.1007"]);
    expect(again.body.error.details).toContain("params.resourceUuid");
  });

  it("UpdateDataset keeps usageScenarios, dataType and CreateDataset's token without showing them", async () => {
    const uuid = await created({ token: "secret" });
    const job = await callAndPoll(zs, session, `${datasetsPath}/${uuid}`, "PUT", {
      updateDataset: { usageScenarios: ["App"], dataType: "Tabular" },
    });
    expect(Object.keys(job.body.inventory).sort()).toEqual([
      "createDate",
      "lastOpDate",
      "modelCenterUuid",
      "name",
      "system",
      "url",
      "uuid",
    ]);
    expect(storedDetails(uuid)).toMatchObject({ token: "secret", usageScenarios: ["App"], dataType: "Tabular" });
  });

  it("name org.zstack.ai.entity.DatasetInventory in `schema` when asked", async () => {
    const accepted = await zs.call(datasetsPath, {
      method: "POST",
      headers: zs.auth(session),
      body: createBody(center),
    });
    const job = await zs.poll(session, accepted, { "X-JSON-Schema": "true" });
    expect(job.body.schema).toEqual({ inventory: "org.zstack.ai.entity.DatasetInventory" });
    const got = await zs.call(`${datasetsPath}/${job.body.inventory.uuid}`, {
      headers: { Authorization: `OAuth ${session}`, "X-JSON-Schema": "true" },
    });
    expect(got.body.schema).toEqual({ "inventories[0]": "org.zstack.ai.entity.DatasetInventory" });
  });

  it("UpdateDataset of an unknown uuid fails SYS.1003 naming DatasetVO", async () => {
    const uuid = newUuid();
    const job = await callAndPoll(zs, session, `${datasetsPath}/${uuid}`, "PUT", { updateDataset: { name: "x" } });
    expect([job.status, job.body.error.code]).toEqual([503, "SYS.1003"]);
    expect(job.body.error.details).toBe(`invalid field[uuid], resource[uuid:${uuid}, type:DatasetVO] not found`);
  });

  it("UpdateDatasets changes the known ones and answers SYS.1003 for an unknown one", async () => {
    const [a, b] = [await created(), await created()];
    const unknown = newUuid();
    const job = await callAndPoll(zs, session, datasetsPath, "PUT", {
      updateDatasets: {
        updateDatasetStructs: [
          { uuid: a, usageScenarios: ["FineTune"] },
          { uuid: unknown, dataType: "Text" },
          { uuid: b, dataType: "Video" },
        ],
      },
    });
    expect(job.status).toBe(200);
    expect(job.body.results).toEqual([
      { uuid: a, success: true },
      {
        uuid: unknown,
        success: false,
        error: expect.objectContaining({
          code: "SYS.1003",
          details: `invalid field[uuid], resource[uuid:${unknown}, type:DatasetVO] not found`,
        }),
      },
      { uuid: b, success: true },
    ]);
    // The fields are stored, not shown.
    const [inventory] = (await read(zs, session, `${datasetsPath}/${a}`)).body.inventories;
    expect(Object.keys(inventory)).not.toContain("usageScenarios");
    expect(storedDetails(a)).toMatchObject({ usageScenarios: ["FineTune"] });
    expect(storedDetails(b)).toMatchObject({ dataType: "Video" });
  });

  it("DeleteDatasets reads uuids from the query string; an unknown uuid succeeds", async () => {
    const [a, b] = [await created(), await created()];
    const unknown = newUuid();
    const job = await callAndPoll(
      zs,
      session,
      `${datasetsPath}?uuids=${a}&uuids=${unknown}&deleteMode=Permissive`,
      "DELETE",
    );
    expect(job.body).toEqual({
      results: [
        { uuid: a, success: true },
        { uuid: unknown, success: true },
      ],
    });
    expect((await read(zs, session, `${datasetsPath}/${a}`)).body.inventories).toEqual([]);
    expect((await read(zs, session, `${datasetsPath}/${b}`)).body.inventories).toHaveLength(1);
  });

  it("DeleteDatasets without uuids in the query string is an argument error, even if a body names some", async () => {
    const b = await created();
    const accepted = await zs.call(datasetsPath, { method: "DELETE", headers: zs.auth(session), body: { uuids: [b] } });
    const job = await zs.poll(session, accepted);
    expect([job.status, job.body.error.code]).toEqual([503, "SYS.1007"]);
    expect(job.body.error.details).toContain("uuids");
    expect((await read(zs, session, `${datasetsPath}/${b}`)).body.inventories).toHaveLength(1);
  });

  it("DeleteDataset of an unknown uuid succeeds", async () => {
    const job = await callAndPoll(zs, session, `${datasetsPath}/${newUuid()}`, "DELETE");
    expect([job.status, job.body]).toEqual([200, {}]);
  });
});

describe("bad input fails the job with SYS.1007 naming the field, and stores nothing", () => {
  const long = (n: number) => "x".repeat(n);
  const cases: [string, Record<string, unknown>, string][] = [
    ["an unknown field", { naem: "typo" }, "naem"],
    ["a name over 255 characters", { name: long(256) }, "params.name"],
    ["an empty name", { name: "" }, "params.name"],
    ["a url over 2048 characters", { url: long(2049) }, "params.url"],
    ["a description over 2048 characters", { description: long(2049) }, "params.description"],
    ["no url", { url: undefined }, "url"],
    ["no modelCenterUuid", { modelCenterUuid: undefined }, "modelCenterUuid"],
    ["a system flag that is not a boolean", { system: "yes" }, "params.system"],
    ["a resourceUuid that ZStack would refuse", { resourceUuid: "not-a-uuid" }, "params.resourceUuid"],
  ];

  it.each(cases)("CreateDataset with %s", async (_name, changes, field) => {
    const before = await count();
    const body = createBody(center);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) delete body.params[key];
      else body.params[key] = value;
    }
    const job = await createDataset(zs, session, body);
    expect([job.status, job.body.error.code]).toEqual([503, "SYS.1007"]);
    expect(job.body.error.details).toContain(field);
    expect(await count()).toBe(before);
  });

  it("CreateDataset with the fields flat, not in `params`", async () => {
    const job = await createDataset(zs, session, createBody(center).params);
    expect([job.status, job.body.error.code]).toEqual([503, "SYS.1007"]);
    expect(job.body.error.details).toContain("params");
  });

  it.each([
    ["an unknown usage scenario", { usageScenarios: ["Training"] }, "usageScenarios"],
    ["an unknown data type", { dataType: "Text3D" }, "dataType"],
    ["a name over 255 characters", { name: long(256) }, "updateDataset.name"],
    ["a description over 2048 characters", { description: long(2049) }, "updateDataset.description"],
    ["an unknown field", { url: "elsewhere" }, "url"],
    ["nothing to change", {}, "updateDataset"],
  ])("UpdateDataset with %s", async (_name, fields, field) => {
    const uuid = await created({ name: "unchanged" });
    const job = await callAndPoll(zs, session, `${datasetsPath}/${uuid}`, "PUT", { updateDataset: fields });
    expect([job.status, job.body.error.code]).toEqual([503, "SYS.1007"]);
    expect(job.body.error.details).toContain(field);
    expect((await read(zs, session, `${datasetsPath}/${uuid}`)).body.inventories[0].name).toBe("unchanged");
  });

  it("UpdateDatasets with a struct field it does not know rejects the whole batch", async () => {
    const uuid = await created();
    const job = await callAndPoll(zs, session, datasetsPath, "PUT", {
      updateDatasets: { updateDatasetStructs: [{ uuid, name: "renamed" }] },
    });
    expect([job.status, job.body.error.code]).toEqual([503, "SYS.1007"]);
    expect(job.body.error.details).toContain("name");
    expect((await read(zs, session, `${datasetsPath}/${uuid}`)).body.inventories[0].name).toBe("alpaca-zh");
  });

  it("a malformed uuid in DeleteDatasets", async () => {
    const job = await callAndPoll(zs, session, `${datasetsPath}?uuids=nope`, "DELETE");
    expect([job.status, job.body.error.code]).toEqual([503, "SYS.1007"]);
    expect(job.body.error.details).toContain("uuids");
  });
});

describe("a server started as 5.1.8 (the 5.1.20 SDK's datasets)", () => {
  let old: TestServer;
  let oldSession: string;
  beforeAll(async () => {
    old = await startServer({ db: ":memory:", apiVersion: "5.1.8" });
    oldSession = await old.login();
  });
  afterAll(() => old.close());

  it("refuses usageScenarios and dataType, naming 5.3.20", async () => {
    const job = await createDataset(old, oldSession, createBody(await modelCenterFor(old, oldSession)));
    const uuid = job.body.inventory.uuid;
    const updated = await callAndPoll(old, oldSession, `${datasetsPath}/${uuid}`, "PUT", {
      updateDataset: { name: "n", dataType: "Text" },
    });
    expect([updated.status, updated.body.error.code]).toEqual([503, "SYS.1007"]);
    expect(updated.body.error.details).toBe(
      "updateDataset.dataType: was added in API version 5.3.20 (this server speaks 5.1.8)",
    );
  });

  // The path has other methods in 5.1.8; the operation a later version adds there is named with its version.
  it("has no UpdateDatasets or DeleteDatasets, and says which version adds them", async () => {
    for (const [method, operation] of [
      ["PUT", "UpdateDatasets"],
      ["DELETE", "DeleteDatasets"],
    ]) {
      const answer = await old.call(`${datasetsPath}?uuids=${newUuid()}`, {
        method,
        headers: old.auth(oldSession),
        body: method === "PUT" ? { updateDatasets: { updateDatasetStructs: [] } } : undefined,
      });
      expect([answer.status, answer.body.error.code]).toEqual([404, "SYS.1008"]);
      expect(answer.body.error.details).toBe(`${operation} was added in API version 5.3.20 (this server speaks 5.1.8)`);
    }
  });
});
