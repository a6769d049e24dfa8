// The stand-in's request journal: the last API calls it answered, oldest first, so that a test can assert what its
// code sent (which actions, in what order, what they were answered). Job polls count; health, the reference
// page, instance endpoints and the control routes do not, as they are not ZStack API calls.
import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { Actions } from "./actions.js";

export interface JournalEntry {
  method: string;
  /** The path, without the query string. */
  path: string;
  /** The ZStack action (absent for a call no operation matched, e.g. a 404). */
  api?: string;
  status: number;
  /** The job a 202 answered with, or the job a poll asked for. */
  jobUuid?: string;
  /** When the call arrived, ISO 8601. */
  time: string;
}

export const journalCapacity = 1000;

export class Journal {
  private entries: JournalEntry[] = [];
  /** While true (the seed applied at start), nothing is recorded. */
  paused = false;

  record(entry: JournalEntry): void {
    if (this.paused) return;
    this.entries.push(entry);
    if (this.entries.length > journalCapacity) this.entries.splice(0, this.entries.length - journalCapacity);
  }

  list(): JournalEntry[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.entries = [];
  }
}

const apiPrefix = "/zstack/v1/";
const notApi = ["/zstack/v1/docs"];

/** Records every API call once it has been answered; installed before everything else that may answer. */
export function journalMiddleware(
  journal: Journal,
  actions: Actions,
  isWarmUp: (req: Request) => boolean,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const path = req.path;
    if (!path.startsWith(apiPrefix) || notApi.some((prefix) => path.startsWith(prefix)) || isWarmUp(req)) return next();
    const time = new Date().toISOString();
    let jobUuid: string | undefined;
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const location = (body as { location?: unknown } | undefined)?.location;
      if (res.statusCode === 202 && typeof location === "string") jobUuid = location.split("/").pop();
      return json(body);
    };
    res.once("finish", () => {
      const api = actions.ofRequest(req, res);
      if (api === "GetApiJob") jobUuid = path.split("/").pop();
      journal.record({
        method: req.method,
        path,
        ...(api ? { api } : {}),
        status: res.statusCode,
        ...(jobUuid ? { jobUuid } : {}),
        time,
      });
    });
    next();
  };
}
