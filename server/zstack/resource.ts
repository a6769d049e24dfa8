// What a resource folder (server/resources/<name>/) hands the server: where its records live, how ZStack names
// them, and a handler per operation of the documents. The shared machinery below builds what every resource
// needs from that (inventories, queries, gets), so a resource's own code is only what is its own.
import type { RequestHandler } from "express";
import type { ServerContext } from "../context.js";
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
}

/** A resource as the server mounts it. */
export interface Resource {
  definition: ResourceDefinition;
  /** A handler per operationId of the documents (the app refuses to start if one is missing). */
  handlers: Record<string, (ctx: ServerContext) => RequestHandler>;
  /** For each asynchronous action whose job result is this resource's inventory: its classes (job polls' `schema`). */
  jobResults: Record<string, JavaClasses>;
}

/** The inventory writer of a resource, as the served document describes its inventory. */
export function inventoriesOf(ctx: ServerContext, definition: ResourceDefinition): InventoryWriter {
  return inventoryWriter(ctx.contract.inventory(definition.inventory), ctx.options.timeZone);
}

/** An inventory type as the store keeps it: its dates (`createDate`, `lastOpDate`, also nested) as epoch milliseconds. */
export type Stored<T> = {
  [K in keyof T]: K extends "createDate" | "lastOpDate"
    ? number
    : NonNullable<T[K]> extends (infer U)[]
      ? U extends object
        ? Stored<U>[]
        : T[K]
      : T[K];
};
