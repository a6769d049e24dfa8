// ZStack's asynchronous pattern: the work (or the failure) is committed with its job, then the call answers
// 202 with the job's location; the poll answers the stored outcome. Argument errors travel the same way.
import type { Request, Response } from "express";
import type { ServerContext } from "../context.js";
import { wantsJsonSchema } from "../context.js";
import { type ZStackError, zstackErrors } from "./errors.js";
import { jsonSchemaMap, type Inventory } from "./inventory.js";
import { DuplicateKeyError, type JobOutcome, type NewJob } from "../store/types.js";
import { newUuid } from "./uuids.js";

/** ZStack's default API timeout (3 h): what `apiTimeout` tells pollers, in milliseconds. */
const apiTimeoutMs = 3 * 60 * 60 * 1000;

/** A job of this call, finished with `outcome`, or left running without one (a deployment, until it ends). */
export type MakeJob = (outcome?: JobOutcome) => NewJob;

export function failure(error: ZStackError): JobOutcome {
  return { status: 503, body: error.body() };
}

/** Records a failed job for an error found before any write (an argument, a missing record) and returns its outcome. */
export async function recordFailure(ctx: ServerContext, makeJob: MakeJob, error: ZStackError): Promise<JobOutcome> {
  const outcome = failure(error);
  await ctx.store.recordJob(makeJob(outcome));
  return outcome;
}

/**
 * What every new record takes from its request the same way: tags (the top-level ones win, as ZStack reads them)
 * and its dates.
 */
export function creationFields(
  inEnvelope: { systemTags?: string[]; userTags?: string[] },
  body: { systemTags?: string[]; userTags?: string[] },
  now: number,
): { systemTags?: string[]; userTags?: string[]; createDate: number; lastOpDate: number } {
  return {
    systemTags: body.systemTags ?? inEnvelope.systemTags,
    userTags: body.userTags ?? inEnvelope.userTags,
    createDate: now,
    lastOpDate: now,
  };
}

/**
 * The tags an update sets: ZStack reads them beside the request's wrapper and inside it, and the top-level value
 * wins; a list sent in neither place changes nothing.
 */
export function updatedTags(
  inEnvelope: { systemTags?: string[]; userTags?: string[] },
  body: { systemTags?: string[]; userTags?: string[] },
): { systemTags?: string[]; userTags?: string[] } {
  const tags: { systemTags?: string[]; userTags?: string[] } = {};
  const systemTags = body.systemTags ?? inEnvelope.systemTags;
  const userTags = body.userTags ?? inEnvelope.userTags;
  if (systemTags) tags.systemTags = systemTags;
  if (userTags) tags.userTags = userTags;
  return tags;
}

/**
 * Runs an asynchronous API: `perform` commits its writes together with the job `makeJob` describes and
 * returns the outcome it recorded (none for a job left running); only then does the caller get 202.
 */
export async function runAsync(
  ctx: ServerContext,
  req: Request,
  res: Response,
  apiName: string,
  perform: (makeJob: MakeJob, now: number) => Promise<JobOutcome | undefined>,
): Promise<void> {
  const jobUuid = await claimJobUuid(ctx, req);
  const hookHeader = req.headers["x-web-hook"];
  const webHook = typeof hookHeader === "string" && hookHeader !== "" ? ctx.webhooks.check(hookHeader) : undefined;
  const now = Date.now();
  let outcome: JobOutcome | undefined;
  try {
    outcome = await perform((o) => ({ uuid: jobUuid, apiName, outcome: o, now, webHook }), now);
  } catch (err) {
    if (err instanceof DuplicateKeyError && err.key === "jobUuid")
      throw zstackErrors.badRequest(`Duplicate job uuid[${jobUuid}]`);
    throw err;
  }
  res.status(202).json({ location: `${publicBase(ctx, req)}/zstack/v1/api-jobs/${jobUuid}`, apiTimeout: apiTimeoutMs });
  // A job left running calls its webhook when it ends (see instance-groups/deployer.ts).
  if (webHook && outcome) ctx.webhooks.deliver(webHook, jobUuid, outcome);
}

/** Records a failed job for an argument error found before any work, and answers 202. */
export function rejectAsync(
  ctx: ServerContext,
  req: Request,
  res: Response,
  apiName: string,
  error: ZStackError,
): Promise<void> {
  return runAsync(ctx, req, res, apiName, async (makeJob) => {
    const outcome = failure(error);
    await ctx.store.recordJob(makeJob(outcome));
    return outcome;
  });
}

/** The caller's `X-Job-UUID` (lower-cased), or a new uuid; a malformed one is a REST-layer 400. */
function jobUuidOf(req: Request): string {
  const header = req.headers["x-job-uuid"];
  if (header === undefined || header === "") return newUuid();
  if (typeof header !== "string" || !/^[0-9a-fA-F]{32}$/.test(header))
    throw zstackErrors.badRequest("X-Job-UUID must be 32 hexadecimal characters");
  return header.toLowerCase();
}

async function claimJobUuid(ctx: ServerContext, req: Request): Promise<string> {
  const uuid = jobUuidOf(req);
  if (req.headers["x-job-uuid"] && (await ctx.store.hasJob(uuid)))
    throw zstackErrors.badRequest(`Duplicate job uuid[${uuid}]`);
  return uuid;
}

/**
 * An asynchronous call without a valid session (or key): 202, as real ZStack answers (its REST layer queues the
 * job before the session is evaluated), because ZStack's SDKs read a typed error only from a job poll. The job
 * is never stored: its poll, made with the same bad credentials, answers ID.1001 before any job is looked up
 * (GetApiJob requires a session). So nothing such a caller sends makes the store grow; for the same reason no
 * webhook is called and an `X-Job-UUID` is not checked for repeats.
 */
export function acceptUnauthenticated(ctx: ServerContext, req: Request, res: Response): void {
  const jobUuid = jobUuidOf(req);
  res.status(202).json({ location: `${publicBase(ctx, req)}/zstack/v1/api-jobs/${jobUuid}`, apiTimeout: apiTimeoutMs });
}

/** Where callers reach this server: `--public-url`, else the request's own scheme and Host. */
export function publicBase(ctx: ServerContext, req: Request): string {
  return ctx.options.publicUrl ?? `${req.protocol}://${req.get("host") ?? `${ctx.options.host}:${ctx.options.port}`}`;
}

/** GetApiJob: 202 `{}` while running, the stored answer when finished, 404 when unknown or expired. */
export function pollJob(ctx: ServerContext) {
  const retentionMs = ctx.options.jobRetention * 1000;
  return async (req: Request, res: Response): Promise<void> => {
    const uuid = String(req.params.uuid);
    const job = await ctx.store.getJob(uuid);
    if (!job || (job.finishedAt !== undefined && job.finishedAt + retentionMs < Date.now()))
      throw zstackErrors.jobNotFound(uuid);
    if (job.state === "running" || !job.outcome) {
      res.status(202).json({});
      return;
    }
    const body = ctx.readJobResult(job.apiName, job.outcome.body) as { inventory?: Inventory };
    const classes = ctx.jobResults.get(job.apiName);
    if (job.outcome.status === 200 && body.inventory && classes && wantsJsonSchema(req)) {
      res.status(200).json({ ...body, schema: jsonSchemaMap(body, classes) });
      return;
    }
    res.status(job.outcome.status).json(body);
  };
}
