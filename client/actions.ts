// SDK-style actions mirroring ZStack's Java and Python SDKs (the source document's example):
//   const action = new AddModelServiceAction(); action.name = "..."; action.sessionId = session;
//   const result = await action.call();   // { error, value: { inventory } }
// Each action is a thin shell over createZStackClient; its public fields are the generated request fields.
import { sdkError, SdkErrorCodes, ZStackApiError, type ErrorCode } from "./errors.js";
import { createZStackClient, type ZStackClient } from "./client.js";
import { expectStatus } from "./transport.js";
import type {
  AddModelServiceParam,
  DeleteMode,
  LatestApiVersion,
  ModelServiceInventory,
  SessionInventory,
  UpdateModelServiceParam,
} from "./types.js";

type Inventory = ModelServiceInventory<LatestApiVersion>;

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
      if (!baseUrl) throw sdkError(SdkErrorCodes.internalError, "no baseUrl: set action.baseUrl or call ZSClient.configure({ baseUrl })");
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
        error instanceof ZStackApiError ? error : sdkError(SdkErrorCodes.internalError, "the action failed", String((error as Error)?.message ?? error));
      return new ActionResult<T>(failure.errorCode, null, failure);
    }
  }

  /** The request fields that were set, without the action's own settings and `exclude`. */
  protected requestFields(...exclude: string[]): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(this).filter(([key, value]) => value !== undefined && !controlFields.has(key) && !exclude.includes(key)),
    );
  }
}

// Each action's public fields are the generated request type's (declaration merging), so they follow the spec.
export interface AddModelServiceAction extends Partial<AddModelServiceParam<LatestApiVersion>> {}
export class AddModelServiceAction extends AbstractAction<{ inventory: Inventory }> {
  protected async run(client: ZStackClient) {
    return { inventory: await client.addModelService(this.requestFields() as AddModelServiceParam<LatestApiVersion>) };
  }
}

export interface UpdateModelServiceAction extends UpdateModelServiceParam<LatestApiVersion> {}
export class UpdateModelServiceAction extends AbstractAction<{ inventory: Inventory }> {
  uuid?: string;
  protected async run(client: ZStackClient) {
    return { inventory: await client.updateModelService(this.uuid ?? "", this.requestFields("uuid")) };
  }
}

export class DeleteModelServiceAction extends AbstractAction<Record<string, never>> {
  uuid?: string;
  deleteMode?: DeleteMode;
  protected async run(client: ZStackClient) {
    await client.deleteModelService(this.uuid ?? "", this.deleteMode ? { deleteMode: this.deleteMode } : {});
    return {};
  }
}

export class GetModelServiceAction extends AbstractAction<{ inventory: Inventory | undefined }> {
  uuid?: string;
  protected async run(client: ZStackClient) {
    return { inventory: await client.getModelService(this.uuid ?? "") };
  }
}

/** QueryModelServiceAction with the Java SDK's fields: `conditions`, `sortBy` + `sortDirection`, ... */
export class QueryModelServiceAction extends AbstractAction<{ inventories: Inventory[]; total?: number }> {
  conditions: string[] = [];
  limit?: number;
  start?: number;
  count?: boolean;
  replyWithCount?: boolean;
  sortBy?: string;
  sortDirection?: "asc" | "desc";
  fields?: string[];
  protected async run(client: ZStackClient) {
    const sort = this.sortBy ? `${this.sortDirection === "desc" ? "-" : "+"}${this.sortBy}` : undefined;
    return client.queryModelServices({
      q: this.conditions,
      limit: this.limit,
      start: this.start,
      count: this.count,
      replyWithCount: this.replyWithCount,
      // The SDK's fields are free strings; the server rejects unknown ones with 400.
      sort: sort as never,
      fields: this.fields as never,
    });
  }
}

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
    if (!result?.inventory) throw sdkError(SdkErrorCodes.internalError, "the login answer has no session", JSON.stringify(result));
    return { inventory: result.inventory };
  }
}

/** Ends the session `sessionUuid` (default: the action's `sessionId`). */
export class LogOutAction extends AbstractAction<Record<string, never>> {
  sessionUuid?: string;
  protected async run(client: ZStackClient) {
    const sessionUuid = this.sessionUuid ?? this.sessionId;
    if (sessionUuid) await expectStatus(client.raw.DELETE("/zstack/v1/accounts/sessions/{sessionUuid}", { params: { path: { sessionUuid } } }), [200]);
    return {};
  }
}


/** Renews the session `sessionUuid` (default: the action's `sessionId`) for `duration` seconds (60 to 31536000). */
export class RenewSessionAction extends AbstractAction<{ inventory: SessionInventory }> {
  sessionUuid?: string;
  duration?: number;
  protected async run(client: ZStackClient) {
    return { inventory: await client.renewSession(this.duration, this.sessionUuid ?? this.sessionId) };
  }
}
