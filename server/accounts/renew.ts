// RenewSession: asynchronous, as in ZStack (its SDK polls it). The caller's session is checked by the pipeline
// like any other; the renewed session must be of the caller's account unless the caller is the admin account.
import type { Request, Response } from "express";
import type { ServerContext } from "../context.js";
import type { Identity } from "./auth.js";
import { type ZStackError, zstackErrors } from "../zstack/errors.js";
import { gsonDateFormatter } from "../zstack/inventory.js";
import { failure, runAsync } from "../zstack/jobs.js";
import { adminAccountName } from "./admin.js";
import { sessionInventory } from "./sessions.js";

type RenewRequest = { renewSession: { duration?: number } };

export function renewSession(ctx: ServerContext) {
  const date = gsonDateFormatter(ctx.options.timeZone);
  return (req: Request, res: Response): Promise<void> =>
    runAsync(ctx, req, res, "RenewSession", async (makeJob, now) => {
      const fail = async (error: ZStackError) => {
        const outcome = failure(error);
        await ctx.store.recordJob(makeJob(outcome));
        return outcome;
      };
      const caller = res.locals.session as Identity;
      const uuid = String(req.params.sessionUuid);
      const notFound = () => zstackErrors.resourceNotFound(uuid, "SessionVO", "sessionUuid");
      const target = await ctx.store.getSession(uuid, now);
      if (!target) return fail(notFound());
      if (
        target.accountUuid !== caller.accountUuid &&
        (await ctx.store.findAccount(adminAccountName))?.uuid !== caller.accountUuid
      ) {
        return fail(
          zstackErrors.permissionDenied(
            `the session[uuid:${uuid}] belongs to another account; only that account or admin may renew it`,
          ),
        );
      }
      const duration = (req.body as RenewRequest).renewSession.duration ?? ctx.options.sessionTimeout;
      let outcome: { status: 200; body: unknown } | undefined;
      const renewed = await ctx.store.setSessionExpiry(uuid, now + duration * 1000, now, (session) => {
        outcome = { status: 200, body: { inventory: sessionInventory(session, date) } };
        return makeJob(outcome);
      });
      // Logged out or expired between the two reads.
      if (!renewed || !outcome) return fail(notFound());
      return outcome;
    });
}
