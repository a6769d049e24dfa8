// UpdateDatasets and DeleteDatasets: one job for several datasets, answering `{"results": [...]}` with an entry
// per uuid of the request, in its order. Each runs as one write, so the entries describe what was committed.
import { mergeRecord } from "../../store/tables.js";
import type { Request, RequestHandler, Response } from "express";
import type { ServerContext } from "../../context.js";
import type { Change, JobOutcome } from "../../store/types.js";
import { zstackErrors } from "../../zstack/errors.js";
import { runAsync } from "../../zstack/jobs.js";
import { datasets, type Schemas } from "./definition.js";

type UpdateManyRequest = Schemas["UpdateDatasetsRequest"];
type Entry = Schemas["DatasetBatchResultEntry"];

/** UpdateDatasets: an unknown uuid is its entry's SYS.1003; the others still change. */
export function updateDatasets(ctx: ServerContext): RequestHandler {
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "UpdateDatasets", (makeJob, now) => {
      const structs = (req.body as UpdateManyRequest).updateDatasets.updateDatasetStructs;
      return ctx.store.write({
        reads: [
          { as: "datasets", table: datasets.table, values: [...new Set(structs.map((s) => s.uuid))], lock: "update" },
        ],
        decide(found) {
          const current = new Map(found.datasets!.map((record) => [record.uuid, record]));
          const results: Entry[] = structs.map(({ uuid, ...fields }) => {
            const record = current.get(uuid);
            if (!record)
              return { uuid, success: false, error: zstackErrors.resourceNotFound(uuid, datasets.vo).body().error };
            // A uuid named twice gets both changes, in order.
            const changed = mergeRecord(record, { ...fields, lastOpDate: now });
            current.set(uuid, changed);
            return { uuid, success: true };
          });
          const touched = new Set(results.filter((entry) => entry.success).map((entry) => entry.uuid));
          const changes: Change[] = [...touched].map((uuid) => ({
            op: "update",
            table: datasets.table,
            record: current.get(uuid)!,
          }));
          const outcome: JobOutcome = { status: 200, body: { results } };
          return { changes, job: makeJob(outcome), result: outcome };
        },
      });
    });
}

/** DeleteDatasets: `uuids` from the query string only; every entry succeeds, an unknown uuid's too. */
export function deleteDatasets(ctx: ServerContext): RequestHandler {
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "DeleteDatasets", (makeJob) => {
      const uuids = [req.query.uuids ?? []].flat().map(String);
      return ctx.store.write({
        reads: [],
        decide() {
          const outcome: JobOutcome = {
            status: 200,
            body: { results: uuids.map((uuid) => ({ uuid, success: true })) },
          };
          return {
            changes: [{ op: "delete", table: datasets.table, where: { uuid: uuids } }],
            job: makeJob(outcome),
            result: outcome,
          };
        },
      });
    });
}
