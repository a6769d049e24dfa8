// What every handler shares, built once at start-up: nothing here is recomputed per request.
import type { Request } from "express";
import type { Logger } from "pino";
import type { AnswerCache } from "./performance/answer-cache.js";
import type { Contract } from "./contract/index.js";
import type { JavaClasses } from "./zstack/inventory.js";
import type { ResolvedOptions } from "./options.js";
import type { Store } from "./store/types.js";
import type { Identity } from "./accounts/auth.js";
import type { SecretBox } from "./accounts/secret-box.js";
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
  /**
   * Resolves the caller from `Authorization: OAuth <uuid>` (renewing the session) or an access-key signature;
   * throws a ZStackError.
   */
  authenticate(req: Request): Promise<Identity>;
  /** Seals access-key secrets with --secret-key (or keeps them in clear without one). */
  secrets: SecretBox;
  /** A finished job's stored result as its poll shows it (most are shown as stored). */
  readJobResult(apiName: string, body: unknown): unknown;
}

/** Whether the caller asked for ZStack's `schema` map. */
export function wantsJsonSchema(req: Request): boolean {
  return String(req.headers["x-json-schema"] ?? "").toLowerCase() === "true";
}
