// The context start-up's warm-up requests are handled in (http/warm-up.ts). V8 compiles a function when it first
// runs and speeds it up only as it runs again, so the first call of an operation whose handler never ran paid that
// for the whole handler, its store code and its answer: the first AddModelService took about twice as long as the
// next (figures: bench/README.md). Answering the warm-up's writes with their examples' answers left that to the
// first caller. So every warm-up request runs through its real handler, in a context of its own: the server's
// options, contract and job readers, on an empty in-memory store opened for the warm-up and closed after it, with
// webhooks that reach nowhere. The server's own store never sees a warm-up request; V8's compiled code is the
// process's, so the server's handlers are then as warm as these.
import type { RequestHandler } from "express";
import type { ServerContext } from "../context.js";
import { warmUpAdminAccount } from "../accounts/admin.js";
import { openSqliteStore } from "../store/sqlite/store.js";
import { webhookDeliverer } from "../zstack/webhooks.js";
import { AnswerCache, defaultAnswerCacheLimits } from "./answer-cache.js";

export interface WarmUpContext {
  /** Every action's handler, made for the warm-up's context. */
  handlers: Record<string, RequestHandler>;
  /** Closes the warm-up's store and webhooks. */
  close(): Promise<void>;
}

export async function openWarmUpContext(
  ctx: ServerContext,
  makeHandlers: (ctx: ServerContext) => Record<string, RequestHandler>,
): Promise<WarmUpContext> {
  // SQLite whatever the server's store: nothing to reach, nothing left behind (a PostgreSQL server loads
  // better-sqlite3 for it too, and its own store's code first runs with its first requests). Imported statically:
  // measured in the compiled server, a dynamic import of the module here took 150 ms.
  const store = await openSqliteStore(":memory:");
  await warmUpAdminAccount(store);
  // What the handlers would log (e.g. that access-key secrets are stored in clear) is about this store only.
  const logger = ctx.logger.child({}, { level: "silent" });
  const webhooks = webhookDeliverer([], { attempts: 0, delayMs: 0 }, logger);
  const warmUp: ServerContext = {
    ...ctx,
    store,
    logger,
    webhooks,
    // Empty, with the server's limits: reads are built and kept as the server's own first ones would be.
    answers: new AnswerCache({ ...defaultAnswerCacheLimits, maxBytes: ctx.options.readCacheMb * 1024 * 1024 }),
  };
  return {
    handlers: makeHandlers(warmUp),
    async close() {
      webhooks.close();
      await store.close();
    },
  };
}
