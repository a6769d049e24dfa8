// AddModel, UpdateModel, DeleteModel and DeleteModels: ZStack's request shapes turned into write plans, so that
// references are checked and bindings written in the transaction of the model's own change. Query and get are
// the shared ones; binding is in bindings.ts.
import { mergeRecord } from "../../store/tables.js";
import type { Request, RequestHandler, Response } from "express";
import type { ServerContext } from "../../context.js";
import { type Change, DuplicateKeyError, type JobOutcome, type StoredRecord } from "../../store/types.js";
import { ZStackError, zstackErrors } from "../../zstack/errors.js";
import { creationFields, failure, runAsync, updatedTags } from "../../zstack/jobs.js";
import { getHandler, queryHandler } from "../../zstack/reads.js";
import { checkedReferences, missingReference, referenceReads } from "../../zstack/references.js";
import { inventoriesOf, type Resource } from "../../zstack/resource.js";
import { newUuid } from "../../zstack/uuids.js";
import { modelServices, type Schemas } from "../model-services/definition.js";
import { bindModelToService, unbindModelFromService } from "./bindings.js";
import { modelServiceRefs, models, type StoredModel } from "./definition.js";
import {
  defaultChanges,
  failed,
  gpuCounts,
  modelCenterReference,
  modelServiceReference,
  newBinding,
  orderedUuids,
} from "./plans.js";

type AddRequest = Schemas["AddModelRequest"];
type UpdateRequest = Schemas["UpdateModelRequest"];

