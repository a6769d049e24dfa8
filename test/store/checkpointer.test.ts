// WAL checkpoints off the request path (server/store/checkpointer.ts): while the store is open and no
// request is asking for it, committed pages are copied from the WAL into the database file by the worker.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it, vi } from "vitest";
import { backstopCheckpointPages } from "../../server/store/sqlite/checkpointer.js";
import { openSqliteStore } from "../../server/store/sqlite/store.js";
import { makeJob, makeService } from "./store-fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "zms-checkpointer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("copies committed writes into the database file in the background", async () => {
  const file = join(dir, "store.db");
  const store = await openSqliteStore(file);
  try {
    const sizeBefore = statSync(file).size;
    const yaml = "services:\n" + "  - name: padding\n".repeat(200);
    await Promise.all(Array.from({ length: 100 }, () => store.insert("model_services", makeService({ yaml }), makeJob())));
    // Far below the main connection's own threshold: only the worker can have done it.
    expect(statSync(`${file}-wal`).size).toBeLessThan(backstopCheckpointPages * 4096);
    await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(sizeBefore + 100 * yaml.length), { timeout: 5000, interval: 50 });
  } finally {
    await store.close();
  }
});
