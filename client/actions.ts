// SDK-style actions mirroring ZStack's Java and Python SDKs (the source document's example):
//   const action = new AddModelServiceAction(); action.name = "..."; action.sessionId = session;
//   const result = await action.call();   // { error, value: { inventory } }
// Each action is a thin shell over createZStackClient's method of the same operation, and there is one for every
// action of the documents (built from the generated action table); its public fields are the generated ones.
import { sdkError, SdkErrorCodes, ZStackApiError, type ErrorCode } from "./errors.js";
import { createZStackClient, type ZStackClient } from "./client.js";
import { expectStatus } from "./transport.js";
import { type ActionOps, type ActionTable, actionTable } from "./action-table.js";
import type { ActionOutcome, Fields, InventoryOf, QueryParams } from "./operations.js";
import type { LatestApiVersion, SessionInventory } from "./types.js";

export interface ZSClientConfig {
  /** Where ZStack answers, e.g. `http://zstack:8080`. */
  baseUrl?: string;
  fetch?: (input: Request) => Promise<Response>;
  /** Defaults of every action's `timeout` and `pollingInterval`, in ms. */
  timeout?: number;
  pollingInterval?: number;
}

let configured: ZSClientConfig = {};

/** Module-level settings of all actions, like ZStack's `ZSClient.configure(new ZSConfig.Builder()...)`. */
export const ZSClient = {
  configure(config: ZSClientConfig): void {
    configured = { ...config };
  },
};

/** An action's outcome: `error` is null on success, `value` null on failure. */
export class ActionResult<T> {
  constructor(
    readonly error: ErrorCode | null,
    readonly value: T | null,
    private readonly failure?: ZStackApiError,
  ) {}

  /** Throws the error as a ZStackApiError; otherwise returns the result, its value no longer nullable. */
  throwExceptionIfError(): { error: null; value: T } {
    if (this.error) throw this.failure ?? new ZStackApiError(this.error);
    return this as { error: null; value: T };
  }
}

const controlFields = new Set([
  "sessionId",
  "accessKeyId",
  "accessKeySecret",
  "baseUrl",
  "timeout",
  "pollingInterval",
  "fetch",
]);

abstract class AbstractAction<T> {
  sessionId?: string;
  /**
   * An access key pair, as in ZStack's Java SDK: when both are set, requests are signed with it (`Date` header;
   * Node, not browsers) instead of carrying `sessionId`.
   */
  accessKeyId?: string;
  accessKeySecret?: string;
  /** Overrides `ZSClient.configure({ baseUrl })` for this action. */
  baseUrl?: string;
  /** How long to wait for the job, in ms (default 3 hours). */
  timeout?: number;
  /** The longest wait between two polls, in ms (default 1000). */
  pollingInterval?: number;
  fetch?: (input: Request) => Promise<Response>;

  protected abstract run(client: ZStackClient): Promise<T>;

  /** Runs the action, following its job; never throws: failures come back in `error`. */
  async call(): Promise<ActionResult<T>> {
    try {
      const baseUrl = this.baseUrl ?? configured.baseUrl;
      if (!baseUrl)
        throw sdkError(
          SdkErrorCodes.internalError,
          "no baseUrl: set action.baseUrl or call ZSClient.configure({ baseUrl })",
        );
      const client = createZStackClient({
        baseUrl,
        fetch: this.fetch ?? configured.fetch,
        sessionId: this.sessionId,
        // Both or neither, like the Java SDK: one alone falls back to the session.
        accessKey:
          this.accessKeyId && this.accessKeySecret ? { id: this.accessKeyId, secret: this.accessKeySecret } : undefined,
        timeout: this.timeout ?? configured.timeout,
        pollInterval: this.pollingInterval ?? configured.pollingInterval,
      });
      return new ActionResult<T>(null, await this.run(client));
    } catch (error) {
      const failure =
        error instanceof ZStackApiError
          ? error
          : sdkError(SdkErrorCodes.internalError, "the action failed", String((error as Error)?.message ?? error));
      return new ActionResult<T>(failure.errorCode, null, failure);
    }
  }

  /** The request fields that were set, without the action's own settings and `exclude`. */
  protected requestFields(...exclude: string[]): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(this).filter(
        ([key, value]) => value !== undefined && !controlFields.has(key) && !exclude.includes(key),
      ),
    );
  }
}

type Table = ActionTable;
type Latest = LatestApiVersion;
type Ops = ActionOps<Latest>;
type Row = Table[keyof Table];

/** What a Query action's `call()` answers, as ZStack's QueryXxxResult. */
type QueryValue<A extends keyof Ops> = {
  inventories: InventoryOf<Latest, A & keyof Table & keyof Ops>[];
  total?: number;
};

/** The public fields of the action of `A`: its request fields, path parameters and query parameters. */
export type ActionFields<A extends keyof Table & keyof Ops> = Table[A]["kind"] extends "query"
  ? QueryFields
  : Table[A]["kind"] extends "get"
    ? { uuid?: string }
    : Partial<Fields<Latest, A>> & Partial<QueryParams<Latest, A>> & { [P in Table[A]["pathParams"][number]]?: string };

/** The Java SDK's query fields: `conditions`, `sortBy` + `sortDirection`, ... */
export interface QueryFields {
  conditions?: string[];
  limit?: number;
  start?: number;
  count?: boolean;
  replyWithCount?: boolean;
  sortBy?: string;
  sortDirection?: "asc" | "desc";
  fields?: string[];
}

