// AddModelService, UpdateModelService, DeleteModelService, GetModelService and QueryModelService: the
// translation between ZStack's request/answer shapes and the store's domain calls. No SQL here.
import type { Request, Response } from "express";
import type { components } from "../../../generated/types/5.5.22.js";
import { answerKey, sendAndKeep, sendKeptAnswer } from "../../performance/answer-cache.js";
import type { ServerContext } from "../../context.js";
import { wantsJsonSchema } from "../../context.js";
import { ZStackError, zstackErrors } from "../../zstack/errors.js";
import { jsonSchemaMap, type Inventory } from "../../zstack/inventory.js";
import { failure, runAsync, type MakeJob } from "../../zstack/jobs.js";
import { newUuid } from "../../zstack/uuids.js";
import { parseModelServiceQuery, QueryParameterError } from "../../zstack/query/parse.js";
import { DuplicateKeyError, type JobOutcome, type StoredModelService } from "../../store/types.js";

// The newest version's shapes: every older version's request is a subset of them.
type Schemas = components["schemas"];
type AddRequest = Schemas["AddModelServiceRequest"];
type AddParam = Schemas["AddModelServiceParam"];
type UpdateRequest = Schemas["UpdateModelServiceRequest"];

async function recordFailure(ctx: ServerContext, makeJob: MakeJob, error: ZStackError): Promise<JobOutcome> {
  const outcome = failure(error);
  await ctx.store.recordJob(makeJob(outcome));
  return outcome;
}

function yamlProblems(ctx: ServerContext, yaml: string | undefined, field: string): ZStackError | undefined {
  if (yaml === undefined) return undefined;
  const problems = ctx.checkYaml(yaml, field);
  return problems.length > 0 ? zstackErrors.invalidArgument(problems.join("; ")) : undefined;
}

/** A new service from AddModelService's `param`, with ZStack's defaults and derived lists. */
function newModelService(param: AddParam, body: AddRequest, now: number): StoredModelService {
  const uuid = param.resourceUuid ?? newUuid();
  const images = (param.architectureImages ?? []).map((image) => ({
    uuid: newUuid(),
    modelServiceUuid: uuid,
    cpuArchitecture: image.cpuArchitecture,
    vmImageUuid: image.vmImageUuid,
    dockerImage: image.dockerImage,
    createDate: now,
    lastOpDate: now,
  }));
  return {
    uuid,
    name: param.name,
    description: param.description,
    yaml: param.yaml,
    requestCpu: param.requestCpu,
    requestMemory: param.requestMemory,
    modelCenterUuid: param.modelCenterUuid,
    type: param.type ?? "Endpoint",
    framework: param.framework,
    source: param.source ?? "Other",
    system: param.system ?? false,
    gpuComputeCapability: param.gpuComputeCapability,
    installPath: param.installPath,
    pythonVersion: param.pythonVersion,
    condaVersion: param.condaVersion,
    startCommand: param.startCommand,
    containerCommand: param.containerCommand,
    containerArgs: param.containerArgs,
    supportDistributed: param.supportDistributed ?? false,
    cpuArchitectures: [...new Set(images.map((image) => image.cpuArchitecture))],
    vendorToSpecUuidsMap: param.vendorToSpecUuidsMap,
    modelServiceRefs: (param.modelUuids ?? []).map((modelUuid, i) => ({ uuid: newUuid(), modelUuid, modelServiceUuid: uuid, isDefault: i === 0 })),
    modelServiceImages: images,
    zoneUuid: param.zoneUuid,
    tagUuids: param.tagUuids,
    // ZStack reads tags beside the wrapper and inside it; the top-level value wins.
    systemTags: body.systemTags ?? param.systemTags,
    userTags: body.userTags ?? param.userTags,
    createDate: now,
    lastOpDate: now,
  };
}

