// Stores written by release 0.1.0 (test/fixtures/stores/README.md) are migrated at start and served unchanged:
// the same inventories that release answered, on SQLite and on PostgreSQL. Their model services name a placeholder
// center and unchecked models; they are not re-checked, and they can still be updated and deleted. One difference:
// bindings are listed by uuid since they have a table of their own (0.2.0), so a service's modelServiceRefs may
// come in another order than 0.1.0's (CHANGELOG.md, 0.2.0).
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { adminQuery, createTestSchema, describeOnPostgres, type TestSchema } from "../helpers/postgres.js";
import { type Json, startServer, type TestServer, tempDir } from "../helpers/server.js";

const fixtures = join(import.meta.dirname, "../fixtures/stores");
const answered = (file: string): Json[] => JSON.parse(readFileSync(join(fixtures, file), "utf8")).inventories;
const byUuid = (a: Json, b: Json) => a.uuid.localeCompare(b.uuid);
/** Inventories with their bindings in the order this release lists them. */
const bindingsSorted = (inventories: Json[]): Json[] =>
  inventories.map((inventory) => ({ ...inventory, modelServiceRefs: [...inventory.modelServiceRefs].sort(byUuid) }));

async function expectServedUnchanged(zs: TestServer, before: Json[]): Promise<void> {
  const session = await zs.login();
  const now = await zs.call("/zstack/v1/ai/model-services?sort=%2Bname", { headers: zs.auth(session) });
  expect(now.status).toBe(200);
  expect(now.body.inventories).toEqual(bindingsSorted(before));

  const [bound] = bindingsSorted(before);
  const renamed = await zs.poll(
    session,
    await zs.call(`/zstack/v1/ai/model-services/${bound.uuid}`, {
      method: "PUT",
      headers: zs.auth(session),
      body: { updateModelService: { name: "renamed after the upgrade" } },
    }),
  );
  expect(renamed.status).toBe(200);
  expect(renamed.body.inventory).toEqual({
    ...bound,
    name: "renamed after the upgrade",
    lastOpDate: expect.any(String),
  });
  const deleted = await zs.call(`/zstack/v1/ai/model-services/${bound.uuid}`, {
    method: "DELETE",
    headers: zs.auth(session),
  });
  expect((await zs.poll(session, deleted)).status).toBe(200);
}

describe("a SQLite file written by 0.1.0", () => {
  const temp = tempDir("upgrade");
  afterAll(() => temp.remove());

  it("is migrated at start and serves what 0.1.0 served", async () => {
    const db = join(temp.dir, "store.db");
    copyFileSync(join(fixtures, "store-0.1.0.db"), db);
    const zs = await startServer({ db });
    try {
      await expectServedUnchanged(zs, answered("store-0.1.0.query.json"));
    } finally {
      await zs.close();
    }
  });
});

describeOnPostgres("a PostgreSQL schema written by 0.1.0", () => {
  let schema: TestSchema | undefined;
  afterAll(() => schema?.drop());

  it("is migrated at start and serves what 0.1.0 served", async () => {
    schema = await createTestSchema("upgrade");
    const dump = readFileSync(join(fixtures, "store-0.1.0.postgres.sql"), "utf8");
    await adminQuery(`SET search_path TO ${schema.name};\n${dump}`);
    const zs = await startServer({ db: schema.url });
    try {
      await expectServedUnchanged(zs, answered("store-0.1.0.postgres.query.json"));
    } finally {
      await zs.close();
    }
  });
});
