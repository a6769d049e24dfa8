// AddModelCenter, UpdateModelCenter and DeleteModelCenter: the translation between ZStack's request shapes and
// the store's records; the delete's cascade as a write plan. Query and get are the shared ones (zstack/reads.ts).
import type { Request, RequestHandler, Response } from "express";
import type { ApiTypes, latestApiVersion } from "../../../generated/types/index.js";
import type { ServerContext } from "../../context.js";
import { type Change, DuplicateKeyError, type JobOutcome, type Read, type StoredRecord } from "../../store/types.js";
import { zstackErrors } from "../../zstack/errors.js";
import { creationFields, failure, runAsync, updatedTags } from "../../zstack/jobs.js";
import { getHandler, queryHandler } from "../../zstack/reads.js";
import { completeRecords, inventoriesOf, type Resource } from "../../zstack/resource.js";
import { newUuid } from "../../zstack/uuids.js";
import { modelCenters, type StoredModelCenter } from "./definition.js";

// The newest version's shapes: every older version's request is a subset of them.
type Schemas = ApiTypes[typeof latestApiVersion]["components"]["schemas"];
type AddRequest = Schemas["AddModelCenterRequest"];
type UpdateRequest = Schemas["UpdateModelCenterRequest"];

/** This server holds no connection to a real center: every center it knows is reachable. */
const connected = "Connected";

function newModelCenter(body: AddRequest, now: number): StoredModelCenter {
  const { param } = body;
  return {
    uuid: param.resourceUuid ?? newUuid(),
    name: param.name,
    description: param.description,
    url: param.url,
    status: connected,
    parameters: param.parameters,
    managementIp: param.managementIp,
    managementPort: param.managementPort,
    storageNetworkUuid: param.storageNetworkUuid,
    serviceNetworkUuid: param.serviceNetworkUuid,
    containerRegistry: param.containerRegistry,
    containerStorageNetwork: param.containerStorageNetwork,
    containerNetwork: param.containerNetwork,
    zoneUuid: param.zoneUuid,
    tagUuids: param.tagUuids,
    ...creationFields(param, body, now),
  };
}

/**
 * The capacity of the center `uuid`, computed apart from its record so that the record is stored without it.
 * Read before the write's transaction: a model added meanwhile shows from the next read on.
 */
async function capacityOf(ctx: ServerContext, uuid: string): Promise<unknown> {
  const [holder] = await completeRecords(ctx.store, modelCenters, [{ uuid }]);
  return holder?.capacity;
}

function addModelCenter(ctx: ServerContext): RequestHandler {
  const inventories = inventoriesOf(ctx, modelCenters);
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "AddModelCenter", async (makeJob, now) => {
      const center = newModelCenter(req.body as AddRequest, now) as StoredRecord;
      // Services may already name a center created with a client-chosen uuid: its capacity counts them.
      const capacity = await capacityOf(ctx, center.uuid);
      const outcome: JobOutcome = {
        status: 200,
        body: { inventory: inventories.toInventory({ ...center, capacity }) },
      };
      try {
        await ctx.store.insert(modelCenters.table, center, makeJob(outcome));
      } catch (err) {
        if (!(err instanceof DuplicateKeyError && err.key === "resourceUuid")) throw err;
        const failed = failure(
          zstackErrors.invalidArgument(`param.resourceUuid: a resource with uuid[${center.uuid}] already exists`),
        );
        await ctx.store.recordJob(makeJob(failed));
        return failed;
      }
      return outcome;
    });
}

function updateModelCenter(ctx: ServerContext): RequestHandler {
  const inventories = inventoriesOf(ctx, modelCenters);
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "UpdateModelCenter", async (makeJob, now) => {
      const uuid = String(req.params.uuid);
      const body = req.body as UpdateRequest;
      const { systemTags, userTags, requestIp: _ignored, ...fields } = body.updateModelCenter;
      const changes: Partial<StoredModelCenter> = {
        ...fields,
        lastOpDate: now,
        ...updatedTags({ systemTags, userTags }, body),
      };
      const capacity = await capacityOf(ctx, uuid);
      let outcome: JobOutcome | undefined;
      const updated = await ctx.store.update(modelCenters.table, uuid, changes, (center) => {
        outcome = { status: 200, body: { inventory: inventories.toInventory({ ...center, capacity }) } };
        return makeJob(outcome);
      });
      if (!updated || !outcome) {
        const failed = failure(zstackErrors.resourceNotFound(uuid, modelCenters.vo));
        await ctx.store.recordJob(makeJob(failed));
        return failed;
      }
      return outcome;
    });
}

/**
 * ZStack's schema cascades a center's deletion to its models (and so their bindings) and its datasets; its
 * model services keep their `modelCenterUuid` (no foreign key there).
 */
function cascadeOf(uuid: string, modelUuids: readonly string[]): Change[] {
  return [
    { op: "delete", table: "model_service_refs", where: { model_uuid: modelUuids } },
    { op: "delete", table: "models", where: { model_center_uuid: [uuid] } },
    { op: "delete", table: "datasets", where: { model_center_uuid: [uuid] } },
    { op: "delete", table: modelCenters.table, where: { uuid: [uuid] } },
  ];
}

function deleteModelCenter(ctx: ServerContext): RequestHandler {
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "DeleteModelCenter", (makeJob) => {
      const uuid = String(req.params.uuid);
      // Idempotent, as ZStack's deletes: an unknown uuid succeeds too, and touches nothing.
      const outcome: JobOutcome = { status: 200, body: {} };
      // Locked for update, so that a model or dataset added to the center meanwhile cannot outlive it.
      const reads: Read[] = [
        { as: "center", table: modelCenters.table, values: [uuid], lock: "update" },
        { as: "models", table: "models", column: "model_center_uuid", values: [uuid], lock: "update" },
      ];
      return ctx.store.write({
        reads,
        decide: (found) => {
          const exists = (found.center ?? []).length > 0;
          const modelUuids = (found.models ?? []).map((model) => model.uuid);
          return { changes: exists ? cascadeOf(uuid, modelUuids) : [], job: makeJob(outcome), result: outcome };
        },
      });
    });
}

export const modelCentersResource: Resource = {
  definition: modelCenters,
  handlers: {
    AddModelCenter: addModelCenter,
    QueryModelCenter: queryHandler(modelCenters),
    GetModelCenter: getHandler(modelCenters),
    UpdateModelCenter: updateModelCenter,
    DeleteModelCenter: deleteModelCenter,
  },
  jobResults: { AddModelCenter: modelCenters.javaClasses, UpdateModelCenter: modelCenters.javaClasses },
};
