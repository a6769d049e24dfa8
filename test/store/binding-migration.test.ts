// Migration 11 moves the bindings that model services kept in their `details` JSON into model_service_refs:
// a database written the old way (rows inserted here as version 1 wrote them) shows the same modelServiceRefs
// after the upgrade, on SQLite and on PostgreSQL, and no `details` keeps the old copy.
import { afterAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { join } from "node:path";
import { createMigrationsTableSql, migrationSql, migrations } from "../../server/store/migrations.js";
import { adminQuery, createTestSchema, describeOnPostgres, type TestSchema } from "../helpers/postgres.js";
import { startServer, tempDir } from "../helpers/server.js";
import { newUuid } from "../helpers/uuids.js";

const [bound, unbound, empty] = [newUuid(), newUuid(), newUuid()];
const oldRefs = [
  { uuid: newUuid(), modelUuid: newUuid(), modelServiceUuid: bound, isDefault: true },
  { uuid: newUuid(), modelUuid: newUuid(), modelServiceUuid: bound, isDefault: false },
];
const images = [
  {
    uuid: newUuid(),
    modelServiceUuid: bound,
    cpuArchitecture: "X86_64",
    createDate: 1700000000000,
    lastOpDate: 1700000000000,
  },
];

/** Version 1's schema and three services as it stored them: with bindings, without the key, with an empty list. */
function version1Sql(): string {
  const row = (uuid: string, details: object) =>
    "INSERT INTO model_services (uuid, name, yaml, request_cpu, request_memory, model_center_uuid, type, " +
    `source, system, install_path, ` +
    `start_command, support_distributed, create_date, last_op_date, details) ` +
    `VALUES ('${uuid}', 'old ${uuid}', 'services: []', 1, 1024, ` +
    `'center', 'Endpoint', 'Other', FALSE, '/opt/x', 'python3 app.py', FALSE, 1700000000000, 1700000000000, ` +
    `'${JSON.stringify(details)}');`;
  return [
    `${createMigrationsTableSql};`,
    migrationSql(migrations[0]!, "sqlite"),
    "INSERT INTO schema_migrations (version, description, applied_at) " +
      "VALUES (1, 'model services, jobs, accounts, sessions', 0);",
    row(bound, { cpuArchitectures: ["X86_64"], modelServiceRefs: oldRefs, modelServiceImages: images }),
    row(unbound, { cpuArchitectures: [] }),
    row(empty, { modelServiceRefs: [] }),
  ].join("\n");
}

/** Starts a server on the old database and checks what it serves and what is left in `details`. */
async function expectMigrated(db: string, detailsOf: () => Promise<string[]>): Promise<void> {
  const zs = await startServer({ db });
  try {
    const session = await zs.login();
    const get = async (uuid: string) =>
      (await zs.call(`/zstack/v1/ai/model-services/${uuid}`, { headers: zs.auth(session) })).body.inventories[0];
    const service = await get(bound);
    expect(
      [...service.modelServiceRefs].sort((a: { uuid: string }, b: { uuid: string }) => a.uuid.localeCompare(b.uuid)),
    ).toEqual([...oldRefs].sort((a, b) => a.uuid.localeCompare(b.uuid)));
    expect(service.cpuArchitectures).toEqual(["X86_64"]);
    expect(service.modelServiceImages).toHaveLength(1);
    expect((await get(unbound)).modelServiceRefs).toEqual([]);
    expect((await get(empty)).modelServiceRefs).toEqual([]);
  } finally {
    await zs.close();
  }
  for (const details of await detailsOf()) expect(JSON.parse(details)).not.toHaveProperty("modelServiceRefs");
}

describe("moving bindings out of details", () => {
  it("on SQLite", async () => {
    const dir = tempDir("binding-migration");
    try {
      const file = join(dir.dir, "old.db");
      const old = new Database(file);
      old.exec(version1Sql());
      old.close();
      await expectMigrated(file, async () => {
        const db = new Database(file, { readonly: true });
        try {
          return db.prepare("SELECT details FROM model_services").pluck().all() as string[];
        } finally {
          db.close();
        }
      });
    } finally {
      dir.remove();
    }
  });

  describeOnPostgres("on PostgreSQL", () => {
    let schema: TestSchema | undefined;
    afterAll(async () => {
      await schema?.drop();
    });

    it("the same bindings after the upgrade", async () => {
      schema = await createTestSchema("binding_migration");
      await adminQuery(`SET search_path TO ${schema.name};\n${version1Sql()}`);
      await expectMigrated(schema.url, async () =>
        (await adminQuery(`SELECT details FROM ${schema!.name}.model_services`)).rows.map(
          (row: { details: string }) => row.details,
        ),
      );
    });
  });
});
