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

const dir = mkdtempSync(join(tmpdir(), "zms-checkpointer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Rows of model_services in a copy of the database file taken without its WAL: what checkpoints put there. */
function rowsInDatabaseFileAlone(file: string): number {
  const copy = join(dir, "alone.db");
  rmSync(`${copy}-wal`, { force: true });
  copyFileSync(file, copy);
  const db = new Database(copy, { readonly: true });
  try {
    // Before any checkpoint the file alone does not even hold the schema.
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'model_services'").get()) return 0;
    return (db.prepare("SELECT count(*) AS n FROM model_services").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

it("copies committed writes into the database file in the background", async () => {
  const file = join(dir, "store.db");
  const store = await openSqliteStore(file);
  try {
    const yaml = `services:\n${"  - name: padding\n".repeat(200)}`;
    await Promise.all(
      Array.from({ length: 100 }, () => store.insert("model_services", makeService({ yaml }), makeJob())),
    );
    // Far below the main connection's own threshold: only the worker can copy these into the file.
    expect(statSync(`${file}-wal`).size).toBeLessThan(backstopCheckpointPages * 4096);
    // A copy taken mid-checkpoint may be torn; waitFor tries again.
    await vi.waitFor(() => expect(rowsInDatabaseFileAlone(file)).toBe(100), { timeout: 5000, interval: 50 });
  } finally {
    await store.close();
  }
});