/** What an action's `call()` resolves to in `value`: ZStack's XxxResult (`{ inventory }`, `{ inventories }`, ...). */
export type ActionValue<A extends keyof Table & keyof Ops> = Table[A]["kind"] extends "query"
  ? QueryValue<A>
  : Table[A]["kind"] extends "get"
    ? { inventory: InventoryOf<Latest, A> | undefined }
    : ActionOutcome<Latest, A, "string"> extends void
      ? Record<string, never>
      : ActionOutcome<Latest, A, "string"> extends readonly unknown[]
        ? { results: ActionOutcome<Latest, A, "string"> }
        : { inventory: ActionOutcome<Latest, A, "string"> };

export type SdkAction<A extends keyof Table & keyof Ops> = AbstractAction<ActionValue<A>> & ActionFields<A>;
export type SdkActionClass<A extends keyof Table & keyof Ops> = new () => SdkAction<A>;

/** The class of one action of the table: its `run` calls the client's method of the same operation. */
function actionClass(action: string, row: Row): new () => AbstractAction<unknown> {
  const resource = action.replace(/^(Query|Get)/, "");
  return class extends AbstractAction<unknown> {
    protected async run(client: ZStackClient): Promise<unknown> {
      const methods = client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const own = this as unknown as Record<string, unknown> & QueryFields;
      if (row.kind === "query") {
        const sort = own.sortBy ? `${own.sortDirection === "desc" ? "-" : "+"}${own.sortBy}` : undefined;
        // The SDK's fields are free strings; the server rejects unknown ones with 400.
        const { conditions, limit, start, count, replyWithCount, fields } = own;
        return methods[`query${resource}s`]!({ q: conditions, limit, start, count, replyWithCount, sort, fields });
      }
      if (row.kind === "get") return { inventory: await methods[`get${resource}`]!(own.uuid ?? "") };
      const pathArgs = row.pathParams.map((name) => String(own[name] ?? ""));
      const query = Object.fromEntries(
        row.queryParams.filter((name) => own[name] !== undefined).map((name) => [name, own[name]]),
      );
      const fields = this.requestFields(...row.pathParams, ...row.queryParams, "conditions");
      const outcome = await methods[action[0]!.toLowerCase() + action.slice(1)]!(
        ...pathArgs,
        ...(row.envelope ? [fields] : []),
        query,
      );
      if (outcome === undefined) return {};
      return Array.isArray(outcome) ? { results: outcome } : { inventory: outcome };
    }
  };
}

/**
 * An SDK-style class for every action of the documents, as ZStack's Java SDK has them:
 * `const action = new actions.AddModelCenterAction(); action.name = "...";
 * const { error, value } = await action.call();`
 */
export const actions = Object.fromEntries(
  (Object.entries(actionTable) as [string, Row][])
    .filter(([, row]) => row.async || row.kind === "query" || row.kind === "get")
    .map(([action, row]) => [`${action}Action`, actionClass(action, row)]),
) as unknown as {
  [A in keyof Table & keyof Ops as Table[A]["async"] extends true
    ? `${A}Action`
    : Table[A]["kind"] extends "query" | "get"
      ? `${A}Action`
      : never]: SdkActionClass<A>;
};

// The classes the package named before every action had one; `actions` has them all.
export const AddModelServiceAction = actions.AddModelServiceAction;
export type AddModelServiceAction = SdkAction<"AddModelService">;
export const UpdateModelServiceAction = actions.UpdateModelServiceAction;
export type UpdateModelServiceAction = SdkAction<"UpdateModelService">;
export const DeleteModelServiceAction = actions.DeleteModelServiceAction;
export type DeleteModelServiceAction = SdkAction<"DeleteModelService">;
export const GetModelServiceAction = actions.GetModelServiceAction;
export type GetModelServiceAction = SdkAction<"GetModelService">;
export const QueryModelServiceAction = actions.QueryModelServiceAction;
export type QueryModelServiceAction = SdkAction<"QueryModelService">;
export const RenewSessionAction = actions.RenewSessionAction;
export type RenewSessionAction = SdkAction<"RenewSession">;

/**
 * Logs in. As in ZStack's SDKs and API documents, `password` is the SHA-512 hex digest of the password
 * (`sha512Hex("password")`), not the password itself; `createZStackClient().login()` hashes for you.
 */
export class LogInByAccountAction extends AbstractAction<{ inventory: SessionInventory }> {
  accountName?: string;
  password?: string;
  protected async run(client: ZStackClient) {
    const body = { logInByAccount: { accountName: this.accountName ?? "", password: this.password ?? "" } };
    const { body: result } = await expectStatus(client.raw.PUT("/zstack/v1/accounts/login", { body }), [200]);
    if (!result?.inventory)
      throw sdkError(SdkErrorCodes.internalError, "the login answer has no session", JSON.stringify(result));
    return { inventory: result.inventory };
  }
}

/** Ends the session `sessionUuid` (default: the action's `sessionId`). */
export class LogOutAction extends AbstractAction<Record<string, never>> {
  sessionUuid?: string;
  protected async run(client: ZStackClient) {
    const sessionUuid = this.sessionUuid ?? this.sessionId;
    if (sessionUuid)
      await expectStatus(
        client.raw.DELETE("/zstack/v1/accounts/sessions/{sessionUuid}", { params: { path: { sessionUuid } } }),
        [200],
      );
    return {};
  }
}

/** Renews the session `sessionUuid` (default: the action's `sessionId`) for `duration` seconds (60 to 31536000). */
