// Writes across tables as one transaction (server/store/writes.ts), on every store: what a plan reads decides
// what it changes, its job commits with it, and nothing of a plan that fails is kept. Model services stand in
// for any resource table.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store, StoredRecord, WritePlan } from "../../server/store/types.js";
import { makeJob, makeService, newUuid } from "./store-fixtures.js";
import type { StoreFactory } from "./store-suite.js";

const table = "model_services";

export function defineWritePlanSuite(label: string, factory: StoreFactory): void {
  describe(`write plans on ${label}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await factory.open();
    });
    afterAll(async () => {
      await store?.close();
    });

    /** Inserts `record` only if the record named `reference` exists, like an add that checks a reference. */
    const addIfReferenced = (record: StoredRecord, reference: string): WritePlan<boolean> => ({
      reads: [{ as: "referenced", table, values: [reference], lock: "share" }],
      decide: (found) => {
        const ok = found.referenced!.length === 1;
        return { changes: ok ? [{ op: "insert", table, record }] : [], job: makeJob(), result: ok };
      },
    });

    it("decides on what it read: a present reference lets the insert in, a missing one keeps nothing", async () => {
      const center = makeService();
      await store.insert(table, center, makeJob());
      const good = makeService();
      const bad = makeService();
      expect(await store.write(addIfReferenced(good, center.uuid))).toBe(true);
      expect(await store.write(addIfReferenced(bad, newUuid()))).toBe(false);
      expect(await store.get(table, good.uuid)).toEqual(good);
      expect(await store.get(table, bad.uuid)).toBeUndefined();
    });

    it("leaves a job running without an outcome, ends it once with finishJob, and may record no job", async () => {
      const job = makeJob({ apiName: "DeployModelService", outcome: undefined, now: 2_000 });
      await store.write({ reads: [], decide: () => ({ changes: [], job, result: undefined }) });
      expect(await store.getJob(job.uuid)).toEqual({
        uuid: job.uuid,
        apiName: "DeployModelService",
        state: "running",
        createdAt: 2_000,
      });
      const service = makeService();
      const finish = (status: 200 | 503, now: number): WritePlan<void> => ({
        reads: [],
        decide: () => ({
          changes: [
            { op: "finishJob", uuid: job.uuid, outcome: { status, body: { status } }, now },
            ...(status === 200 ? [{ op: "insert" as const, table, record: service }] : []),
          ],
          result: undefined,
        }),
      });
      await store.write(finish(200, 3_000));
      await store.write(finish(503, 4_000));
      expect(await store.getJob(job.uuid)).toEqual({
        uuid: job.uuid,
        apiName: "DeployModelService",
        state: "succeeded",
        outcome: { status: 200, body: { status: 200 } },
        createdAt: 2_000,
        finishedAt: 3_000,
      });
      expect(await store.get(table, service.uuid)).toEqual(service);
    });

    it("commits its job with its changes, and neither when a change fails", async () => {
      const taken = makeService();
      await store.insert(table, taken, makeJob());
      const job = makeJob();
      const fresh = makeService();
      const failing: WritePlan<void> = {
        reads: [],
        decide: () => ({
          changes: [
            { op: "insert", table, record: fresh },
            { op: "insert", table, record: taken },
          ],
          job,
          result: undefined,
        }),
      };
      await expect(store.write(failing)).rejects.toThrow();
      expect(await store.get(table, fresh.uuid)).toBeUndefined();
      expect(await store.hasJob(job.uuid)).toBe(false);
    });

    it("skips an insert whose key is taken when asked to (idempotent binds)", async () => {
      const existing = makeService();
      await store.insert(table, existing, makeJob());
      const job = makeJob();
      await store.write({
        reads: [],
        decide: () => ({
          changes: [{ op: "insert", table, record: { ...existing, name: "again" }, ifAbsent: true }],
          job,
          result: 0,
        }),
      });
      expect((await store.get(table, existing.uuid))?.name).toBe(existing.name);
      expect(await store.hasJob(job.uuid)).toBe(true);
    });

    it("deletes by another column, clears a column, and rewrites a record in one transaction", async () => {
      const group = newUuid();
      const marker = `framework-${newUuid()}`;
      const [a, b, kept] = [makeService({ modelCenterUuid: group }), makeService({ framework: marker }), makeService()];
      for (const service of [a, b, kept]) await store.insert(table, service, makeJob());
      await store.write({
        reads: [{ as: "members", table, column: "model_center_uuid", values: [group], lock: "update" }],
        decide: (found) => ({
          changes: [
            { op: "delete", table, where: { uuid: found.members!.map((s) => s.uuid) } },
            { op: "clear", table, column: "framework", values: [marker] },
            { op: "update", table, record: { ...kept, name: "renamed" } },
          ],
          job: makeJob(),
          result: undefined,
        }),
      });
      expect(await store.related(table, "model_center_uuid", [group])).toEqual([]);
      expect(await store.get(table, b.uuid)).not.toHaveProperty("framework");
      expect((await store.get(table, kept.uuid))?.name).toBe("renamed");
    });

    it("sums a column per group, and finds related records", async () => {
      const [g1, g2] = [newUuid(), newUuid()];
      for (const [group, size] of [
        [g1, 5],
        [g1, 7],
        [g2, 11],
      ] as const) {
        await store.insert(table, makeService({ modelCenterUuid: group, size }), makeJob());
      }
      const sums = await store.sums(table, "size", "model_center_uuid", [g1, g2, newUuid()]);
      expect(Object.fromEntries(sums)).toEqual({ [g1]: 12, [g2]: 11 });
      expect(await store.related(table, "model_center_uuid", [g2])).toHaveLength(1);
      expect(await store.related(table, "model_center_uuid", [])).toEqual([]);
    });
  });
}
