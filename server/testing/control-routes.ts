// The stand-in's controls over HTTP (`--control`), for tests in any language: POST/DELETE /zms/v1/faults,
// GET /zms/v1/journal, POST /zms/v1/reset, as generated/control-openapi.yaml describes them. They answer loopback
// callers, and with a control token any caller sending `Authorization: Bearer <token>`; others get 403. They need
// no ZStack session: a test harness drives the stand-in, it does not act as a ZStack user.
import { timingSafeEqual } from "node:crypto";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { isLoopback } from "../options.js";
import { ControlError, type StandInControls } from "./controls.js";

export const controlBasePath = "/zms/v1";

function answerError(res: Response, status: number, code: string, description: string, details: string): void {
  res.status(status).json({ error: { code, description, details } });
}

function bearerMatches(header: string | undefined, token: string | undefined): boolean {
  if (!token || !header) return false;
  const match = /^Bearer (.+)$/.exec(header);
  if (!match) return false;
  const [given, wanted] = [Buffer.from(match[1]!), Buffer.from(token)];
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export function controlRouter(controls: StandInControls, token: string | undefined): Router {
  const router = express.Router();
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (isLoopback(req.socket.remoteAddress ?? "") || bearerMatches(req.headers.authorization, token)) return next();
    answerError(
      res,
      403,
      "ID.1002",
      "Permission denied",
      "the control routes answer loopback callers, and callers sending Authorization: Bearer <the --control-token>",
    );
  });
  router.post("/faults", async (req, res, next) => {
    try {
      await controls.fail(req.body);
      res.status(204).end();
    } catch (error) {
      if (!(error instanceof ControlError)) return next(error);
      answerError(res, 400, "SYS.1007", "One or more API argument is invalid", error.message);
    }
  });
  router.delete("/faults", (_req, res) => {
    controls.clearFaults();
    res.status(204).end();
  });
  router.get("/journal", (_req, res) => {
    res.status(200).json({ entries: controls.journal() });
  });
  router.post("/reset", async (_req, res, next) => {
    try {
      await controls.reset();
      res.status(204).end();
    } catch (error) {
      next(error);
    }
  });
  return router;
}
