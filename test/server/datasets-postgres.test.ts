// The datasets' main path on PostgreSQL: the same calls as on SQLite (test/helpers/datasets.ts), the same answers.
import { afterAll, beforeAll, it } from "vitest";
import { createTestSchema, describeOnPostgres, type TestSchema } from "../helpers/postgres.js";
import { startServer, type TestServer } from "../helpers/server.js";
import { datasetMainPath } from "../helpers/datasets.js";

describeOnPostgres("datasets on PostgreSQL", () => {
  let schema: TestSchema;
  let zs: TestServer;
  let session: string;

  beforeAll(async () => {
    schema = await createTestSchema("datasets");
    zs = await startServer({ db: schema.url });
    session = await zs.login();
  });
  afterAll(async () => {
    await zs?.close();
    await schema?.drop();
  });

  it("create, query, get, update, batch update and delete", () => datasetMainPath(zs, session));
});
