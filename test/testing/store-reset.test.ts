// Store.reset and Store.hasResources on both databases: every resource table the store read at migration is
// emptied, with the jobs; accounts and sessions stay.
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../server/store/index.js";
import type { Store } from "../../server/store/types.js";
import { createTestSchema, describeOnPostgres, postgresAvailable, type TestSchema } from "../helpers/postgres.js";
import { makeJob, makeService, makeSession, newUuid } from "../store/store-fixtures.js";

const schema: TestSchema | undefined = postgresAvailable ? await createTestSchema("stand_in_store") : undefined;
afterAll(async () => schema?.drop());

function defineResetCases(label: string, open: () => Promise<Store>): void {
  describe(`reset on ${label}`, () => {
    it("empties every resource table and the jobs, and keeps accounts and sessions", async () => {
      const store = await open();
      try {
        expect(await store.hasResources()).toBe(false);
        const account = { uuid: newUuid(), name: `tester-${newUuid()}`, passwordHash: "scrypt$x" };
        await store.upsertAccount(account);
        const session = makeSession(account.uuid, Date.now());
        expect(await store.createSession(session, 10, Date.now())).toBe(true);
        const service = makeService();
        const job = makeJob();
        await store.insert("model_services", service, job);
        const center = {
          uuid: newUuid(),
          name: "lab",
          url: "h:/mc",
          status: "Connected",
          managementIp: "10.0.0.2",
          managementPort: 5000,
          createDate: 1_000,
          lastOpDate: 1_000,
        };
        await store.insert("model_centers", center, makeJob());
        expect(await store.hasResources()).toBe(true);

        await store.reset();
        expect(await store.hasResources()).toBe(false);
        expect(await store.get("model_services", service.uuid)).toBeUndefined();
        expect(await store.get("model_centers", center.uuid)).toBeUndefined();
        expect(await store.getJob(job.uuid)).toBeUndefined();
        expect(await store.findAccount(account.name)).toEqual(account);
        expect((await store.getSession(session.uuid, Date.now()))?.uuid).toBe(session.uuid);
      } finally {
        await store.close();
      }
    });
  });
}

defineResetCases("SQLite", () => openStore(":memory:"));
describeOnPostgres("PostgreSQL", () => {
  defineResetCases("PostgreSQL", () => openStore(schema!.url, { poolSize: 2 }));
});
