// WAL checkpoints off the request path (server/store/sqlite/checkpointer.ts): while the store is open, committed
// writes are copied from the WAL into the database file by the worker. The main connection's own automatic
// checkpoint is far off (backstopCheckpointPages), so without the worker the database file alone would not hold them.
import { copyFileSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, expect, it, vi } from "vitest";
import { backstopCheckpointPages } from "../../server/store/sqlite/checkpointer.js";
import { openSqliteStore } from "../../server/store/sqlite/store.js";
import { makeJob, makeService } from "./store-fixtures.js";
import { addCenter, startServer } from "../helpers/server.js";

const dir = mkdtempSync(join(tmpdir(), "zms-checkpointer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Rows of a table in a copy of the database file taken without its WAL: what checkpoints put there. */
function rowsInDatabaseFileAlone(file: string, table = "model_services"): number {
  const copy = join(dir, "alone.db");
  rmSync(`${copy}-wal`, { force: true });
  copyFileSync(file, copy);
  const db = new Database(copy, { readonly: true });
  try {
    // Before any checkpoint the file alone does not even hold the schema.
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = ?").get(table)) return 0;
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const yaml = `services:\n${"  - name: padding\n".repeat(200)}`;
const insertHundred = (store: Awaited<ReturnType<typeof openSqliteStore>>) =>
  Promise.all(Array.from({ length: 100 }, () => store.insert("model_services", makeService({ yaml }), makeJob())));

it("copies committed writes into the database file in the background", async () => {
  const file = join(dir, "store.db");
  const store = await openSqliteStore(file);
  try {
    await insertHundred(store);
    // Far below the main connection's own threshold: only the worker can copy these into the file.
    expect(statSync(`${file}-wal`).size).toBeLessThan(backstopCheckpointPages * 4096);
    // A copy taken mid-checkpoint may be torn; waitFor tries again.
    await vi.waitFor(() => expect(rowsInDatabaseFileAlone(file)).toBe(100), { timeout: 5000, interval: 50 });
  } finally {
    await store.close();
  }
});

/** Commits one by one (a write awaited before the next: a group commit each). */
async function commitEach(store: Awaited<ReturnType<typeof openSqliteStore>>, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await store.insert("model_services", makeService({ yaml }), makeJob());
}

it("left for later (deferBackgroundWork), copies nothing until started and 32 commits followed", async () => {
  const file = join(dir, "deferred.db");
  const store = await openSqliteStore(file, { deferBackgroundWork: true });
  try {
    await insertHundred(store);
    store.startBackgroundWork();
    await commitEach(store, 31);
    // SQLite's own automatic checkpoint (1,000 pages) is not reached by these writes either.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(rowsInDatabaseFileAlone(file)).toBe(0);
    await commitEach(store, 1);
    await vi.waitFor(() => expect(rowsInDatabaseFileAlone(file)).toBe(132), { timeout: 5000, interval: 50 });
  } finally {
    await store.close();
  }
});

it("is started by a ready server with its writes: they reach the database file", async () => {
  const server = await startServer({}, dir);
  try {
    const session = await server.login();
    for (let i = 0; i < 32; i++) await addCenter(server.url, session);
    // The centers' rows, copied from the WAL into the file by the worker alone.
    await vi.waitFor(() => expect(rowsInDatabaseFileAlone(server.db, "model_centers")).toBe(32), {
      timeout: 5000,
      interval: 50,
    });
  } finally {
    await server.close();
  }
});
