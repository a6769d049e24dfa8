// The PostgreSQL store (issue 8): not written yet.

import type { Store } from "./types.js";

export async function openPostgresStore(_url: string, _options: { poolSize?: number; timeoutMs?: number }): Promise<Store> {
  throw new Error("the PostgreSQL store is not implemented yet");
}
