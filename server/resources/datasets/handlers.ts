// CreateDataset, UpdateDataset and DeleteDataset, and their batch forms UpdateDatasets and DeleteDatasets: the
// translation between ZStack's request shapes and the store's records. Query and get are the shared ones
// (zstack/reads.ts). No SQL here.
import type { Request, RequestHandler, Response } from "express";
import type { ServerContext } from "../../context.js";
import { DuplicateKeyError, type JobOutcome, type StoredRecord } from "../../store/types.js";
import { zstackErrors } from "../../zstack/errors.js";
import { creationFields, failure, recordFailure, runAsync, updatedTags } from "../../zstack/jobs.js";
import { getHandler, queryHandler } from "../../zstack/reads.js";
import { checkedReferences, missingReference, type Reference, referenceReads } from "../../zstack/references.js";
import { inventoriesOf, type Resource } from "../../zstack/resource.js";
import { newUuid } from "../../zstack/uuids.js";
import { deleteDatasets, updateDatasets } from "./batches.js";
import { datasets, type Schemas, type StoredDataset } from "./definition.js";

// The newest version's shapes: every older version's request is a subset of them.
type CreateRequest = Schemas["CreateDatasetRequest"];
type UpdateRequest = Schemas["UpdateDatasetRequest"];

const modelCenters = { table: "model_centers", vo: "ModelCenterVO" };

function newDataset(body: CreateRequest, now: number): StoredDataset {
  const { params } = body;
  return {
    uuid: params.resourceUuid ?? newUuid(),
    name: params.name,
    description: params.description,
    url: params.url,
    modelCenterUuid: params.modelCenterUuid,
    system: params.system ?? false,
    token: params.token,
    tagUuids: params.tagUuids,
    ...creationFields(params, body, now),
  };
}

function modelCenterReference(ctx: ServerContext, uuid: string): Reference[] {
  return checkedReferences(ctx, [{ field: "modelCenterUuid", ...modelCenters, uuids: [uuid] }]);
}

function createDataset(ctx: ServerContext): RequestHandler {
  const inventories = inventoriesOf(ctx, datasets);
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "CreateDataset", async (makeJob, now) => {
      const dataset = newDataset(req.body as CreateRequest, now) as StoredRecord;
      const duplicate = zstackErrors.invalidArgument(
        `params.resourceUuid: a resource with uuid[${dataset.uuid}] already exists`,
      );
      const references = modelCenterReference(ctx, String(dataset.modelCenterUuid));
      try {
        return await ctx.store.write({
          reads: [
            ...referenceReads(references),
            { as: "existing", table: datasets.table, values: [dataset.uuid], lock: "update" },
          ],
          decide(found) {
            const refused = missingReference(references, found) ?? (found.existing!.length > 0 ? duplicate : undefined);
            const outcome: JobOutcome = refused
              ? failure(refused)
              : { status: 200, body: { inventory: inventories.toInventory(dataset) } };
            const changes = refused ? [] : [{ op: "insert" as const, table: datasets.table, record: dataset }];
            return { changes, job: makeJob(outcome), result: outcome };
          },
        });
      } catch (err) {
        // Two creates with the same resourceUuid at once: the database refuses the second.
        if (!(err instanceof DuplicateKeyError && err.key === "resourceUuid")) throw err;
        return recordFailure(ctx, makeJob, duplicate);
      }
    });
}

function updateDataset(ctx: ServerContext): RequestHandler {
  const inventories = inventoriesOf(ctx, datasets);
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "UpdateDataset", async (makeJob, now) => {
      const uuid = String(req.params.uuid);
      const body = req.body as UpdateRequest;
      const { systemTags, userTags, requestIp: _ignored, ...fields } = body.updateDataset;
      const changes: Partial<StoredDataset> = {
        ...fields,
        lastOpDate: now,
        ...updatedTags({ systemTags, userTags }, body),
      };
      let outcome: JobOutcome | undefined;
      const updated = await ctx.store.update(datasets.table, uuid, changes, (dataset) => {
        outcome = { status: 200, body: { inventory: inventories.toInventory(dataset) } };
        return makeJob(outcome);
      });
      if (!updated || !outcome) return recordFailure(ctx, makeJob, zstackErrors.resourceNotFound(uuid, datasets.vo));
      return outcome;
    });
}

function deleteDataset(ctx: ServerContext): RequestHandler {
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "DeleteDataset", async (makeJob) => {
      // Idempotent, as ZStack's deletes: an unknown uuid succeeds too. deleteMode has no effect.
      const outcome: JobOutcome = { status: 200, body: {} };
      await ctx.store.remove(datasets.table, String(req.params.uuid), makeJob(outcome));
      return outcome;
    });
}

export const datasetsResource: Resource = {
  definition: datasets,
  handlers: {
    CreateDataset: createDataset,
    QueryDataset: queryHandler(datasets),
    GetDataset: getHandler(datasets),
    UpdateDataset: updateDataset,
    UpdateDatasets: updateDatasets,
    DeleteDataset: deleteDataset,
    DeleteDatasets: deleteDatasets,
  },
  jobResults: { CreateDataset: datasets.javaClasses, UpdateDataset: datasets.javaClasses },
};
