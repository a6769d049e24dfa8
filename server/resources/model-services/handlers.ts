// AddModelService, UpdateModelService and DeleteModelService: the translation between ZStack's request shapes
// and the store's records. Query and get are the shared ones (zstack/reads.ts). No SQL here.
import type { Request, RequestHandler, Response } from "express";
import type { ServerContext } from "../../context.js";
import { type Change, DuplicateKeyError, type JobOutcome, type StoredRecord } from "../../store/types.js";
import { ZStackError, zstackErrors } from "../../zstack/errors.js";
import { creationFields, recordFailure, runAsync } from "../../zstack/jobs.js";
import { getHandler, queryHandler } from "../../zstack/reads.js";
import { checkedReferences, missingReference, referenceReads } from "../../zstack/references.js";
import { completeRecords, inventoriesOf, type Resource } from "../../zstack/resource.js";
import { newUuid } from "../../zstack/uuids.js";
import { failed, modelCenterReference, modelReference, orderedUuids } from "../models/plans.js";
import {
  modelServices,
  newImages,
  type Schemas,
  type SharedPutBody,
  type SingleImage,
  type StoredModelService,
} from "./definition.js";
import { cloneModelService } from "./clone.js";
import { updateChanges } from "./update.js";

// The newest version's shapes, plus 5.1.8's single-image fields: every version's request is a subset of them.
type AddRequest = Schemas["AddModelServiceRequest"];
type AddParam = Schemas["AddModelServiceParam"] & SingleImage;
type UpdateRequest = SharedPutBody<"updateModelService">;

function yamlProblems(ctx: ServerContext, yaml: string | undefined, field: string): ZStackError | undefined {
  if (yaml === undefined) return undefined;
  const problems = ctx.checkYaml(yaml, field);
  return problems.length > 0 ? zstackErrors.invalidArgument(problems.join("; ")) : undefined;
}

/** A new service from AddModelService's `param`, with ZStack's defaults and derived lists. */
function newModelService(param: AddParam, body: AddRequest, now: number): StoredModelService {
  const uuid = param.resourceUuid ?? newUuid();
  const modelUuids = [...new Set(param.modelUuids ?? [])];
  const bindingUuids = orderedUuids(modelUuids.length);
  const images = newImages(uuid, param.architectureImages ?? [], now);
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
    dockerImage: param.dockerImage,
    vmImageUuid: param.vmImageUuid,
    supportDistributed: param.supportDistributed ?? false,
    cpuArchitectures: [...new Set(images.map((image) => image.cpuArchitecture))],
    vendorToSpecUuidsMap: param.vendorToSpecUuidsMap,
    // One binding per model (model_service_refs is unique per pair), listed in the order the request named them.
    modelServiceRefs: modelUuids.map((modelUuid, i) => ({
      uuid: bindingUuids[i]!,
      modelUuid,
      modelServiceUuid: uuid,
      isDefault: i === 0,
    })),
    modelServiceImages: images,
    zoneUuid: param.zoneUuid,
    tagUuids: param.tagUuids,
    ...creationFields(param, body, now),
  };
}

function addModelService(ctx: ServerContext): RequestHandler {
  const inventories = inventoriesOf(ctx, modelServices);
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "AddModelService", async (makeJob, now) => {
      const body = req.body as AddRequest;
      const invalidYaml = yamlProblems(ctx, body.param.yaml, "param.yaml");
      if (invalidYaml) return recordFailure(ctx, makeJob, invalidYaml);
      const { modelServiceRefs: bindings = [], ...service } = newModelService(body.param, body, now);
      const outcome: JobOutcome = {
        status: 200,
        body: { inventory: inventories.toInventory({ ...service, modelServiceRefs: bindings }) },
      };
      const references = checkedReferences(ctx, [
        ...modelCenterReference(service.modelCenterUuid),
        modelReference("modelUuids", body.param.modelUuids ?? []),
      ]);
      try {
        // The service and its bindings (rows of model_service_refs) commit together, once the center and the
        // models they name are found (and locked) in the same transaction.
        return await ctx.store.write<JobOutcome>({
          reads: referenceReads(references),
          presenceOnly: true,
          decide: (found) => {
            const missing = missingReference(references, found);
            if (missing) return failed(makeJob, missing);
            return {
              changes: [
                { op: "insert", table: modelServices.table, record: service as StoredRecord },
                ...bindings.map((record) => ({
                  op: "insert" as const,
                  table: "model_service_refs",
                  record: record as StoredRecord,
                  ifAbsent: true,
                })),
              ],
              job: makeJob(outcome),
              result: outcome,
            };
          },
        });
      } catch (err) {
        if (!(err instanceof DuplicateKeyError && err.key === "resourceUuid")) throw err;
        const details = `param.resourceUuid: a resource with uuid[${service.uuid}] already exists`;
        return recordFailure(ctx, makeJob, zstackErrors.invalidArgument(details));
      }
    });
}

