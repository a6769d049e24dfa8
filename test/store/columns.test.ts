// The migrations are the one hand-written list of a resource's columns: every scalar field its inventory has
// in any published version has a column of a matching kind, and nothing else does (nested fields live in
// `details`). Adding a field in spec/ and forgetting the migration fails here.
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { storedScalarFields } from "../../server/contract/inventories.js";
import { internalTables, resources } from "../../server/resources/index.js";
import { migrationSql, migrations } from "../../server/store/migrations.js";
import { sqliteTableShapes } from "../../server/store/sqlite/store.js";

const kindOfColumn = { string: "text", integer: "integer", date: "integer", boolean: "boolean" } as const;

function migratedTables() {
  const db = new Database(":memory:");
  for (const migration of migrations) db.exec(migrationSql(migration, "sqlite"));
  const shapes = sqliteTableShapes(db);
  db.close();
  return new Map(shapes.map((shape) => [shape.name, shape]));
}

describe("resource tables against the contract", () => {
  const tables = migratedTables();

  // Bindings and the like have no API of their own, but hold inventory fields of resources: checked alike.
  const checked = [...resources.map(({ definition }) => definition), ...internalTables];
  for (const definition of checked) {
    it(`${definition.table} has one column per scalar field of ${definition.inventory}, of its kind, no other`, () => {
      const shape = tables.get(definition.table);
      expect(shape, `no table ${definition.table} with a details column`).toBeDefined();
      const expected = Object.fromEntries(
        [...storedScalarFields(definition.inventory)].map(([field, kind]) => [field, kindOfColumn[kind]]),
      );
      const actual = Object.fromEntries(shape!.columns.map((column) => [column.field, column.kind]));
      expect(actual).toEqual(expected);
    });
  }

  it("knows every resource table the migrations create", () => {
    expect([...tables.keys()].sort()).toEqual(checked.map((definition) => definition.table).sort());
  });
});
