import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../server/store/index.js";
import { migrations } from "../../server/store/migrations.js";
import {
  adminQuery,
  createTestSchema,
  describeOnPostgres,
  postgresAvailable,
  type TestSchema,
} from "../helpers/postgres.js";
import { defineStoreSuite } from "./store-suite.js";
import { defineWritePlanSuite } from "./write-plans-suite.js";

const schema: TestSchema | undefined = postgresAvailable ? await createTestSchema("store") : undefined;
afterAll(async () => {
  await schema?.drop();
});

describeOnPostgres("PostgreSQL", () => {
  defineStoreSuite("PostgreSQL", { open: () => openStore(schema!.url, { poolSize: 4, timeoutMs: 5000 }) });
  defineWritePlanSuite("PostgreSQL", { open: () => openStore(schema!.url, { poolSize: 4, timeoutMs: 5000 }) });

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
