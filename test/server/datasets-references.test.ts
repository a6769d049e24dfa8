import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBody, createDataset, datasetsPath, modelCenterFor, read } from "../helpers/datasets.js";
import { startServer, tempDir, type TestServer, useServer } from "../helpers/server.js";
import { newUuid } from "../helpers/uuids.js";

const folder = tempDir("datasets-references");
let zs: TestServer;
let session: string;
let center: string;

/** A server that holds one model center. */
async function serverWithCenter(): Promise<void> {
  zs = await startServer({}, folder.dir);
  session = await zs.login();
  center = await modelCenterFor(zs, session);
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
  useServer({ db: ":memory:", references: "off" }, (suite) => ({ zs, session } = suite));

  it("any model center uuid is accepted", async () => {
    const job = await createDataset(zs, session, createBody("modelCenterUuidExample"));
    expect([job.status, job.body.inventory?.modelCenterUuid]).toEqual([200, "modelCenterUuidExample"]);
  });
});