function addModel(ctx: ServerContext): RequestHandler {
  const inventories = inventoriesOf(ctx, models);
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "AddModel", async (makeJob, now) => {
      const body = req.body as AddRequest;
      const { param } = body;
      const gpus = gpuCounts(param.recommendedGpuNum, "param.recommendedGpuNum");
      if (gpus instanceof ZStackError) {
        const outcome = failure(gpus);
        await ctx.store.recordJob(makeJob(outcome));
        return outcome;
      }
      const {
        modelServiceUuids,
        defaultModelServiceUuid,
        resourceUuid,
        recommendedGpuNum: _text,
        requestIp: _ip,
        ...fields
      } = param;
      const uuid = resourceUuid ?? newUuid();
      const model: StoredModel = {
        ...fields,
        uuid,
        recommendedGpuNum: gpus,
        ...creationFields(param, body, now),
      };
      const services = [
        ...new Set([...(modelServiceUuids ?? []), ...(defaultModelServiceUuid ? [defaultModelServiceUuid] : [])]),
      ];
      const bindingUuids = orderedUuids(services.length);
      const bindings = services.map((service, i) =>
        newBinding(uuid, service, service === defaultModelServiceUuid, bindingUuids[i]),
      );
      const references = checkedReferences(ctx, [
        ...modelCenterReference(param.modelCenterUuid),
        modelServiceReference("modelServiceUuids", modelServiceUuids ?? []),
        modelServiceReference("defaultModelServiceUuid", [defaultModelServiceUuid]),
      ]);
      try {
        return await ctx.store.write<JobOutcome>({
          reads: referenceReads(references),
          presenceOnly: true,
          decide: (found) => {
            const missing = missingReference(references, found);
            if (missing) return failed(makeJob, missing);
            const outcome: JobOutcome = {
              status: 200,
              body: { inventory: inventories.toInventory({ ...model, modelServiceRefs: bindings } as StoredRecord) },
            };
            return {
              changes: [
                { op: "insert", table: models.table, record: model as StoredRecord },
                ...bindings.map((record) => ({
                  op: "insert" as const,
                  table: modelServiceRefs.table,
                  record,
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
        const outcome = failure(
          zstackErrors.invalidArgument(`param.resourceUuid: a resource with uuid[${uuid}] already exists`),
        );
        await ctx.store.recordJob(makeJob(outcome));
        return outcome;
      }
    });
}

function updateModel(ctx: ServerContext): RequestHandler {
  const inventories = inventoriesOf(ctx, models);
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "UpdateModel", async (makeJob, now) => {
      const uuid = String(req.params.uuid);
      const body = req.body as UpdateRequest;
      const {
        systemTags,
        userTags,
        requestIp: _ip,
        defaultModelServiceUuid,
        clearDefaultModelService,
        recommendedGpuNum,
        ...fields
      } = body.updateModel;
      const gpus = gpuCounts(recommendedGpuNum, "updateModel.recommendedGpuNum");
      if (gpus instanceof ZStackError) {
        const outcome = failure(gpus);
        await ctx.store.recordJob(makeJob(outcome));
        return outcome;
      }
      const changes: Record<string, unknown> = {
        ...fields,
        recommendedGpuNum: gpus,
        lastOpDate: now,
        ...updatedTags({ systemTags, userTags }, body),
      };
      const references = checkedReferences(ctx, [
        ...modelCenterReference(fields.modelCenterUuid),
        modelServiceReference("defaultModelServiceUuid", [defaultModelServiceUuid]),
      ]);
      return ctx.store.write<JobOutcome>({
        reads: [
          { as: "model", table: models.table, values: [uuid], lock: "update" },
          { as: "bindings", table: modelServiceRefs.table, column: "model_uuid", values: [uuid], lock: "update" },
          ...referenceReads(references),
        ],
        decide: (found) => {
          const current = found.model![0];
          if (!current) return failed(makeJob, zstackErrors.resourceNotFound(uuid, models.vo));
          const missing = missingReference(references, found);
          if (missing) return failed(makeJob, missing);
          const updated = mergeRecord(current, changes);
          const after = defaultChanges(
            uuid,
            found.bindings!,
            defaultModelServiceUuid,
            clearDefaultModelService === true,
          );
          const outcome: JobOutcome = {
            status: 200,
            body: { inventory: inventories.toInventory({ ...updated, modelServiceRefs: after.bindings }) },
          };
          return {
            changes: [{ op: "update", table: models.table, record: updated }, ...after.changes],
            job: makeJob(outcome),
            result: outcome,
          };
        },
      });
    });
}

/** Deletes models and their bindings, as ZStack's schema cascades; unknown uuids are no error. */
function deleteHandler(apiName: "DeleteModel" | "DeleteModels", uuidsOf: (req: Request) => string[]) {
  return (ctx: ServerContext): RequestHandler =>
    (req: Request, res: Response) =>
      runAsync(ctx, req, res, apiName, async (makeJob) => {
        const uuids = uuidsOf(req);
        const body = apiName === "DeleteModel" ? {} : { results: uuids.map((uuid) => ({ uuid, success: true })) };
        const outcome: JobOutcome = { status: 200, body };
        return ctx.store.write<JobOutcome>({
          reads: [],
          decide: () => ({
            changes: <Change[]>[
              { op: "delete", table: models.table, where: { uuid: uuids } },
              { op: "delete", table: modelServiceRefs.table, where: { model_uuid: uuids } },
            ],
            job: makeJob(outcome),
            result: outcome,
          }),
        });
      });
}

export const modelsResource: Resource = {
  definition: models,
  handlers: {
    AddModel: addModel,
    QueryModel: queryHandler(models),
    GetModel: getHandler(models),
    UpdateModel: updateModel,
    DeleteModel: deleteHandler("DeleteModel", (req) => [String(req.params.uuid)]),
    // `uuids` from the query string only: ZStack ignores DELETE bodies.
    DeleteModels: deleteHandler("DeleteModels", (req) => [req.query.uuids ?? []].flat().map(String)),
    BindModelToService: bindModelToService,
    UnbindModelFromService: unbindModelFromService,
  },
  jobResults: {
    AddModel: models.javaClasses,
    UpdateModel: models.javaClasses,
    BindModelToService: modelServices.javaClasses,
  },
};
