// Writes that span tables, as one transaction: what it must read first (and lock), and the changes it makes
// given what it found. The decision runs inside the transaction, so a reference checked there cannot vanish
// before the commit: on PostgreSQL the rows read are locked (FOR KEY SHARE for references that must stay,
// FOR UPDATE for rows the write changes or deletes), on SQLite the group transaction holds the write lock.
// Resources describe references and cascades with these; the stores only run them.
import type { StoredRecord } from "./tables.js";
import type { JobOutcome, NewJob } from "./types.js";

/** Rows to read before deciding: by uuid, or by another column's values (`model_center_uuid` of a center). */
export interface Read {
  /** A name for what is read, by which `decide` finds it (e.g. `center`, `models`). */
  as: string;
  table: string;
  /** The column matched (default `uuid`) and the values it may have. */
  column?: string;
  values: readonly string[];
  /** `share`: a reference that must stay until the commit; `update`: a row this write changes or deletes. */
  lock: "share" | "update";
}

export type Change =
  /** `ifAbsent`: a record whose uuid (or a unique key) is taken is skipped, not an error (idempotent binds). */
  | { op: "insert"; table: string; record: StoredRecord; ifAbsent?: boolean }
  /** Rewrites the whole record (read it, merge, write it back). */
  | { op: "update"; table: string; record: StoredRecord }
  /** Deletes the rows whose `column` has one of `values` (several columns: all must match). */
  | { op: "delete"; table: string; where: Record<string, readonly string[]> }
  /** Sets `column` to NULL where it has one of `values` (ZStack's ON DELETE SET NULL). */
  | { op: "clear"; table: string; column: string; values: readonly string[] }
  /** Ends a running job with its outcome (a job already finished is left as it is). */
  | { op: "finishJob"; uuid: string; outcome: JobOutcome; now: number };

/** What was read, by each read's `as`. */
export type Found = Record<string, StoredRecord[]>;

export interface WritePlan<T> {
  reads: readonly Read[];
  /**
   * `decide` looks at nothing but which uuids each read found (a reference check): PostgreSQL may then try the
   * write as one statement, decided as if everything were found (postgres/one-statement-write.ts).
   */
  presenceOnly?: boolean;
  /**
   * Decides the changes and the job from what was found; runs inside the transaction and must not await. Work
   * that no API call makes (a deployment's next step) records no job.
   */
  decide(found: Found): { changes: readonly Change[]; job?: NewJob; result: T };
}