export function addModelService(ctx: ServerContext) {
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "AddModelService", async (makeJob, now) => {
      const body = req.body as AddRequest;
      const invalidYaml = yamlProblems(ctx, body.param.yaml, "param.yaml");
      if (invalidYaml) return recordFailure(ctx, makeJob, invalidYaml);
      const service = newModelService(body.param, body, now);
      const outcome: JobOutcome = { status: 200, body: { inventory: ctx.inventories.toInventory(service) } };
      try {
        await ctx.store.addModelService(service, makeJob(outcome));
      } catch (err) {
        if (!(err instanceof DuplicateKeyError && err.key === "resourceUuid")) throw err;
        return recordFailure(ctx, makeJob, zstackErrors.invalidArgument(`param.resourceUuid: a resource with uuid[${service.uuid}] already exists`));
      }
      return outcome;
    });
}

export function updateModelService(ctx: ServerContext) {
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "UpdateModelService", async (makeJob, now) => {
      const uuid = String(req.params.uuid);
      const body = req.body as UpdateRequest;
      const { systemTags, userTags, requestIp: _ignored, ...fields } = body.updateModelService;
      const invalidYaml = yamlProblems(ctx, fields.yaml, "updateModelService.yaml");
      if (invalidYaml) return recordFailure(ctx, makeJob, invalidYaml);
      const changes: Partial<StoredModelService> = { ...fields, lastOpDate: now };
      const tags = { systemTags: body.systemTags ?? systemTags, userTags: body.userTags ?? userTags };
      if (tags.systemTags) changes.systemTags = tags.systemTags;
      if (tags.userTags) changes.userTags = tags.userTags;
      let outcome: JobOutcome | undefined;
      const updated = await ctx.store.updateModelService(uuid, changes, (service) => {
        outcome = { status: 200, body: { inventory: ctx.inventories.toInventory(service) } };
        return makeJob(outcome);
      });
      if (!updated || !outcome) return recordFailure(ctx, makeJob, zstackErrors.resourceNotFound(uuid));
      return outcome;
    });
}

export function deleteModelService(ctx: ServerContext) {
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "DeleteModelService", async (makeJob) => {
      // Idempotent, as ZStack's deletes: an unknown uuid succeeds too.
      const outcome: JobOutcome = { status: 200, body: {} };
      await ctx.store.deleteModelService(String(req.params.uuid), makeJob(outcome));
      return outcome;
    });
}

function inventoriesBody(req: Request, inventories: Inventory[], total?: number): unknown {
  const result: { inventories: Inventory[]; total?: number; schema?: Record<string, string> } = { inventories };
  if (total !== undefined) result.total = total;
  if (wantsJsonSchema(req)) result.schema = jsonSchemaMap(result);
  return result;
}

/** A read's 200 answer: the one kept for this request if the data has not changed since, else `build`'s (then kept). */
async function answerRead(ctx: ServerContext, req: Request, res: Response, build: () => Promise<unknown>): Promise<void> {
  if (!ctx.answers.enabled) {
    res.status(200).json(await build());
    return;
  }
  const key = answerKey(req, wantsJsonSchema(req));
  const version = ctx.store.dataVersion();
  const kept = ctx.answers.get(version, key);
  if (kept !== undefined) return sendKeptAnswer(res, kept);
  const body = await build();
  sendAndKeep(res, body, (text) => ctx.answers.set(version, key, text));
}

export function getModelService(ctx: ServerContext) {
  return (req: Request, res: Response): Promise<void> =>
    answerRead(ctx, req, res, async () => {
      const service = await ctx.store.getModelService(String(req.params.uuid));
      return inventoriesBody(req, service ? [ctx.inventories.toInventory(service)] : []);
    });
}

export function queryModelServices(ctx: ServerContext) {
  const timeZone = ctx.options.timeZone;
  return (req: Request, res: Response): Promise<void> =>
    answerRead(ctx, req, res, async () => {
      let parsed: ReturnType<typeof parseModelServiceQuery>;
      try {
        parsed = parseModelServiceQuery(req.query as Record<string, unknown>, { timeZone });
      } catch (err) {
        if (err instanceof QueryParameterError) throw zstackErrors.badRequest(err.message);
        throw err;
      }
      const { query, fields } = parsed;
      const { services, total } = await ctx.store.queryModelServices(query);
      if (query.count) return { total: total ?? 0 };
      const inventories = (services ?? []).map((service) => ctx.inventories.toInventory(service, fields));
      return inventoriesBody(req, inventories, query.replyWithCount ? total : undefined);
    });
}
