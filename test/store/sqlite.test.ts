import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../server/store/index.js";
import { migrations } from "../../server/store/migrations.js";
import { makeSession } from "./store-fixtures.js";
import { defineStoreSuite } from "./store-suite.js";
import { defineWritePlanSuite } from "./write-plans-suite.js";
import { randomUuid } from "../../server/zstack/uuids.js";

const dir = mkdtempSync(join(tmpdir(), "zms-store-"));
// A folder that does not exist yet: the store creates it.
const file = join(dir, "nested", "store.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

defineStoreSuite("SQLite", { open: () => openStore(file) });
defineWritePlanSuite("SQLite", { open: () => openStore(file) });

describe("SQLite file", () => {
  it("is in WAL mode with synchronous=NORMAL and records its migrations", async () => {
    const { default: Database } = await import("better-sqlite3");
    const store = await openStore(file);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.prepare("SELECT version FROM schema_migrations ORDER BY version").all()).toEqual(
        migrations.map(({ version }) => ({ version })),
      );
    } finally {
      db.close();
      await store.close();
    }
  });
});

describe("two processes on one SQLite file (two connections here)", () => {
  it("each sees the other's logout and renewal of a session it has already read", async () => {
    const shared = join(dir, "two-processes.db");
    const [a, b] = [await openStore(shared), await openStore(shared)];
    try {
      const now = Date.now();
      const session = makeSession(randomUuid(), now);
      expect(await a.createSession(session, 500, now)).toBe(true);
      expect(await a.getSession(session.uuid, now)).toEqual(session);
      expect(await b.getSession(session.uuid, now)).toEqual(session);

      await b.renewSession(session.uuid, now + 9_000_000, now + 1);
      expect((await a.getSession(session.uuid, now + 2))?.expiresAt).toBe(now + 9_000_000);

      await b.deleteSession(session.uuid);
      expect(await a.getSession(session.uuid, now + 3)).toBeUndefined();
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe("what a store knows of the other process's commits (Store.requestArrived)", () => {
  it("is learnt anew by each batch of arriving requests, and at every read outside a batch", async () => {
    const { default: Database } = await import("better-sqlite3");
    const shared = join(dir, "data-version.db");
    const store = await openStore(shared);
    // The other process: a connection of its own, committing at once.
    const other = new Database(shared);
    other.exec("CREATE TABLE other_process (x INTEGER)");
    const commitElsewhere = () => other.prepare("INSERT INTO other_process VALUES (1)").run();
    try {
      const before = store.dataVersion();
      commitElsewhere();
      // Outside a batch of requests (a tool, a test): every read.
      expect(store.dataVersion()).not.toBe(before);

      store.requestArrived();
      const ofBatch = store.dataVersion();
      commitElsewhere();
      // The reads of one batch share what its first read learnt: this commit came after its requests had arrived.
      expect(store.dataVersion()).toBe(ofBatch);
      await new Promise((resolve) => setImmediate(resolve));
      // The next batch's requests arrive after that commit: they see it.
      store.requestArrived();
      expect(store.dataVersion()).not.toBe(ofBatch);
    } finally {
      other.close();
      await store.close();
    }
  });
});
