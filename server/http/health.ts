// /livez: the process answers. /readyz: the store answers and start-up (migrations, validators) is done.
import type { Request, Response } from "express";
import type { ServerContext } from "../context.js";
import { ZStackError } from "../zstack/errors.js";

export function livez() {
  return (_req: Request, res: Response) => void res.status(200).json({ status: "ok" });
}

export function readyz(ctx: ServerContext, isReady: () => boolean) {
  return async (_req: Request, res: Response): Promise<void> => {
    let problem = isReady() ? undefined : "the server is still starting";
    if (!problem) {
      try {
        await ctx.store.ping();
      } catch {
        problem = "the database does not answer";
      }
    }
    if (problem) throw new ZStackError(503, "SYS.1000", "The server is not ready", problem);
    res.status(200).json({ status: "ok" });
  };
}
