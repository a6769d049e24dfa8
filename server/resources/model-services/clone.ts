// CloneModelService: a new service with the source's fields, overridden by those the request's `params` gives.
// Bindings to models are the source's own and stay with it; images are copied (with new uuids) unless the request
// names its own. The source is read, and kept from being deleted, inside the write's transaction.
import type { Request, RequestHandler, Response } from "express";
import type { ServerContext } from "../../context.js";
import { DuplicateKeyError, type JobOutcome, type StoredRecord } from "../../store/types.js";
import { zstackErrors } from "../../zstack/errors.js";
import { creationFields, failure, recordFailure, runAsync } from "../../zstack/jobs.js";
import { inventoriesOf } from "../../zstack/resource.js";
import { newUuid } from "../../zstack/uuids.js";
import { type ImageFields, modelServices, newImages, type Schemas } from "./definition.js";

type CloneRequest = Schemas["CloneModelServiceRequest"];

export function cloneModelService(ctx: ServerContext): RequestHandler {
  const inventories = inventoriesOf(ctx, modelServices);
  return (req: Request, res: Response) =>
    runAsync(ctx, req, res, "CloneModelService", async (makeJob, now) => {
      const sourceUuid = String(req.params.uuid);
      const body = req.body as CloneRequest;
      const { resourceUuid, architectureImages, cpuArchitectures, requestIp: _ip, ...overrides } = body.params;
      if (overrides.yaml !== undefined) {
        const problems = ctx.checkYaml(overrides.yaml, "params.yaml");
        if (problems.length > 0) return recordFailure(ctx, makeJob, zstackErrors.invalidArgument(problems.join("; ")));
      }
      const uuid = resourceUuid ?? newUuid();
      try {
        return await ctx.store.write<JobOutcome>({
          reads: [{ as: "source", table: modelServices.table, values: [sourceUuid], lock: "share" }],
          decide: (found) => {
            const source = found.source![0];
            if (!source) {
              const outcome = failure(zstackErrors.resourceNotFound(sourceUuid, modelServices.vo));
              return { changes: [], job: makeJob(outcome), result: outcome };
            }
            const images = newImages(
              uuid,
              (architectureImages ?? source.modelServiceImages ?? []) as ImageFields[],
              now,
            );
            const { modelServiceRefs: _refs, ...copied } = source;
            const clone: StoredRecord = {
              ...copied,
              ...Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined)),
              uuid,
              modelServiceImages: images,
              cpuArchitectures:
                architectureImages || !cpuArchitectures
                  ? [...new Set(images.map((image) => image.cpuArchitecture))]
                  : [...new Set(cpuArchitectures)],
              ...creationFields(overrides, body, now),
            };
            const outcome: JobOutcome = {
              status: 200,
              body: { inventory: inventories.toInventory({ ...clone, modelServiceRefs: [] }) },
            };
            return {
              changes: [{ op: "insert", table: modelServices.table, record: clone }],
              job: makeJob(outcome),
              result: outcome,
            };
          },
        });
      } catch (err) {
        if (!(err instanceof DuplicateKeyError && err.key === "resourceUuid")) throw err;
        const details = `params.resourceUuid: a resource with uuid[${uuid}] already exists`;
        return recordFailure(ctx, makeJob, zstackErrors.invalidArgument(details));
      }
    });
}
