// DeployModelService: a model service becomes an instance group with one instance, whose `url` points back at this
// server. The group, its instance and its job commit together, the job left running until the deployer reaches
// Running (at once with --deploy-seconds 0). `modelUuid` and `datasetUuids` are references (SYS.1003); the
// service itself must exist, whatever --references says, since the group is made from it.
import type { Request, RequestHandler, Response } from "express";
import type { ServerContext } from "../../context.js";
import { DuplicateKeyError, type JobOutcome, type StoredRecord } from "../../store/types.js";
import { zstackErrors } from "../../zstack/errors.js";
import { creationFields, failure, publicBase, recordFailure, runAsync } from "../../zstack/jobs.js";
import { checkedReferences, missingReference, type Reference, referenceReads } from "../../zstack/references.js";
import { inventoriesOf } from "../../zstack/resource.js";
import { newUuid } from "../../zstack/uuids.js";
import { modelServices, type SharedPutBody } from "../model-services/definition.js";
import { deploySteps, instanceGroups, modelServiceInstances, running, type StoredGroup } from "./definition.js";
import { deployerOf } from "./deployer.js";

type DeployRequest = SharedPutBody<"deployModelService">;

/** Where an instance answers its health checks: under the public base, outside `/zstack/v1`. */
export const instancesPath = "/model-service-instances";

function references(param: DeployRequest["deployModelService"]): Reference[] {
  return [
    {
      field: "modelUuid",
      table: "models",
      vo: "ModelVO",
      uuids: param.modelUuid === undefined ? [] : [param.modelUuid],
    },
    { field: "datasetUuids", table: "datasets", vo: "DatasetVO", uuids: param.datasetUuids ?? [] },
  ];
}

export function deployModelService(ctx: ServerContext): RequestHandler {
  const inventories = inventoriesOf(ctx, instanceGroups);
  const deployer = deployerOf(ctx);
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "DeployModelService", async (makeJob, now) => {
      const serviceUuid = String(req.params.uuid);
      const body = req.body as DeployRequest;
      const { resourceUuid, datasetUuids, requestIp: _ip, ...param } = body.deployModelService;
      const uuid = resourceUuid ?? newUuid();
      const instanceUuid = newUuid();
      const url = `${publicBase(ctx, req)}${instancesPath}/${instanceUuid}`;
      const checked = checkedReferences(ctx, references(body.deployModelService));
      const atOnce = ctx.options.deploySeconds === 0;
      const status = atOnce ? running : deploySteps[0];
      try {
        return await ctx.store.write<JobOutcome | undefined>({
          reads: [
            { as: "service", table: modelServices.table, values: [serviceUuid], lock: "share" },
            ...referenceReads(checked),
          ],
          decide: (found) => {
            const service = found.service![0];
            const missing = service
              ? missingReference(checked, found)
              : zstackErrors.resourceNotFound(serviceUuid, modelServices.vo);
            if (missing) {
              const failed = failure(missing);
              return { changes: [], job: makeJob(failed), result: failed };
            }
            const jobUuid = makeJob().uuid;
            const group: StoredGroup = {
              ...param,
              uuid,
              modelServiceUuid: serviceUuid,
              status,
              modelServiceType: service!.type as string | undefined,
              yaml: service!.yaml as string | undefined,
              datasetRefInventories: [...new Set(datasetUuids ?? [])].map((datasetUuid) => ({
                uuid: newUuid(),
                datasetUuid,
                modelServiceInstanceGroupUuid: uuid,
              })),
              ...creationFields(param, body, now),
              ...(atOnce ? {} : { deployment: { jobUuid, startedAt: now, ...deployer.lease(now) } }),
            };
            const instance = {
              uuid: instanceUuid,
              name: `${param.name}-0`,
              modelServiceGroupUuid: uuid,
              yaml: group.yaml,
              status,
              url,
              internalUrl: url,
              createDate: now,
              lastOpDate: now,
            };
            const outcome: JobOutcome | undefined = atOnce
              ? { status: 200, body: { inventory: inventories.toInventory({ ...group, instances: [instance] }) } }
              : undefined;
            return {
              changes: [
                { op: "insert", table: instanceGroups.table, record: group as StoredRecord },
                { op: "insert", table: modelServiceInstances.table, record: instance },
              ],
              job: makeJob(outcome),
              result: outcome,
            };
          },
        });
      } catch (err) {
        if (!(err instanceof DuplicateKeyError && err.key === "resourceUuid")) throw err;
        const details = `deployModelService.resourceUuid: a resource with uuid[${uuid}] already exists`;
        return recordFailure(ctx, makeJob, zstackErrors.invalidArgument(details));
      } finally {
        if (!atOnce) deployer.kick();
      }
    });
}
