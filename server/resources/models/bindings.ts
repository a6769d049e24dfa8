// BindModelToService and UnbindModelFromService: a row of `model_service_refs` made or removed in the
// transaction that checks (and locks) both sides. Both are idempotent; a missing side is SYS.1003.
import type { Request, RequestHandler, Response } from "express";
import type { ServerContext } from "../../context.js";
import type { JobOutcome, StoredRecord } from "../../store/types.js";
import { runAsync } from "../../zstack/jobs.js";
import { checkedReferences, missingReference, referenceReads, type Reference } from "../../zstack/references.js";
import { inventoriesOf } from "../../zstack/resource.js";
import { modelServices } from "../model-services/definition.js";
import { modelServiceRefs, models } from "./definition.js";
import { failed, newBinding } from "./plans.js";

function pathReferences(ctx: ServerContext, req: Request): { model: string; service: string; references: Reference[] } {
  const model = String(req.params.modelUuid);
  const service = String(req.params.modelServiceUuid);
  const references = checkedReferences(ctx, [
    { field: "modelUuid", table: models.table, vo: models.vo, uuids: [model] },
    { field: "modelServiceUuid", table: modelServices.table, vo: modelServices.vo, uuids: [service] },
  ]);
  return { model, service, references };
}

export function bindModelToService(ctx: ServerContext): RequestHandler {
  const services = inventoriesOf(ctx, modelServices);
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "BindModelToService", async (makeJob) => {
      const { model, service, references } = pathReferences(ctx, req);
      return ctx.store.write<JobOutcome>({
        reads: [
          ...referenceReads(references),
          { as: "service", table: modelServices.table, values: [service], lock: "share" },
          {
            as: "bindings",
            table: modelServiceRefs.table,
            column: "model_service_uuid",
            values: [service],
            lock: "update",
          },
        ],
        decide: (found) => {
          const missing = missingReference(references, found);
          if (missing) return failed(makeJob, missing);
          const bindings = found.bindings!;
          const bound = bindings.some((binding) => binding.modelUuid === model);
          const added = bound ? undefined : newBinding(model, service, false);
          // With `--references off` the service may not exist: its inventory is then only what is known of it.
          const record: StoredRecord = {
            ...(found.service![0] ?? { uuid: service }),
            modelServiceRefs: added ? [...bindings, added] : bindings,
          };
          const outcome: JobOutcome = { status: 200, body: { inventory: services.toInventory(record) } };
          return {
            changes: added ? [{ op: "insert", table: modelServiceRefs.table, record: added, ifAbsent: true }] : [],
            job: makeJob(outcome),
            result: outcome,
          };
        },
      });
    });
}

export function unbindModelFromService(ctx: ServerContext): RequestHandler {
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "UnbindModelFromService", async (makeJob) => {
      const { model, service, references } = pathReferences(ctx, req);
      return ctx.store.write<JobOutcome>({
        reads: referenceReads(references),
        decide: (found) => {
          const missing = missingReference(references, found);
          if (missing) return failed(makeJob, missing);
          const outcome: JobOutcome = { status: 200, body: {} };
          return {
            changes: [
              {
                op: "delete",
                table: modelServiceRefs.table,
                where: { model_uuid: [model], model_service_uuid: [service] },
              },
            ],
            job: makeJob(outcome),
            result: outcome,
          };
        },
      });
    });
}
