// Group commit (server/store/group-commit.ts): writes submitted together share one transaction, each settles
// only after that COMMIT, a failing write fails alone, a failed COMMIT fails exactly the writes in it, and
// acknowledged writes survive a reopen.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { GroupCommit } from "../../server/store/sqlite/group-commit.js";
import { openSqliteStore } from "../../server/store/sqlite/store.js";
import { DuplicateKeyError } from "../../server/store/types.js";
import { makeService as sampleService } from "./store-fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "zms-group-commit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function job(uuid: string, now = Date.now()) {
  return { uuid, apiName: "AddModelService", outcome: { status: 200 as const, body: {} }, now };
}

describe("SQLite store with group commit", () => {
  it("commits writes submitted together in one transaction, and they survive a reopen", async () => {
    const file = join(dir, "together.db");
    const store = await openSqliteStore(file);
    const before = store.commitStats;
    const services = Array.from({ length: 20 }, (_, i) =>
      sampleService({ uuid: `together${String(i).padStart(24, "0")}` }),
    );
    await Promise.all(
      services.map((service, i) => store.insert("model_services", service, job(`job${String(i).padStart(29, "0")}`))),
    );
    const after = store.commitStats;
    expect(after.writes - before.writes).toBe(20);
    expect(after.transactions - before.transactions).toBe(1);
    await store.close();

    const reopened = await openSqliteStore(file);
    try {
      for (const service of services)
        expect((await reopened.get("model_services", service.uuid))?.name).toBe(service.name);
      expect(await reopened.hasJob(`job${"19".padStart(29, "0")}`)).toBe(true);
    } finally {
      await reopened.close();
    }
  });

  it("fails only the write whose statement fails; the others in its transaction commit", async () => {
    const store = await openSqliteStore(join(dir, "one-fails.db"));
    try {
      const existing = sampleService({ uuid: "e".repeat(32) });
      await store.insert("model_services", existing, job("a".repeat(32)));
      const results = await Promise.allSettled([
        store.insert("model_services", sampleService({ uuid: "1".repeat(32) }), job("b".repeat(32))),
        store.insert("model_services", sampleService({ uuid: existing.uuid }), job("c".repeat(32))),
        store.insert("model_services", sampleService({ uuid: "3".repeat(32) }), job("d".repeat(32))),
        // Its service insert succeeds, its job insert fails: the service must go too.
        store.insert("model_services", sampleService({ uuid: "4".repeat(32) }), job("a".repeat(32))),
        store.insert("model_services", sampleService({ uuid: "5".repeat(32) }), job("5".repeat(32))),
      ]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "rejected", "fulfilled"]);
      expect((results[1] as PromiseRejectedResult).reason).toEqual(new DuplicateKeyError("resourceUuid"));
      expect((results[3] as PromiseRejectedResult).reason).toEqual(new DuplicateKeyError("jobUuid"));
      expect(await store.get("model_services", "4".repeat(32))).toBeUndefined();
      expect(await store.get("model_services", "5".repeat(32))).toBeDefined();
      expect(await store.get("model_services", "1".repeat(32))).toBeDefined();
      expect(await store.get("model_services", "3".repeat(32))).toBeDefined();
      // The failed write left nothing behind, not even its job.
      expect(await store.hasJob("c".repeat(32))).toBe(false);
    } finally {
      await store.close();
    }
  });

  it("commits what was submitted before close", async () => {
    const file = join(dir, "close.db");
    const store = await openSqliteStore(file);
    const pending = store.insert("model_services", sampleService({ uuid: "f".repeat(32) }), job("9".repeat(32)));
    await store.close();
    await pending;
    const reopened = await openSqliteStore(file);
    try {
      expect(await reopened.get("model_services", "f".repeat(32))).toBeDefined();
    } finally {
      await reopened.close();
    }
  });
});

describe("GroupCommit on a bare connection", () => {
  function openDb(name: string) {
    const db = new Database(join(dir, name));
    db.pragma("journal_mode = WAL");
    db.pragma("foreign_keys = ON");
    db.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
      CREATE TABLE child (id INTEGER PRIMARY KEY,
        parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);`);
    return db;
  }
  const ids = (db: Database.Database, table: string) =>
    (db.prepare(`SELECT id FROM ${table} ORDER BY id`).all() as { id: number }[]).map((r) => r.id);

  it("while another connection holds the write lock, writes wait for it; past the limit they fail, unrun", async () => {
    const db = openDb("locked.db");
    db.pragma("busy_timeout = 0"); // SQLite answers BUSY at once, as it may during another's WAL truncation
    const other = new Database(join(dir, "locked.db"));
    const isBusy = (error: unknown) => (error as { code?: string }).code === "SQLITE_BUSY";
    const group = new GroupCommit(db, (error) => error, { isBusy, delayMs: 2, giveUpAfterMs: 300 });
    const insertParent = db.prepare("INSERT INTO parent (id) VALUES (?)");
    try {
      other.exec("BEGIN IMMEDIATE");
      const waiting = group.submit(() => insertParent.run(1));
      await new Promise((resolve) => setTimeout(resolve, 50));
      other.exec("COMMIT");
      await expect(waiting).resolves.toMatchObject({ changes: 1 });

      other.exec("BEGIN IMMEDIATE");
      const started = performance.now();
      await expect(group.submit(() => insertParent.run(2))).rejects.toMatchObject({ code: "SQLITE_BUSY" });
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      other.exec("COMMIT");
      expect(ids(db, "parent")).toEqual([1]);
    } finally {
      other.close();
      db.close();
    }
  });

  it("a failed COMMIT fails exactly the writes of that transaction; the next transaction is unaffected", async () => {
    const db = openDb("commit-fails.db");
    const group = new GroupCommit(db, (error) => error);
    const insertChild = db.prepare("INSERT INTO child (id, parent) VALUES (?, ?)");
    // A deferred foreign key is checked at COMMIT: the dangling child makes the whole COMMIT fail.
    const first = [group.submit(() => insertChild.run(1, null)), group.submit(() => insertChild.run(2, 999))];
    const firstResults = await Promise.allSettled(first);
    expect(firstResults.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(String((firstResults[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);

    const second = await Promise.allSettled([group.submit(() => insertChild.run(3, null))]);
    expect(second.map((r) => r.status)).toEqual(["fulfilled"]);
    expect(ids(db, "child")).toEqual([3]);
    expect(db.inTransaction).toBe(false);
    db.close();
  });

  it("when SQLite abandons the whole transaction, writes that ran fail and the rest run in the next one", async () => {
    const db = openDb("abandoned.db");
    const group = new GroupCommit(db, (error) => error);
    const insertParent = db.prepare("INSERT INTO parent (id) VALUES (?)");
    const results = await Promise.allSettled([
      group.submit(() => insertParent.run(1)),
      group.submit(() => {
        // Stands in for an error after which SQLite rolls the transaction back by itself (e.g. SQLITE_FULL).
        db.exec("ROLLBACK");
        throw new Error("transaction abandoned");
      }),
      group.submit(() => insertParent.run(3)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "fulfilled"]);
    expect(ids(db, "parent")).toEqual([3]);
    expect(group.stats.transactions).toBe(1);
    db.close();
  });
});
