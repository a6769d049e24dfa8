// One JSON line per request (method, path, status, duration, request id) and nothing that could be a
// secret: no bodies, no query strings, no headers (Authorization carries the session id).
import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { pino, type Logger } from "pino";

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "zstack-model-services" },
    redact: { paths: ["password", "*.password", "authorization", "*.authorization"], censor: "[redacted]" },
  });
}

/** A session's uuid is its credential, and logout and the session check carry it in their path. */
function loggablePath(path: string): string {
  return path.replace(/(\/accounts\/sessions\/)[^/]+/, "$1{sessionUuid}");
}

export function requestLogger(logger: Logger, skip: (req: Request) => boolean) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (skip(req)) return next();
    const started = process.hrtime.bigint();
    const given = req.headers["x-request-id"];
    const requestId = typeof given === "string" && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    res.setHeader("X-Request-Id", requestId);
    res.locals.requestId = requestId;
    // Asked per request, so that a level changed at run time applies; no listener when nothing would be written.
    if (!logger.isLevelEnabled("info")) return next();
    res.on("finish", () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        {
          requestId,
          method: req.method,
          path: loggablePath(req.path),
          status: res.statusCode,
          durationMs: Math.round(durationMs * 100) / 100,
        },
        "request",
      );
    });
    next();
  };
}
