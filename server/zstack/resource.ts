// What a resource folder (server/resources/<name>/) hands the server: where its records live, how ZStack names
// them, and a handler per operation of the documents. The shared machinery below builds what every resource
// needs from that (inventories, queries, gets), so a resource's own code is only what is its own.
import type { RequestHandler } from "express";
import type { ServerContext } from "../context.js";
import { fieldOf } from "../store/tables.js";
import type { Store, StoredRecord } from "../store/types.js";
import type { InventoryShape } from "../contract/index.js";
import { type InventoryWriter, inventoryWriter, type JavaClasses } from "./inventory.js";

export interface ResourceDefinition {
  /** Its table in the store; a migration creates it (test/store/columns.test.ts checks it against the contract). */
  table: string;
  /** Its inventory's schema name in the documents, e.g. `ModelServiceInventory`. */
  inventory: string;
  /** ZStack's entity name in errors, e.g. `ModelServiceVO` in SYS.1003's `type:ModelServiceVO`. */
  vo: string;
  /** The Java classes ZStack names in `schema` maps. */
  javaClasses: JavaClasses;
  /** Inventory fields kept in other tables, filled in when answering (e.g. a model service's bindings). */
  related?: readonly RelatedField[];
  /** Inventory fields computed when answering (e.g. a model center's capacity): sets them on the records. */
  computed?: (store: Store, records: StoredRecord[]) => Promise<void>;
  /**
   * Inventory fields that reads never show, filter or sort on (an access key's secret): answers leave them out
   * and `q`, `sort` and `fields` naming them are unknown fields. A handler may still show them once, on purpose.
   */
  concealed?: readonly string[];
}

/** An inventory field that lists the records of `table` whose `column` holds this record's uuid. */
export interface RelatedField {
  field: string;
  table: string;
  column: string;
}

/**
 * Fills in a page of records' related and computed fields: one lookup per related table for the whole page.
 * `fields` (a projection) skips what is not asked for.
 */
export async function completeRecords(
  store: Store,
  definition: ResourceDefinition,
  records: StoredRecord[],
  fields?: readonly string[],
): Promise<StoredRecord[]> {
  if (records.length === 0) return records;
  const wanted = (field: string) => !fields || fields.includes(field);
  const uuids = records.map((record) => record.uuid);
  for (const { field, table, column } of definition.related ?? []) {
    if (!wanted(field)) continue;
    const byOwner = new Map<string, StoredRecord[]>();
    for (const related of await store.related(table, column, uuids)) {
      const owner = String(related[fieldOf(column)]);
      byOwner.set(owner, [...(byOwner.get(owner) ?? []), related]);
    }
    for (const record of records) record[field] = byOwner.get(record.uuid) ?? [];
  }
  await definition.computed?.(store, records);
  return records;
}

/** A resource as the server mounts it. */
export interface Resource {
  definition: ResourceDefinition;
  /**
   * A handler per ZStack action of the documents: an operation's operationId, or each API of a shared operation's
   * `x-zstack-actions` (the app refuses to start if one is missing).
   */
  handlers: Record<string, (ctx: ServerContext) => RequestHandler>;
  /** For each asynchronous action whose job result is this resource's inventory: its classes (job polls' `schema`). */
  jobResults: Record<string, JavaClasses>;
  /** For an action whose stored job result is not what the poll shows (a sealed secret): turns one into the other. */
  jobResultReaders?: Record<string, (ctx: ServerContext) => (body: unknown) => unknown>;
  /** Runs once at start-up, after migrations (e.g. to warn about how the resource's data is stored). */
  atStart?: (ctx: ServerContext) => Promise<void>;
  /** Work beside requests (a deployment's steps): started once the server is ready, stopped when it closes. */
  background?: (ctx: ServerContext) => { stop(): Promise<void> };
  /** Routers outside the documents, mounted before validation and needing no session (instances' health paths). */
  publicRouters?: (ctx: ServerContext) => { path: string; router: RequestHandler }[];
}

/** The inventory's fields without the definition's concealed ones: what reads may show, filter and sort on. */
export function visibleShape(shape: InventoryShape, definition: ResourceDefinition): InventoryShape {
  const concealed = definition.concealed ?? [];
  if (concealed.length === 0) return shape;
  const fields = shape.fields.filter((field) => !concealed.includes(field.name));
  return {
    fields,
    scalars: new Map([...shape.scalars].filter(([name]) => !concealed.includes(name))),
    names: fields.map((field) => field.name),
  };
}

/** The inventory writer of a resource, as the served document describes its inventory. */
export function inventoriesOf(ctx: ServerContext, definition: ResourceDefinition): InventoryWriter {
  return inventoryWriter(ctx.contract.inventory(definition.inventory), ctx.options.timeZone);
}

/** The inventory writer that leaves the definition's concealed fields out (what reads answer). */
export function visibleInventoriesOf(ctx: ServerContext, definition: ResourceDefinition): InventoryWriter {
  return inventoryWriter(visibleShape(ctx.contract.inventory(definition.inventory), definition), ctx.options.timeZone);
}

/**
 * An inventory type as the store keeps it: its dates (`createDate`, `lastOpDate`, also nested) as epoch milliseconds.
 */
export type Stored<T> = {
  [K in keyof T]: K extends "createDate" | "lastOpDate"
    ? number
    : NonNullable<T[K]> extends (infer U)[]
      ? U extends object
        ? Stored<U>[]
        : T[K]
      : T[K];
};
