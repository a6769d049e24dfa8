import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../server/store/index.js";
import { migrations } from "../../server/store/migrations.js";
import { PostgresStore } from "../../server/store/postgres/store.js";
import type { StoredRecord, WritePlan } from "../../server/store/types.js";
import {
  adminQuery,
  createTestSchema,
  describeOnPostgres,
  postgresAvailable,
  type TestSchema,
} from "../helpers/postgres.js";
import { makeJob, makeService, newUuid } from "./store-fixtures.js";
import { defineStoreSuite } from "./store-suite.js";
import { defineWritePlanSuite } from "./write-plans-suite.js";

const schema: TestSchema | undefined = postgresAvailable ? await createTestSchema("store") : undefined;
afterAll(async () => {
  await schema?.drop();
});

describeOnPostgres("PostgreSQL", () => {
  defineStoreSuite("PostgreSQL", { open: () => openStore(schema!.url, { poolSize: 4, timeoutMs: 5000 }) });
  defineWritePlanSuite("PostgreSQL", { open: () => openStore(schema!.url, { poolSize: 4, timeoutMs: 5000 }) });

  // postgres/one-statement-write.ts: a reference-checked add is one statement when all it names is found; a missing
  // reference or a taken key sends it to the transaction, which finds which (and stores nothing of it).
  it("writes a reference-checked insert as one statement, a missing reference as a transaction", async () => {
    const store = await openStore(schema!.url, { poolSize: 2 });
    try {
      if (!(store instanceof PostgresStore)) throw new Error("expected the PostgreSQL store");
      const table = "model_services";
      const referenced = makeService();
      await store.insert(table, referenced, makeJob());
      const addIfReferenced = (record: StoredRecord, reference: string): WritePlan<boolean> => ({
        reads: [{ as: "referenced", table, values: [reference], lock: "share" }],
        presenceOnly: true,
        decide: (found) => {
          const ok = found.referenced!.length === 1;
          return { changes: ok ? [{ op: "insert", table, record }] : [], job: makeJob(), result: ok };
        },
      });
      const [good, bad, taken] = [makeService(), makeService(), makeService({ uuid: referenced.uuid })];
      expect(await store.write(addIfReferenced(good, referenced.uuid))).toBe(true);
      expect(store.writePaths).toEqual({ oneStatement: 1, transaction: 0 });
      expect(await store.write(addIfReferenced(bad, newUuid()))).toBe(false);
      expect(store.writePaths).toEqual({ oneStatement: 1, transaction: 1 });
      await expect(store.write(addIfReferenced(taken, referenced.uuid))).rejects.toMatchObject({ key: "resourceUuid" });
      expect(store.writePaths).toEqual({ oneStatement: 1, transaction: 2 });
      expect([await store.get(table, good.uuid), await store.get(table, bad.uuid)]).toEqual([good, undefined]);
      // The same statement text came three times: prepared (named) from the second, the short read and the taken
      // key included, and they still fell back to the transaction.
      expect(store.preparedTexts.size).toBe(1);
      const again = makeService();
      expect(await store.write(addIfReferenced(again, referenced.uuid))).toBe(true);
      expect(await store.get(table, again.uuid)).toEqual(again);
      expect(store.writePaths).toEqual({ oneStatement: 2, transaction: 2 });
    } finally {
      await store.close();
    }
  });

  describe("migrations", () => {
    let fresh: TestSchema;
    beforeAll(async () => {
      fresh = await createTestSchema("migrate");
    });
    afterAll(async () => {
      await fresh.drop();
    });

    it("are safe when several instances start at once: each version applied once", async () => {
      const stores = await Promise.all(Array.from({ length: 4 }, () => openStore(fresh.url, { poolSize: 1 })));
      await Promise.all(stores.map((store) => store.close()));
      const { rows } = await adminQuery(`SELECT version FROM ${fresh.name}.schema_migrations ORDER BY version`);
      expect(rows).toEqual(migrations.map(({ version }) => ({ version })));
    });
  });
});
