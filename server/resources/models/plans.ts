import type { Change, JobOutcome, StoredRecord } from "../../store/types.js";
import { type ZStackError, zstackErrors } from "../../zstack/errors.js";
import { failure, type MakeJob } from "../../zstack/jobs.js";
import type { Reference } from "../../zstack/references.js";
import { newUuid } from "../../zstack/uuids.js";
import { modelServices } from "../model-services/definition.js";
import { modelServiceRefs, models, type StoredBinding } from "./definition.js";

/** A plan's decision that changes nothing and fails its job. */
export function failed(
  makeJob: MakeJob,
  error: ZStackError,
): { changes: Change[]; job: ReturnType<MakeJob>; result: JobOutcome } {
  const outcome = failure(error);
  return { changes: [], job: makeJob(outcome), result: outcome };
}

/** `modelCenterUuid` names a model center. */
export function modelCenterReference(uuid: string | undefined): Reference[] {
  if (uuid === undefined) return [];
  return [{ field: "modelCenterUuid", table: "model_centers", vo: "ModelCenterVO", uuids: [uuid] }];
}

export function modelServiceReference(field: string, uuids: readonly (string | undefined)[]): Reference {
  return { field, table: modelServices.table, vo: modelServices.vo, uuids: uuids.filter((uuid) => uuid !== undefined) };
}

/** `field` names models (AddModelService's `modelUuids`). */
export function modelReference(field: string, uuids: readonly string[]): Reference {
  return { field, table: models.table, vo: models.vo, uuids };
}

export function newBinding(
  modelUuid: string,
  modelServiceUuid: string,
  isDefault: boolean,
  uuid = newUuid(),
): StoredBinding {
  return { uuid, modelUuid, modelServiceUuid, isDefault };
}

/**
 * `count` new uuids in increasing order. Bindings are listed by uuid, and uuids made in one millisecond are not
 * ordered: a request's bindings get these, so that they are listed in the order the request named them.
 */
export function orderedUuids(count: number): string[] {
  return Array.from({ length: count }, () => newUuid()).sort();
}

/**
 * A model's bindings after making `defaultService` its default (bound if it was not) or, with `clear`, after
 * taking the default from every binding; and the changes that get there.
 */
export function defaultChanges(
  modelUuid: string,
  bindings: readonly StoredRecord[],
  defaultService: string | undefined,
  clear: boolean,
): { bindings: StoredRecord[]; changes: Change[] } {
  if (defaultService === undefined && !clear) return { bindings: [...bindings], changes: [] };
  const changes: Change[] = [];
  const after = bindings.map((binding) => {
    const isDefault = defaultService !== undefined && binding.modelServiceUuid === defaultService;
    if (Boolean(binding.isDefault) === isDefault) return binding;
    const changed = { ...binding, isDefault };
    changes.push({ op: "update", table: modelServiceRefs.table, record: changed });
    return changed;
  });
  if (defaultService !== undefined && !bindings.some((binding) => binding.modelServiceUuid === defaultService)) {
    const added = newBinding(modelUuid, defaultService, true);
    changes.push({ op: "insert", table: modelServiceRefs.table, record: added, ifAbsent: true });
    after.push(added);
  }
  return { bindings: after, changes };
}

/** `recommendedGpuNum` as ZStack's inventory lists it: the request's comma-separated counts. */
export function gpuCounts(text: string | undefined, field: string): number[] | ZStackError | undefined {
  if (text === undefined) return undefined;
  if (text.trim() === "") return [];
  const parts = text.split(",").map((part) => part.trim());
  if (parts.some((part) => !/^\d{1,9}$/.test(part))) {
    return zstackErrors.invalidArgument(`${field}: must be GPU counts separated by commas, e.g. 1,2, not [${text}]`);
  }
  return parts.map(Number);
}
