// QueryModelServiceInstanceGroup, its get, UpdateModelServiceInstanceGroup and the deletes; DeployModelService, which
// makes a group, is deploy.ts. Deleting a group takes its instances with it and, while it deploys, stops the
// deployment: its DeployModelService job fails SYS.1006.
import { mergeRecord } from "../../store/tables.js";
import type { Request, RequestHandler, Response } from "express";
import type { ServerContext } from "../../context.js";
import type { Change, JobOutcome } from "../../store/types.js";
import { zstackErrors } from "../../zstack/errors.js";
import { failure, runAsync, updatedTags } from "../../zstack/jobs.js";
import { getHandler, queryHandler } from "../../zstack/reads.js";
import { inventoriesOf, type Resource } from "../../zstack/resource.js";
import type { Schemas } from "../model-services/definition.js";
import { instanceGroups, modelServiceInstances, type StoredGroup } from "./definition.js";
import { callJobWebHook, runDeployer } from "./deployer.js";

type StoppedJob = { uuid: string; outcome: JobOutcome };
import { instanceEndpoints } from "./endpoints.js";
import { deployModelService, instancesPath } from "./deploy.js";

type UpdateRequest = Schemas["UpdateModelServiceInstanceGroupRequest"];

function groupReads(uuids: readonly string[]) {
  return [
    { as: "groups", table: instanceGroups.table, values: uuids, lock: "update" as const },
    {
      as: "instances",
      table: modelServiceInstances.table,
      column: "model_service_group_uuid",
      values: uuids,
      lock: "update" as const,
    },
  ];
}

function updateGroup(ctx: ServerContext): RequestHandler {
  const inventories = inventoriesOf(ctx, instanceGroups);
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "UpdateModelServiceInstanceGroup", async (makeJob, now) => {
      const uuid = String(req.params.uuid);
      const body = req.body as UpdateRequest;
      const { requestIp: _ip, systemTags, userTags, ...fields } = body.updateModelServiceInstanceGroup;
      const tags = updatedTags({ systemTags, userTags }, body);
      return ctx.store.write<JobOutcome>({
        reads: groupReads([uuid]),
        decide: (found) => {
          const current = found.groups![0];
          if (!current) {
            const outcome = failure(zstackErrors.resourceNotFound(uuid, instanceGroups.vo));
            return { changes: [], job: makeJob(outcome), result: outcome };
          }
          const updated = mergeRecord(current, { ...fields, ...tags, lastOpDate: now });
          const outcome: JobOutcome = {
            status: 200,
            body: { inventory: inventories.toInventory({ ...updated, instances: found.instances! }) },
          };
          return {
            changes: [{ op: "update", table: instanceGroups.table, record: updated }],
            job: makeJob(outcome),
            result: outcome,
          };
        },
      });
    });
}

/** Deletes groups and their instances; a deployment under way ends with its job failing SYS.1006. */
function deleteHandler(apiName: string, uuidsOf: (req: Request) => string[], batch: boolean) {
  return (ctx: ServerContext): RequestHandler =>
    (req: Request, res: Response) =>
      runAsync(ctx, req, res, apiName, async (makeJob, now) => {
        const uuids = [...new Set(uuidsOf(req))];
        const outcome: JobOutcome = {
          status: 200,
          body: batch ? { results: uuidsOf(req).map((uuid) => ({ uuid, success: true })) } : {},
        };
        const stopped = await ctx.store.write<StoppedJob[]>({
          reads: groupReads(uuids),
          decide: (found) => {
            const stopped = (found.groups as StoredGroup[]).flatMap((group) =>
              group.deployment
                ? [
                    {
                      op: "finishJob" as const,
                      uuid: group.deployment.jobUuid,
                      outcome: failure(
                        zstackErrors.operationStopped(
                          `the instance group[uuid:${group.uuid}] was deleted while it deployed (${group.status})`,
                        ),
                      ),
                      now,
                    },
                  ]
                : [],
            );
            const changes: Change[] = [
              ...stopped,
              { op: "delete", table: instanceGroups.table, where: { uuid: uuids } },
              { op: "delete", table: modelServiceInstances.table, where: { model_service_group_uuid: uuids } },
            ];
            return { changes, job: makeJob(outcome), result: stopped };
          },
        });
        for (const { uuid, outcome: ended } of stopped) await callJobWebHook(ctx, uuid, ended);
        return outcome;
      });
}

export const instanceGroupsResource: Resource = {
  definition: instanceGroups,
  handlers: {
    // The shared PUT on a model service that makes a group (http/shared-actions.ts chooses it by the body's key).
    DeployModelService: deployModelService,
    QueryModelServiceInstanceGroup: queryHandler(instanceGroups),
    GetModelServiceInstanceGroup: getHandler(instanceGroups),
    UpdateModelServiceInstanceGroup: updateGroup,
    DeleteModelServiceInstanceGroup: deleteHandler(
      "DeleteModelServiceInstanceGroup",
      (req) => [String(req.params.uuid)],
      false,
    ),
    // `uuids` from the query string only: ZStack ignores DELETE bodies.
    DeleteModelServiceInstanceGroups: deleteHandler(
      "DeleteModelServiceInstanceGroups",
      (req) => [req.query.uuids ?? []].flat().map(String),
      true,
    ),
  },
  jobResults: {
    DeployModelService: instanceGroups.javaClasses,
    UpdateModelServiceInstanceGroup: instanceGroups.javaClasses,
  },
  background: runDeployer,
  publicRouters: (ctx) => [{ path: instancesPath, router: instanceEndpoints(ctx) }],
};
