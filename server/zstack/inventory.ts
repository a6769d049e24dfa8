// Stored records as ZStack answers them: only the served document's inventory fields, in its order, nulls left
// out, dates (epoch milliseconds in the store) in Gson's format and the server's time zone, also inside nested
// inventories; `fields=` projections always keep `uuid`.
import type { InventoryShape } from "../contract/index.js";
import { compiledInventoryWriter } from "../performance/compiled-inventory.js";
import type { StoredRecord } from "../store/types.js";
import { gsonDateFormatter } from "./gson-date.js";

export { gsonDateFormatter } from "./gson-date.js";

export type Inventory = Record<string, unknown> & { uuid: string };

export interface InventoryWriter {
  /** The inventory of a record, optionally projected onto `fields` (uuid always kept). */
  toInventory(record: StoredRecord, fields?: readonly string[]): Inventory;
}

export function inventoryWriter(shape: InventoryShape, timeZone: string): InventoryWriter {
  const write = compiledInventoryWriter(shape, gsonDateFormatter(timeZone));
  return { toInventory: (record, fields) => write(record, fields) as Inventory };
}

/** The Java classes ZStack names in a result's `schema` map: the inventory's, and those of inventories nested in it. */
export interface JavaClasses {
  inventory: string;
  nested?: Record<string, string>;
}

/**
 * ZStack's `schema` map (sent when the caller asks with `X-JSON-Schema: true`): each inventory's path and Java class.
 */
export function jsonSchemaMap(
  result: { inventory?: Inventory; inventories?: Inventory[] },
  classes: JavaClasses,
): Record<string, string> {
  const map: Record<string, string> = {};
  const add = (path: string, inventory: Inventory) => {
    map[path] = classes.inventory;
    for (const [nested, javaClass] of Object.entries(classes.nested ?? {})) {
      const value = inventory[nested];
      if (Array.isArray(value)) for (let i = 0; i < value.length; i++) map[`${path}.${nested}[${i}]`] = javaClass;
      // A single nested inventory (a model center's `capacity`) is named by its own path: `inventory.capacity`.
      else if (value !== null && typeof value === "object") map[`${path}.${nested}`] = javaClass;
    }
  };
  if (result.inventory) add("inventory", result.inventory);
  result.inventories?.forEach((inventory, i) => {
    add(`inventories[${i}]`, inventory);
  });
  return map;
}

export const sessionInventoryClass = "org.zstack.header.identity.SessionInventory";
