// CreateAccessKey, DeleteAccessKey and ChangeAccessKeyState, and the lookup that request signing uses. Query
// and get are the shared ones, which leave the secret out. The secret is stored sealed when the server has a
// --secret-key (CreateAccessKey's stored job result too), and opened only to verify a signature or to answer
// the creating job's poll.
import { randomInt } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import type { ServerContext } from "../../context.js";
import type { Identity, SigningKeyLookup } from "../../accounts/auth.js";
import type { SecretBox } from "../../accounts/secret-box.js";
import { DuplicateKeyError, type JobOutcome, type Store, type StoredRecord } from "../../store/types.js";
import { ZStackError, zstackErrors } from "../../zstack/errors.js";
import { creationFields, recordFailure, runAsync } from "../../zstack/jobs.js";
import { getHandler, queryHandler } from "../../zstack/reads.js";
import { inventoriesOf, type Resource, visibleInventoriesOf } from "../../zstack/resource.js";
import { newUuid } from "../../zstack/uuids.js";
import { accessKeys, type StoredAccessKey } from "./definition.js";

interface CreateRequest {
  params: {
    accountUuid: string;
    userUuid: string;
    description?: string;
    AccessKeyID?: string;
    AccessKeySecret?: string;
    resourceUuid?: string;
    tagUuids?: string[];
    systemTags?: string[];
    userTags?: string[];
  };
  systemTags?: string[];
  userTags?: string[];
}

const alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** `length` random letters and digits (ZStack's generated ids are 20, its secrets 40). */
function randomAlphanumerics(length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) text += alphanumerics[randomInt(alphanumerics.length)];
  return text;
}

const permissionDenied = (details: string) => new ZStackError(503, "ID.1002", "Permission denied", details);

/** The stored job result with its secret sealed, and back: a job row is as much a leak as the key's own row. */
function sealedResult(box: SecretBox, body: { inventory: Record<string, unknown> & { uuid: string } }): unknown {
  const secret = body.inventory.AccessKeySecret;
  if (!box.sealing || typeof secret !== "string") return body;
  return { ...body, inventory: { ...body.inventory, AccessKeySecret: box.seal(secret, body.inventory.uuid) } };
}

function openedResult(box: SecretBox) {
  return (body: unknown): unknown => {
    const inventory = (body as { inventory?: Record<string, unknown> & { uuid: string } })?.inventory;
    const stored = inventory?.AccessKeySecret;
    if (!inventory || typeof stored !== "string") return body;
    return { ...(body as object), inventory: { ...inventory, AccessKeySecret: box.open(stored, inventory.uuid) } };
  };
}

function createAccessKey(ctx: ServerContext): RequestHandler {
  const inventories = inventoriesOf(ctx, accessKeys);
  let warned = false;
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "CreateAccessKey", async (makeJob, now) => {
      const body = req.body as CreateRequest;
      const param = body.params;
      const caller = res.locals.session as Identity | undefined;
      if (param.accountUuid !== caller?.accountUuid || param.userUuid !== caller?.userUuid) {
        return recordFailure(
          ctx,
          makeJob,
          permissionDenied(
            "an access key can be created only for the caller's own account and user " +
              `[accountUuid:${caller?.accountUuid}, userUuid:${caller?.userUuid}]`,
          ),
        );
      }
      const uuid = param.resourceUuid ?? newUuid();
      const secret = param.AccessKeySecret ?? randomAlphanumerics(40);
      const key: StoredAccessKey = {
        uuid,
        description: param.description,
        accountUuid: param.accountUuid,
        userUuid: param.userUuid,
        AccessKeyID: param.AccessKeyID ?? randomAlphanumerics(20),
        AccessKeySecret: ctx.secrets.seal(secret, uuid),
        state: "Enabled",
        type: "User",
        tagUuids: param.tagUuids,
        ...creationFields(param, body, now),
      };
      const outcome = {
        status: 200 as const,
        body: { inventory: inventories.toInventory({ ...key, AccessKeySecret: secret } as StoredRecord) },
      };
      try {
        await ctx.store.insert(
          accessKeys.table,
          key as StoredRecord,
          makeJob({ status: 200, body: sealedResult(ctx.secrets, outcome.body) }),
        );
      } catch (err) {
        if (!(err instanceof DuplicateKeyError) || err.key === "jobUuid") throw err;
        const details =
          err.key === "resourceUuid"
            ? `params.resourceUuid: a resource with uuid[${uuid}] already exists`
            : `params.AccessKeyID: an access key with AccessKeyID[${key.AccessKeyID}] already exists`;
        return recordFailure(ctx, makeJob, zstackErrors.invalidArgument(details));
      }
      if (!ctx.secrets.sealing && !warned) {
        warned = true;
        ctx.logger.warn(
          "access-key secrets are stored in clear in the database (as ZStack stores them): " +
            "give --secret-key to seal them",
        );
      }
      return outcome;
    });
}

