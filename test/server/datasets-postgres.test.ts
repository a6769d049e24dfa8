// The datasets' main path on PostgreSQL: the same calls as on SQLite (test/helpers/datasets.ts), the same answers.
import { it } from "vitest";
import { describeOnPostgres, useTestSchema } from "../helpers/postgres.js";
import { useServer, type TestServer } from "../helpers/server.js";
import { datasetMainPath } from "../helpers/datasets.js";

describeOnPostgres("datasets on PostgreSQL", () => {
  const schema = useTestSchema("datasets");
  let zs: TestServer;
  let session: string;
  useServer(
    () => ({ db: schema.url }),
    (suite) => ({ zs, session } = suite),
  );

  it("create, query, get, update, batch update and delete", () => datasetMainPath(zs, session));
});