function updateModelService(ctx: ServerContext): RequestHandler {
  const inventories = inventoriesOf(ctx, modelServices);
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "UpdateModelService", async (makeJob, now) => {
      const uuid = String(req.params.uuid);
      const body = req.body as UpdateRequest;
      const invalidYaml = yamlProblems(ctx, body.updateModelService.yaml, "updateModelService.yaml");
      if (invalidYaml) return recordFailure(ctx, makeJob, invalidYaml);
      const planned = updateChanges(uuid, body, now, (yaml) =>
        yamlProblems(ctx, yaml, "updateModelService (the service YAML it produces)"),
      );
      if ("error" in planned) return recordFailure(ctx, makeJob, planned.error);
      let outcome: JobOutcome | undefined;
      // The bindings live in their own table: read before the update, which does not change them.
      const [service] = await completeRecords(ctx.store, modelServices, [{ uuid }], ["modelServiceRefs"]);
      let updated: StoredRecord | undefined;
      try {
        updated = await ctx.store.update(modelServices.table, uuid, planned.changes, (record) => {
          const inventory = inventories.toInventory({ ...record, modelServiceRefs: service!.modelServiceRefs });
          outcome = { status: 200, body: { inventory } };
          return makeJob(outcome);
        });
      } catch (err) {
        // The YAML edits are made inside the store's transaction, on the current text; their refusal is an
        // argument error.
        if (err instanceof ZStackError) return recordFailure(ctx, makeJob, err);
        throw err;
      }
      if (!updated || !outcome)
        return recordFailure(ctx, makeJob, zstackErrors.resourceNotFound(uuid, modelServices.vo));
      return outcome;
    });
}

function deleteModelService(ctx: ServerContext): RequestHandler {
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "DeleteModelService", async (makeJob) => {
      // Idempotent, as ZStack's deletes: an unknown uuid succeeds too.
      const outcome: JobOutcome = { status: 200, body: {} };
      const uuids = [String(req.params.uuid)];
      // A model service takes its bindings with it (ZStack's schema cascades them).
      await ctx.store.write({
        reads: [],
        decide: () => ({
          changes: <Change[]>[
            { op: "delete", table: modelServices.table, where: { uuid: uuids } },
            { op: "delete", table: "model_service_refs", where: { model_service_uuid: uuids } },
            // Its instance groups stay, without it (ZStack's ON DELETE SET NULL).
            { op: "clear", table: "model_service_instance_groups", column: "model_service_uuid", values: uuids },
          ],
          job: makeJob(outcome),
          result: undefined,
        }),
      });
      return outcome;
    });
}

export const modelServicesResource: Resource = {
  definition: modelServices,
  handlers: {
    AddModelService: addModelService,
    QueryModelService: queryHandler(modelServices),
    GetModelService: getHandler(modelServices),
    UpdateModelService: updateModelService,
    DeleteModelService: deleteModelService,
    CloneModelService: cloneModelService,
  },
  jobResults: {
    AddModelService: modelServices.javaClasses,
    UpdateModelService: modelServices.javaClasses,
    CloneModelService: modelServices.javaClasses,
  },
};
