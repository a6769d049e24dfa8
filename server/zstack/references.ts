// ZStack checks that a uuid naming another resource exists (DESIGN.md Decision 8): the job fails SYS.1003
// `invalid field[<field>], resource[uuid:<uuid>, type:<VO>] not found`. The check runs inside the write's
// transaction (store/writes.ts), locking the referenced rows, so a delete racing the write cannot leave it
// dangling. `--references off` skips it, for the source document's placeholder uuids.
import type { ServerContext } from "../context.js";
import type { Found, Read } from "../store/types.js";
import { type ZStackError, zstackErrors } from "./errors.js";

/** A field of a request that names records of another resource. */
export interface Reference {
  /** The request field, as the error names it (e.g. `modelCenterUuid`). */
  field: string;
  table: string;
  /** ZStack's entity name, e.g. `ModelCenterVO`. */
  vo: string;
  uuids: readonly string[];
}

/** The references to check in this server's `--references` mode (none with `off`; empty lists dropped). */
export function checkedReferences(ctx: ServerContext, references: readonly Reference[]): Reference[] {
  if (ctx.options.references === "off") return [];
  return references.filter((reference) => reference.uuids.length > 0);
}

/** The reads that find (and lock) the referenced records. */
export function referenceReads(references: readonly Reference[]): Read[] {
  return references.map((reference) => ({
    as: `reference:${reference.field}`,
    table: reference.table,
    values: [...new Set(reference.uuids)],
    lock: "share" as const,
  }));
}

/** SYS.1003 for the first referenced uuid that was not found, in the order of the request's fields. */
export function missingReference(references: readonly Reference[], found: Found): ZStackError | undefined {
  for (const reference of references) {
    const present = new Set((found[`reference:${reference.field}`] ?? []).map((record) => record.uuid));
    const missing = reference.uuids.find((uuid) => !present.has(uuid));
    if (missing !== undefined) return zstackErrors.resourceNotFound(missing, reference.vo, reference.field);
  }
  return undefined;
}
