// LogInByAccount, LogOut and the session check. Their session uuid (in the path) is the credential, as in
// ZStack, so they need no Authorization header.
import type { Request, Response } from "express";
import type { ServerContext } from "../context.js";
import { wantsJsonSchema } from "../context.js";
import { zstackErrors } from "../zstack/errors.js";
import { gsonDateFormatter, sessionInventoryClass } from "../zstack/inventory.js";
import { hashPassword, sha512Hex, verifyPassword } from "./passwords.js";
import { randomUuid } from "../zstack/uuids.js";
import type { StoredAccount, StoredSession } from "../store/types.js";

/** ZStack's cap on one account's concurrent sessions. */
export const maxSessionsPerAccount = 500;

let decoy: Promise<string> | undefined;

/** A new session of an account whose credentials were checked (login; the stand-in's own client). */
export async function startSession(ctx: ServerContext, account: StoredAccount): Promise<StoredSession> {
  const now = Date.now();
  const session = {
    uuid: randomUuid(),
    accountUuid: account.uuid,
    userUuid: account.uuid,
    userType: "AccountVO",
    createdAt: now,
    expiresAt: now + ctx.options.sessionTimeout * 1000,
    renewedAt: now,
  };
  if (!(await ctx.store.createSession(session, maxSessionsPerAccount, now)))
    throw zstackErrors.tooManySessions(account.name, maxSessionsPerAccount);
  return session;
}

export function logIn(ctx: ServerContext) {
  const date = gsonDateFormatter(ctx.options.timeZone);
  // An unknown account is checked against a throwaway hash, so that its answer takes as long as a wrong
  // password's and does not tell which account names exist.
  // One per process (servers started one after another, as a test suite's stand-ins, share it).
  decoy ??= hashPassword(sha512Hex(randomUuid()));
  return async (req: Request, res: Response): Promise<void> => {
    const { accountName, password } = (req.body as { logInByAccount: { accountName: string; password: string } })
      .logInByAccount;
    const account = await ctx.store.findAccount(accountName);
    const valid = await verifyPassword(password, account?.passwordHash ?? (await decoy!));
    if (!account || !valid) throw zstackErrors.authentication();
    const session = await startSession(ctx, account);
    const inventory = sessionInventory(session, date);
    res
      .status(200)
      .json(wantsJsonSchema(req) ? { inventory, schema: { inventory: sessionInventoryClass } } : { inventory });
  };
}

/** A session as ZStack's SessionInventory shows it. */
export function sessionInventory(session: StoredSession, date: (ms: number) => string) {
  return {
    uuid: session.uuid,
    accountUuid: session.accountUuid,
    userUuid: session.userUuid,
    userType: session.userType,
    expiredDate: date(session.expiresAt),
    createDate: date(session.createdAt),
  };
}

export function logOut(ctx: ServerContext) {
  return async (req: Request, res: Response): Promise<void> => {
    await ctx.store.deleteSession(String(req.params.sessionUuid));
    res.status(200).json({});
  };
}

export function validateSession(ctx: ServerContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const session = await ctx.store.getSession(String(req.params.sessionUuid), Date.now());
    res.status(200).json({ valid: session !== undefined });
  };
}
