// What every handler shares, built once at start-up: nothing here is recomputed per request.
import type { Request } from "express";
import type { Logger } from "pino";
import type { AnswerCache } from "./performance/answer-cache.js";
import type { Contract } from "./contract/index.js";
import type { JavaClasses } from "./zstack/inventory.js";
import type { ResolvedOptions } from "./options.js";
import type { Store, StoredSession } from "./store/types.js";
import type { WebhookDeliverer } from "./zstack/webhooks.js";

export interface ServerContext {
  options: ResolvedOptions;
  store: Store;
  contract: Contract;
  logger: Logger;
  /** By asynchronous action: the classes of the inventory its job answers (for `schema` maps in job polls). */
  jobResults: Map<string, JavaClasses>;
  webhooks: WebhookDeliverer;
  /** Read answers kept while the stored data is unchanged. */
  answers: AnswerCache;
  /** Checks a service YAML in the server's --yaml-check mode; the problems, each naming `field`. */
  checkYaml(text: string, field: string): string[];
  /** Resolves the caller's session from `Authorization: OAuth <uuid>`, renewing it; throws a ZStackError. */
  authenticate(req: Request): Promise<StoredSession>;
}

/** Whether the caller asked for ZStack's `schema` map. */
export function wantsJsonSchema(req: Request): boolean {
  return String(req.headers["x-json-schema"] ?? "").toLowerCase() === "true";
}
