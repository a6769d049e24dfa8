import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../server/store/index.js";
import { defineStoreSuite } from "./store-suite.js";

const dir = mkdtempSync(join(tmpdir(), "zms-store-"));
// A folder that does not exist yet: the store creates it.
const file = join(dir, "nested", "store.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

defineStoreSuite("SQLite", { open: () => openStore(file) });

describe("SQLite file", () => {
  it("is in WAL mode with synchronous=NORMAL and records its migrations", async () => {
    const { default: Database } = await import("better-sqlite3");
    const store = await openStore(file);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.prepare("SELECT version FROM schema_migrations").all()).toEqual([{ version: 1 }]);
    } finally {
      db.close();
      await store.close();
    }
  });
});