function deleteAccessKey(ctx: ServerContext): RequestHandler {
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "DeleteAccessKey", async (makeJob) => {
      // Idempotent, as ZStack's deletes: an unknown uuid succeeds too.
      const outcome: JobOutcome = { status: 200, body: {} };
      await ctx.store.remove(accessKeys.table, String(req.params.uuid), makeJob(outcome));
      return outcome;
    });
}

function changeAccessKeyState(ctx: ServerContext): RequestHandler {
  const inventories = visibleInventoriesOf(ctx, accessKeys);
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "ChangeAccessKeyState", async (makeJob, now) => {
      const uuid = String(req.params.uuid);
      const { stateEvent } = (req.body as { changeAccessKeyState: { stateEvent: "enable" | "disable" } })
        .changeAccessKeyState;
      let outcome: JobOutcome | undefined;
      const changes = { state: stateEvent === "enable" ? "Enabled" : "Disabled", lastOpDate: now };
      const updated = await ctx.store.update(accessKeys.table, uuid, changes, (key) => {
        outcome = { status: 200, body: { inventory: inventories.toInventory(key) } };
        return makeJob(outcome);
      });
      if (!updated || !outcome) return recordFailure(ctx, makeJob, zstackErrors.resourceNotFound(uuid, accessKeys.vo));
      return outcome;
    });
}

/** The key a signature names, with its secret opened: what accounts/auth.ts verifies against. */
export function signingKeyLookup(store: Store, box: SecretBox): SigningKeyLookup {
  return async (accessKeyId) => {
    const { records } = await store.query(accessKeys.table, {
      conditions: [{ field: "AccessKeyID", op: "=", values: [accessKeyId] }],
      limit: 1,
      start: 0,
      count: false,
      replyWithCount: false,
    });
    const key = records?.[0] as StoredAccessKey | undefined;
    if (!key) return undefined;
    return {
      uuid: key.uuid,
      accountUuid: String(key.accountUuid),
      userUuid: String(key.userUuid),
      enabled: key.state === "Enabled",
      secret: key.AccessKeySecret === undefined ? undefined : box.open(key.AccessKeySecret, key.uuid),
    };
  };
}

/** At start: say how secrets are stored, once there are any, and which ones this server cannot open. */
async function warnAboutSecrets(ctx: ServerContext): Promise<void> {
  const { records } = await ctx.store.query(accessKeys.table, {
    conditions: [],
    limit: 10_000,
    start: 0,
    count: false,
    replyWithCount: false,
  });
  const keys = (records ?? []) as StoredAccessKey[];
  if (keys.length === 0) return;
  const unopenable = keys.filter(
    (key) => key.AccessKeySecret !== undefined && ctx.secrets.open(key.AccessKeySecret, key.uuid) === undefined,
  ).length;
  if (!ctx.secrets.sealing)
    ctx.logger.warn(
      { accessKeys: keys.length },
      "access-key secrets are stored in clear in the database (as ZStack stores them): " +
        "give --secret-key to seal new ones",
    );
  if (unopenable > 0)
    ctx.logger.warn(
      { accessKeys: unopenable },
      "access keys sealed with another --secret-key (or none given): requests they sign are refused",
    );
}

export const accessKeysResource: Resource = {
  definition: accessKeys,
  handlers: {
    CreateAccessKey: createAccessKey,
    QueryAccessKey: queryHandler(accessKeys),
    GetAccessKey: getHandler(accessKeys),
    DeleteAccessKey: deleteAccessKey,
    ChangeAccessKeyState: changeAccessKeyState,
  },
  jobResults: { CreateAccessKey: accessKeys.javaClasses, ChangeAccessKeyState: accessKeys.javaClasses },
  jobResultReaders: { CreateAccessKey: (ctx) => openedResult(ctx.secrets) },
  atStart: warnAboutSecrets,
};
