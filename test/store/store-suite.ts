// One behaviour, two databases: every Store implementation runs these tests (sqlite.test.ts, postgres.test.ts).
// `open` returns a store on the same database each time, so that closing and reopening shows what persists.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuplicateKeyError, type ResourceQuery, type QueryCondition, type Store } from "../../server/store/types.js";
import type { StoredModelService } from "../../server/resources/model-services/definition.js";
import { makeJob, makeService, makeSession, newUuid } from "./store-fixtures.js";
import { defineAccessKeyCases } from "./access-key-cases.js";
import { computedUpdates } from "./store-suite-updates.js";

export interface StoreFactory {
  open(): Promise<Store>;
}

export function defineStoreSuite(label: string, factory: StoreFactory): void {
  describe(`Store on ${label}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await factory.open();
    });
    afterAll(async () => {
      await store?.close();
    });

    defineAccessKeyCases(() => store);
    computedUpdates(() => store);

    describe("services and their jobs", () => {
      it("adds a service with its job in one step, and gets both back as stored", async () => {
        const service = makeService({ hasNewVersion: true, size: 7_000_000_000 });
        const job = makeJob({
          outcome: { status: 200, body: { inventory: { uuid: service.uuid } } },
          webHook: "https://hooks.example/x",
        });
        await store.insert("model_services", service, job);
        expect(await store.get("model_services", service.uuid)).toEqual(service);
        expect(await store.getJob(job.uuid)).toEqual({
          uuid: job.uuid,
          apiName: "AddModelService",
          state: "succeeded",
          outcome: job.outcome,
          createdAt: job.now,
          finishedAt: job.now,
          webHook: "https://hooks.example/x",
        });
        expect(await store.hasJob(job.uuid)).toBe(true);
      });

      it("leaves out what was never set", async () => {
        const { description: _d, framework: _f, vendorToSpecUuidsMap: _v, systemTags: _s, ...bare } = makeService();
        await store.insert("model_services", bare, makeJob());
        const stored = await store.get("model_services", bare.uuid);
        expect(stored).toEqual(bare);
        expect(stored).not.toHaveProperty("description");
      });

      it("answers undefined for an unknown service or job", async () => {
        expect(await store.get("model_services", newUuid())).toBeUndefined();
        expect(await store.getJob(newUuid())).toBeUndefined();
        expect(await store.hasJob(newUuid())).toBe(false);
      });

      it("refuses a taken resourceUuid with DuplicateKeyError, and keeps nothing of the second add", async () => {
        const service = makeService();
        await store.insert("model_services", service, makeJob());
        const second = makeJob();
        const error = await store
          .insert("model_services", { ...service, name: "other" }, second)
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DuplicateKeyError);
        expect((error as DuplicateKeyError).key).toBe("resourceUuid");
        expect((await store.get("model_services", service.uuid))?.name).toBe(service.name);
        expect(await store.hasJob(second.uuid)).toBe(false);
      });

      it("adds submitted together each get their own outcome: a duplicate among them fails alone", async () => {
        // Both stores group the writes of one event-loop turn (one transaction or one statement): the grouping
        // must not change any caller's answer.
        const taken = makeService();
        await store.insert("model_services", taken, makeJob());
        const takenJob = makeJob();
        await store.recordJob(takenJob);
        const fresh = Array.from({ length: 6 }, () => ({ service: makeService(), job: makeJob() }));
        const results = await Promise.allSettled([
          ...fresh.slice(0, 3).map(({ service, job }) => store.insert("model_services", service, job)),
          store.insert("model_services", { ...taken, name: "again" }, makeJob()),
          store.insert("model_services", makeService(), takenJob),
          ...fresh.slice(3).map(({ service, job }) => store.insert("model_services", service, job)),
        ]);
        expect(results.map((r) => r.status)).toEqual([
          "fulfilled",
          "fulfilled",
          "fulfilled",
          "rejected",
          "rejected",
          "fulfilled",
          "fulfilled",
          "fulfilled",
        ]);
        expect((results[3] as PromiseRejectedResult).reason).toEqual(new DuplicateKeyError("resourceUuid"));
        expect((results[4] as PromiseRejectedResult).reason).toEqual(new DuplicateKeyError("jobUuid"));
        for (const { service, job } of fresh) {
          expect(await store.get("model_services", service.uuid)).toEqual(service);
          expect(await store.hasJob(job.uuid)).toBe(true);
        }
        expect((await store.get("model_services", taken.uuid))?.name).toBe(taken.name);
      });

      it("refuses a taken job uuid with DuplicateKeyError, and does not add the service", async () => {
        const job = makeJob();
        await store.recordJob(job);
        const service = makeService();
        const error = await store.insert("model_services", service, { ...job }).catch((e: unknown) => e);
        expect((error as DuplicateKeyError).key).toBe("jobUuid");
        expect(await store.get("model_services", service.uuid)).toBeUndefined();
        await expect(store.recordJob(job)).rejects.toThrow(DuplicateKeyError);
      });

      it("records a failed job on its own", async () => {
        const job = makeJob({
          outcome: { status: 503, body: { error: { code: "SYS.1007", description: "bad", details: "x" } } },
        });
        await store.recordJob(job);
        expect(await store.getJob(job.uuid)).toMatchObject({ state: "failed", outcome: job.outcome });
      });

      it("updates a service, recording the job made from the updated inventory", async () => {
        const service = makeService();
        await store.insert("model_services", service, makeJob());
        const jobUuid = newUuid();
        const updated = await store.update(
          "model_services",
          service.uuid,
          {
            name: "renamed",
            requestCpu: 8,
            description: undefined,
            vendorToSpecUuidsMap: { AMD: [] },
            lastOpDate: 2_000_000_000_000,
          },
          (inventory) =>
            makeJob({ uuid: jobUuid, apiName: "UpdateModelService", outcome: { status: 200, body: { inventory } } }),
        );
        const expected = {
          ...service,
          name: "renamed",
          requestCpu: 8,
          vendorToSpecUuidsMap: { AMD: [] },
          lastOpDate: 2_000_000_000_000,
        };
        expect(updated).toEqual(expected);
        expect(await store.get("model_services", service.uuid)).toEqual(expected);
        expect((await store.getJob(jobUuid))?.outcome?.body).toEqual({ inventory: expected });
      });

      it("answers undefined for an update of an unknown uuid and writes no job", async () => {
        const jobUuid = newUuid();
        expect(
          await store.update("model_services", newUuid(), { name: "x" }, () => makeJob({ uuid: jobUuid })),
        ).toBeUndefined();
        expect(await store.hasJob(jobUuid)).toBe(false);
      });

      it("deletes a service with its job; deleting an unknown uuid still records the job", async () => {
        const service = makeService();
        await store.insert("model_services", service, makeJob());
        const job = makeJob({ apiName: "DeleteModelService", outcome: { status: 200, body: {} } });
        await store.remove("model_services", service.uuid, job);
        expect(await store.get("model_services", service.uuid)).toBeUndefined();
        expect((await store.getJob(job.uuid))?.state).toBe("succeeded");
        const again = makeJob({ apiName: "DeleteModelService" });
        await store.remove("model_services", service.uuid, again);
        expect(await store.hasJob(again.uuid)).toBe(true);
      });
    });

    describe("queries", () => {
      // Every query is confined to this model center, so other tests' services never show up.
      const center = newUuid();
      const at = (minute: number) => Date.UTC(2026, 10, 24, 16, minute);
      const services: StoredModelService[] = [
        makeService({
          name: "alpha",
          modelCenterUuid: center,
          requestCpu: 1,
          requestMemory: 1024,
          type: "Endpoint",
          createDate: at(1),
          system: true,
        }),
        makeService({
          name: "Beta-chat",
          modelCenterUuid: center,
          requestCpu: 2,
          requestMemory: 2048,
          type: "FineTune",
          createDate: at(2),
          description: undefined,
        }),
        makeService({
          name: "gamma",
          modelCenterUuid: center,
          requestCpu: 4,
          requestMemory: 4096,
          type: "Endpoint",
          createDate: at(3),
        }),
        makeService({
          name: "delta-chat",
          modelCenterUuid: center,
          requestCpu: 8,
          requestMemory: 8192,
          type: "App",
          createDate: at(4),
          description: undefined,
        }),
      ];
      const query = (conditions: QueryCondition[], rest: Partial<ResourceQuery> = {}) =>
        store.query("model_services", {
          conditions: [{ field: "modelCenterUuid", op: "=", values: [center] }, ...conditions],
          limit: 1000,
          start: 0,
          count: false,
          replyWithCount: false,
          ...rest,
        });
      const names = async (conditions: QueryCondition[], rest: Partial<ResourceQuery> = {}) =>
        (await query(conditions, rest)).records?.map((service) => service.name);

      beforeAll(async () => {
        for (const service of services) await store.insert("model_services", service, makeJob());
      });

      it.each<[string, QueryCondition, string[]]>([
        ["=", { field: "type", op: "=", values: ["Endpoint"] }, ["alpha", "gamma"]],
        ["!=", { field: "type", op: "!=", values: ["Endpoint"] }, ["Beta-chat", "delta-chat"]],
        [">", { field: "requestCpu", op: ">", values: [2] }, ["gamma", "delta-chat"]],
        ["<", { field: "requestMemory", op: "<", values: [2048] }, ["alpha"]],
        [">=", { field: "requestCpu", op: ">=", values: [2] }, ["Beta-chat", "gamma", "delta-chat"]],
        ["<=", { field: "createDate", op: "<=", values: [at(2)] }, ["alpha", "Beta-chat"]],
        ["?=", { field: "type", op: "?=", values: ["App", "FineTune"] }, ["Beta-chat", "delta-chat"]],
        ["!?=", { field: "requestCpu", op: "!?=", values: [1, 8] }, ["Beta-chat", "gamma"]],
        [
          "~= (ignoring case, as ZStack's MySQL does)",
          { field: "name", op: "~=", values: ["%CHAT"] },
          ["Beta-chat", "delta-chat"],
        ],
        ["!~=", { field: "name", op: "!~=", values: ["%chat%"] }, ["alpha", "gamma"]],
        ["is null", { field: "description", op: "is null", values: [] }, ["Beta-chat", "delta-chat"]],
        ["not null", { field: "description", op: "not null", values: [] }, ["alpha", "gamma"]],
        ["= on a boolean", { field: "system", op: "=", values: [true] }, ["alpha"]],
      ])("%s", async (_op, condition, expected) => {
        expect(await names([condition])).toEqual(expected);
      });

      it("ANDs conditions: type=Endpoint AND requestCpu>=2", async () => {
        expect(
          await names([
            { field: "type", op: "=", values: ["Endpoint"] },
            { field: "requestCpu", op: ">=", values: [2] },
          ]),
        ).toEqual(["gamma"]);
      });

      it("sorts ascending and descending, with nulls as MySQL places them", async () => {
        expect(await names([], { sort: { field: "requestCpu", direction: "desc" } })).toEqual([
          "delta-chat",
          "gamma",
          "Beta-chat",
          "alpha",
        ]);
        expect(await names([], { sort: { field: "name", direction: "asc" } })).toEqual([
          "Beta-chat",
          "alpha",
          "delta-chat",
          "gamma",
        ]);
        const byDescription = await names([], { sort: { field: "description", direction: "asc" } });
        expect(byDescription?.slice(0, 2).sort()).toEqual(["Beta-chat", "delta-chat"]);
      });

      it("pages with limit and start in a stable order", async () => {
        const sort = { field: "createDate", direction: "desc" } as const;
        expect(await names([], { sort, limit: 2 })).toEqual(["delta-chat", "gamma"]);
        expect(await names([], { sort, limit: 2, start: 2 })).toEqual(["Beta-chat", "alpha"]);
        expect(await names([], { sort, limit: 2, start: 4 })).toEqual([]);
        expect(await names([], { limit: 0 })).toEqual([]);
      });

      it("answers only the total with count, and both with replyWithCount", async () => {
        expect(await query([{ field: "requestCpu", op: ">=", values: [2] }], { count: true })).toEqual({ total: 3 });
        const both = await query([], { replyWithCount: true, limit: 1 });
        expect(both.total).toBe(4);
        expect(both.records).toHaveLength(1);
        expect(await query([])).not.toHaveProperty("total");
      });

      it("returns whole inventories, nested fields included", async () => {
        const { records: found } = await query([{ field: "name", op: "=", values: ["gamma"] }]);
        expect(found).toEqual([services[2]]);
      });

      it("takes values as data, never as SQL", async () => {
        expect(await names([{ field: "name", op: "=", values: ["x' OR '1'='1"] }])).toEqual([]);
      });
    });

    describe("accounts and sessions", () => {
      const now = 1_800_000_000_000;

      it("creates and replaces an account's password hash", async () => {
        const account = { uuid: newUuid(), name: `admin-${newUuid()}`, passwordHash: "scrypt$1" };
        expect(await store.findAccount(account.name)).toBeUndefined();
        await store.upsertAccount(account);
        await store.upsertAccount({ ...account, passwordHash: "scrypt$2" });
        expect(await store.findAccount(account.name)).toEqual({ ...account, passwordHash: "scrypt$2" });
      });

      it("creates a session and answers it until it expires", async () => {
        const session = makeSession(newUuid(), now);
        expect(await store.createSession(session, 500, now)).toBe(true);
        expect(await store.getSession(session.uuid, now + 1000)).toEqual(session);
        expect(await store.getSession(session.uuid, session.expiresAt)).toBeUndefined();
      });

      it("renews a live session, never an expired one", async () => {
        const session = makeSession(newUuid(), now);
        await store.createSession(session, 500, now);
        await store.renewSession(session.uuid, now + 10_000_000, now + 60_000);
        expect(await store.getSession(session.uuid, now + 9_000_000)).toMatchObject({
          expiresAt: now + 10_000_000,
          renewedAt: now + 60_000,
        });
        await store.renewSession(session.uuid, now + 99_000_000, now + 10_000_000);
        expect(await store.getSession(session.uuid, now + 10_000_001)).toBeUndefined();
      });

      it("sets a live session's expiry, shorter too, with its job in one transaction (RenewSession)", async () => {
        const session = makeSession(newUuid(), now);
        await store.createSession(session, 500, now);
        const job = makeJob({ apiName: "RenewSession", now: now + 1000 });
        const longer = await store.setSessionExpiry(session.uuid, now + 99_000_000, now + 1000, (renewed) => {
          expect(renewed).toEqual({ ...session, expiresAt: now + 99_000_000, renewedAt: now + 1000 });
          return job;
        });
        expect(longer).toMatchObject({ uuid: session.uuid, expiresAt: now + 99_000_000 });
        expect(await store.getSession(session.uuid, now + 50_000_000)).toMatchObject({ expiresAt: now + 99_000_000 });
        expect((await store.getJob(job.uuid))?.state).toBe("succeeded");
        await store.setSessionExpiry(session.uuid, now + 60_000, now + 2000, () => makeJob());
        expect(await store.getSession(session.uuid, now + 60_001)).toBeUndefined();
      });

      it("sets no expiry and writes no job for an unknown or expired session", async () => {
        const session = makeSession(newUuid(), now);
        await store.createSession(session, 500, now);
        for (const [uuid, at] of [
          [newUuid(), now],
          [session.uuid, session.expiresAt],
        ] as const) {
          const job = makeJob();
          expect(await store.setSessionExpiry(uuid, at + 99_000_000, at, () => job)).toBeUndefined();
          expect(await store.getJob(job.uuid)).toBeUndefined();
        }
        expect(await store.getSession(session.uuid, session.expiresAt)).toBeUndefined();
      });

      it("answers many lookups of one turn each as of its own time, and sees a logout at once", async () => {
        const session = makeSession(newUuid(), now);
        await store.createSession(session, 500, now);
        const times = [now + 1000, session.expiresAt, now + 2000, session.expiresAt + 1];
        const answers = await Promise.all([
          ...times.map((t) => store.getSession(session.uuid, t)),
          store.getSession(newUuid(), now),
        ]);
        expect(answers).toEqual([session, undefined, session, undefined, undefined]);
        await store.deleteSession(session.uuid);
        expect(
          await Promise.all([store.getSession(session.uuid, now + 1000), store.getSession(session.uuid, now + 1000)]),
        ).toEqual([undefined, undefined]);
      });

      it("deletes a session (logout)", async () => {
        const session = makeSession(newUuid(), now);
        await store.createSession(session, 500, now);
        await store.deleteSession(session.uuid);
        expect(await store.getSession(session.uuid, now)).toBeUndefined();
      });

      it("allows 500 live sessions per account, then refuses; expired ones do not count", async () => {
        const account = newUuid();
        await store.createSession(makeSession(account, now - 8_000_000), 500, now - 8_000_000); // expired by `now`
        for (let i = 0; i < 499; i++) expect(await store.createSession(makeSession(account, now), 500, now)).toBe(true);
        // The last free place, asked for five times at once: exactly one gets it.
        const racing = await Promise.all(
          Array.from({ length: 5 }, () => store.createSession(makeSession(account, now), 500, now)),
        );
        expect(racing.filter(Boolean)).toHaveLength(1);
        expect(await store.createSession(makeSession(newUuid(), now), 500, now)).toBe(true);
      });

      it("purges expired sessions and jobs finished before the retention cut", async () => {
        const expired = makeSession(newUuid(), 1_000, { expiresAt: 5_000 });
        const live = makeSession(newUuid(), 1_000, { expiresAt: 50_000 });
        await store.createSession(expired, 500, 1_000);
        await store.createSession(live, 500, 1_000);
        const old = makeJob({ now: 10 });
        const recent = makeJob({ now: 900_000 });
        await store.recordJob(old);
        await store.recordJob(recent);
        const purged = await store.purgeExpired(10_000, 100_000);
        expect(purged.sessions).toBeGreaterThanOrEqual(1);
        expect(purged.jobs).toBeGreaterThanOrEqual(1);
        expect(await store.getSession(live.uuid, 10_000)).toBeDefined();
        expect(await store.hasJob(old.uuid)).toBe(false);
        expect(await store.hasJob(recent.uuid)).toBe(true);
      });
    });

    describe("one database, two stores", () => {
      it("lets exactly one of two concurrent adds of one resourceUuid succeed", async () => {
        const other = await factory.open();
        try {
          const service = makeService();
          const results = await Promise.allSettled([
            store.insert("model_services", service, makeJob()),
            other.insert("model_services", service, makeJob()),
          ]);
          expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
          const rejected = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
          expect(rejected.reason).toBeInstanceOf(DuplicateKeyError);
        } finally {
          await other.close();
        }
      });

      it("keeps everything across close and reopen, and migrating again changes nothing", async () => {
        const service = makeService();
        const job = makeJob();
        const session = makeSession(newUuid(), 1_000);
        await store.insert("model_services", service, job);
        await store.createSession(session, 500, 1_000);
        await store.close();
        store = await factory.open();
        await store.migrate();
        await store.ping();
        expect(await store.get("model_services", service.uuid)).toEqual(service);
        expect(await store.getJob(job.uuid)).toBeDefined();
        expect(await store.getSession(session.uuid, 2_000)).toEqual(session);
      });
    });
  });
}
