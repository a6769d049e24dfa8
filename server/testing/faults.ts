// Fault injection for the stand-in: rules that make the next calls of a ZStack action fail as ZStack fails them
// (through the job for asynchronous actions, at once for synchronous ones) or answer late. Rules live in the
// process that received them (with several instances, each has its own).
import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { ServerContext } from "../context.js";
import { rejectAsync } from "../zstack/jobs.js";
import { ZStackError } from "../zstack/errors.js";
import { newUuid } from "../zstack/uuids.js";
import type { Actions } from "./actions.js";

export interface FaultRule {
  /** The ZStack action, e.g. `AddModelService`, `QueryModelCenter` (a get by uuid is its Query action). */
  api: string;
  /** The ErrorCode's code, e.g. `SYS.1006`; optional when `delayMs` is given (the call then only answers late). */
  code?: string;
  description?: string;
  details?: string;
  /** How many calls it fails (default 1; 0: every call until the rules are cleared). */
  times?: number;
  /**
   * Milliseconds of delay: a synchronous call answers that much later; an asynchronous one commits its work (or
   * its failure) at once and its job answers 202 `{}` until the delay has passed.
   */
  delayMs?: number;
}

// ZStack's own descriptions of the codes a test is likely to name (reference/zstack-wire-conventions.md).
const descriptions: Record<string, string> = {
  "SYS.1000": "An internal error happened in the system",
  "SYS.1001": "A timeout happened",
  "SYS.1003": "Resource not found",
  "SYS.1006": "An operation failed",
  "SYS.1007": "One or more API argument is invalid",
  "SYS.1008": "Unknown message",
  "ID.1000": "Authentication error",
  "ID.1001": "The session is invalid, either wrong session id or the session has been expired",
  "ID.1002": "Permission denied",
};

interface ActiveRule extends FaultRule {
  /** Calls it still fails; Infinity for `times: 0`. */
  left: number;
}

export class Faults {
  private rules: ActiveRule[] = [];
  /** Job uuid → when its outcome may be shown. */
  private readonly withheld = new Map<string, number>();

  add(rule: FaultRule): void {
    const times = rule.times ?? 1;
    this.rules.push({ ...rule, left: times === 0 ? Number.POSITIVE_INFINITY : times });
  }

  clear(): void {
    this.rules = [];
    this.withheld.clear();
  }

  /** The first rule for `action` with calls left, which this call uses up. */
  take(action: string): FaultRule | undefined {
    const rule = this.rules.find((candidate) => candidate.api === action && candidate.left > 0);
    if (!rule) return undefined;
    rule.left -= 1;
    if (rule.left === 0) this.rules = this.rules.filter((candidate) => candidate !== rule);
    return rule;
  }

  withhold(jobUuid: string, delayMs: number): void {
    this.withheld.set(jobUuid, Date.now() + delayMs);
  }

  /** Whether a job's outcome is still withheld (a delayed asynchronous call): its poll answers 202 `{}`. */
  isWithheld(jobUuid: string): boolean {
    const until = this.withheld.get(jobUuid);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.withheld.delete(jobUuid);
    return false;
  }
}

export function faultError(rule: FaultRule & { code: string }): ZStackError {
  return new ZStackError(
    503,
    rule.code,
    rule.description ?? descriptions[rule.code] ?? "An injected fault",
    rule.details,
  );
}

/**
 * Runs before an operation's handler, once the call is routed, authenticated and valid: a call with a fault
 * to apply fails or waits here instead.
 */
export function faultMiddleware(ctx: ServerContext, faults: Faults, actions: Actions): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const action = actions.ofRequest(req, res);
    // A delayed asynchronous call's job: committed, but its poll answers as if it were still running.
    if (action === "GetApiJob" && faults.isWithheld(req.path.split("/").pop()!.toLowerCase())) {
      res.status(202).json({});
      return;
    }
    const rule = action ? faults.take(action) : undefined;
    if (!rule) return next();
    const info = actions.byName.get(action!);
    const async = info?.operation.async ?? false;
    if (async) {
      // The job's uuid is chosen here so that its outcome can be withheld; the caller's own X-Job-UUID is kept.
      if (!req.headers["x-job-uuid"]) req.headers["x-job-uuid"] = newUuid();
      if (rule.delayMs) faults.withhold(String(req.headers["x-job-uuid"]).toLowerCase(), rule.delayMs);
      if (rule.code === undefined) return next();
      rejectAsync(ctx, req, res, action!, faultError({ ...rule, code: rule.code })).catch(next);
      return;
    }
    const answer = () => {
      if (rule.code === undefined) return next();
      next(faultError({ ...rule, code: rule.code }));
    };
    if (rule.delayMs) setTimeout(answer, rule.delayMs);
    else answer();
  };
}
