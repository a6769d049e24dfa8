// A filtered, sorted page over 100,000 services is served by an index, not by sorting the table:
// checked on the query plan (deterministic) and, loosely, on the time it takes.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type ResourceQuery, type Store } from "../../server/store/index.js";
import { migrationSql, migrations } from "../../server/store/migrations.js";
import { sqliteTableShapes } from "../../server/store/sqlite/store.js";
import { postgresDialect, querySql, sqliteDialect, tableStatements } from "../../server/store/sql.js";
import { rowValues, type StoredRecord, type TableShape } from "../../server/store/tables.js";
import { positional } from "../../server/store/statements.js";
import { adminQuery, createTestSchema, describeOnPostgres, type TestSchema } from "../helpers/postgres.js";
import { makeService } from "../store/store-fixtures.js";

const rows = 100_000;
const types = ["Endpoint", "FineTune", "ModelEval", "App"];
const base = Date.UTC(2026, 0, 1);

// type=Endpoint AND requestCpu>=2 ORDER BY createDate DESC LIMIT 50
const typicalPage: ResourceQuery = {
  conditions: [
    { field: "type", op: "=", values: ["Endpoint"] },
    { field: "requestCpu", op: ">=", values: [2] },
  ],
  sort: { field: "createDate", direction: "desc" },
  limit: 50,
  start: 0,
  count: false,
  replyWithCount: false,
};

/** A table as the migrations create it (the same columns in both databases). */
function migratedShape(table: string): TableShape {
  const db = new Database(":memory:");
  for (const migration of migrations) db.exec(migrationSql(migration, "sqlite"));
  const shape = sqliteTableShapes(db).find((candidate) => candidate.name === table)!;
  db.close();
  return shape;
}

async function expectTypicalPage(store: Store): Promise<void> {
  const started = performance.now();
  const { records } = await store.query("model_services", typicalPage);
  const elapsed = performance.now() - started;
  expect(records).toHaveLength(50);
  for (const service of records!) expect(service.type === "Endpoint" && Number(service.requestCpu) >= 2).toBe(true);
  const dates = records!.map((service) => Number(service.createDate));
  expect(dates).toEqual([...dates].sort((a, b) => b - a));
  expect(dates[0]).toBe(base + (rows - 4) * 1000); // the newest Endpoint
  // Loose on purpose (a shared two-core machine): a full scan and sort would still pass a tight one rarely.
  expect(elapsed).toBeLessThan(1000);
}

describe("SQLite with 100,000 services", () => {
  const dir = mkdtempSync(join(tmpdir(), "zms-large-"));
  const file = join(dir, "large.db");
  let store: Store;
  let shape: TableShape;

  beforeAll(async () => {
    store = await openStore(file);
    const db = new Database(file);
    shape = migratedShape("model_services");
    const template = makeService();
    const insert = db.prepare(tableStatements(shape).insert);
    db.transaction(() => {
      for (let i = 0; i < rows; i++) {
        const service = {
          ...template,
          uuid: i.toString(16).padStart(32, "0"),
          name: `svc-${i}`,
          type: types[i % 4]!,
          requestCpu: (i % 8) + 1,
          createDate: base + i * 1000,
          lastOpDate: base + i * 1000,
        };
        insert.run(...rowValues(shape, service as StoredRecord, sqliteDialect.bindBoolean));
      }
    })();
    db.exec("ANALYZE");
    db.close();
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("plans the typical page on the (type, create_date, uuid) index, with no sort step", () => {
    const db = new Database(file, { readonly: true });
    try {
      const { page } = querySql(shape, sqliteDialect, typicalPage);
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${page!.sql}`).all(...page!.params) as { detail: string }[])
        .map((row) => row.detail)
        .join("\n");
      expect(plan).toContain("model_services_type_create_date");
      expect(plan).not.toContain("TEMP B-TREE");
    } finally {
      db.close();
    }
  });

  it("answers the typical page quickly", async () => {
    await expectTypicalPage(store);
  });
});

describeOnPostgres("PostgreSQL with 100,000 services", () => {
  let schema: TestSchema;
  let store: Store;

  beforeAll(async () => {
    schema = await createTestSchema("large");
    store = await openStore(schema.url, { poolSize: 2 });
    await adminQuery(
      `
      INSERT INTO ${schema.name}.model_services (uuid, name, yaml, request_cpu, request_memory, model_center_uuid,
        type, source,
        system, install_path, start_command, support_distributed, create_date, last_op_date, details)
      SELECT lpad(to_hex(i), 32, '0'), 'svc-' || i, 'name: x', i % 8 + 1, 1024, md5((i % 10)::text),
        (ARRAY['Endpoint','FineTune','ModelEval','App'])[i % 4 + 1], 'Other', false, '/opt/m', 'run', false,
        $1::bigint + i * 1000, $1::bigint + i * 1000, '{}'
      FROM generate_series(0, $2::int - 1) AS i`,
      [base, rows],
    );
    await adminQuery(`ANALYZE ${schema.name}.model_services`);
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await schema?.drop();
  });

  it("plans the typical page as a backward index scan in create_date order, with no sort step", async () => {
    const { page } = querySql(migratedShape("model_services"), postgresDialect, typicalPage);
    const qualified = positional(page!.sql).replace("FROM model_services", `FROM ${schema.name}.model_services`);
    const { rows: plan } = await adminQuery(`EXPLAIN ${qualified}`, page!.params);
    const text = plan.map((row: Record<string, string>) => row["QUERY PLAN"]).join("\n");
    // The planner picks (type, create_date, uuid) or (create_date, uuid) by its statistics; both stop after 50 rows.
    expect(text).toMatch(/Index Scan Backward using model_services_(type_)?create_date/);
    expect(text).not.toMatch(/\bSort\b/);
  });

  it("answers the typical page quickly", async () => {
    await expectTypicalPage(store);
  });
});
