// Chooses the store for a `--db` value: a PostgreSQL URL selects PostgreSQL, anything else is a SQLite file path.

import type { Store } from "./types.js";

export * from "./types.js";

export interface OpenStoreOptions {
  /** PostgreSQL connection pool size (default 10); ignored by SQLite. */
  poolSize?: number;
  /** How long a query or connect may take before it rejects with StoreUnavailableError (default 5000 ms). */
  timeoutMs?: number;
  /**
   * Leave the store's background work (SQLite: its WAL checkpointer thread) until `startBackgroundWork()`, which the
   * server calls once ready and after which the thread starts with the writes that follow: started at open, it
   * competed with start-up for the machine's cores (figures: bench/README.md). Until the checkpointer runs, the
   * connection checkpoints its own WAL, as SQLite does by default.
   */
  deferBackgroundWork?: boolean;
}

export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/** Opens the store and brings its schema up to date (safe when several instances start at once). */
export async function openStore(db: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (isPostgresUrl(db)) {
    // Loaded only when asked for, so SQLite users never load pg.
    const { openPostgresStore } = await import("./postgres/store.js");
    return openPostgresStore(db, options);
  }
  const { openSqliteStore } = await import("./sqlite/store.js");
  return openSqliteStore(db, options);
}
