// CreateDataset's modelCenterUuid must name a model center (SYS.1003 naming ModelCenterVO otherwise), unless the
// server runs with `--references off`. Model centers are built on another branch: where AddModelCenter is not
// served, a stand-in `model_centers` table is made in the server's file, holding one center.
import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBody, createDataset, datasetsPath, modelCenterFor, read } from "../helpers/datasets.js";
import { startServer, tempDir, type TestServer } from "../helpers/server.js";
import { newUuid } from "../helpers/uuids.js";

const folder = tempDir("datasets-references");
let zs: TestServer;
let session: string;
let center: string;

/** A server whose store knows a model center; restarted on a stand-in table where model centers are missing. */
async function serverWithCenter(): Promise<void> {
  zs = await startServer({}, folder.dir);
  session = await zs.login();
  const served = await zs.call("/zstack/v1/ai/model-centers", { headers: { Authorization: `OAuth ${session}` } });
  if (served.status !== 404) {
    center = await modelCenterFor(zs, session);
    return;
  }
  await zs.close();
  const db = new Database(join(folder.dir, "server.db"));
  center = newUuid();
  db.exec("CREATE TABLE IF NOT EXISTS model_centers (uuid TEXT PRIMARY KEY, details TEXT NOT NULL)");
  db.prepare("INSERT INTO model_centers (uuid, details) VALUES (?, '{}')").run(center);
  db.close();
  zs = await startServer({}, folder.dir);
  session = await zs.login();
}

afterAll(() => folder.remove());

describe("with references checked", () => {
  beforeAll(() => serverWithCenter());
  afterAll(() => zs.close());

  it("a dataset in an existing model center is created", async () => {
    const job = await createDataset(zs, session, createBody(center));
    expect([job.status, job.body.inventory?.modelCenterUuid]).toEqual([200, center]);
  });

  it("an unknown model center fails the job with SYS.1003 and stores nothing", async () => {
    const before = (await read(zs, session, `${datasetsPath}?count=true`)).body.total;
    const unknown = newUuid();
    const job = await createDataset(zs, session, createBody(unknown));
    expect([job.status, job.body.error.code]).toEqual([503, "SYS.1003"]);
    expect(job.body.error.details).toBe(
      `invalid field[modelCenterUuid], resource[uuid:${unknown}, type:ModelCenterVO] not found`,
    );
    expect((await read(zs, session, `${datasetsPath}?count=true`)).body.total).toBe(before);
  });

  it("a format error is reported before a missing model center", async () => {
    const job = await createDataset(zs, session, createBody(newUuid(), { name: "" }));
    expect([job.status, job.body.error.code]).toEqual([503, "SYS.1007"]);
  });
});

describe("with --references off", () => {
  beforeAll(async () => {
    zs = await startServer({ db: ":memory:", references: "off" });
    session = await zs.login();
  });
  afterAll(() => zs.close());

  it("any model center uuid is accepted", async () => {
    const job = await createDataset(zs, session, createBody("modelCenterUuidExample"));
    expect([job.status, job.body.inventory?.modelCenterUuid]).toEqual([200, "modelCenterUuidExample"]);
  });
});
