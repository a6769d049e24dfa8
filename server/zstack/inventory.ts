// Stored model services as ZStack answers them: Gson-format dates in the server's time zone, nulls left
// out, only the document's inventory fields, and `fields=` projections that always keep `uuid`.
import { gsonDateFormatter } from "./gson-date.js";
import type { StoredModelService } from "../store/types.js";

export { gsonDateFormatter } from "./gson-date.js";

export type Inventory = Record<string, unknown> & { uuid: string };

export interface InventoryWriter {
  /** The inventory of a service, optionally projected onto `fields` (uuid always kept). */
  toInventory(service: StoredModelService, fields?: readonly string[]): Inventory;
}

export function inventoryWriter(inventoryFields: readonly string[], timeZone: string): InventoryWriter {
  const date = gsonDateFormatter(timeZone);
  const dateFields = new Set(["createDate", "lastOpDate"]);
  return {
    toInventory(service, fields) {
      const wanted = fields ? inventoryFields.filter((f) => f === "uuid" || fields.includes(f)) : inventoryFields;
      const out: Record<string, unknown> = {};
      const source = service as unknown as Record<string, unknown>;
      for (const field of wanted) {
        const value = source[field];
        if (value === undefined || value === null) continue;
        if (dateFields.has(field)) out[field] = date(value as number);
        else if (field === "modelServiceImages") {
          out[field] = service.modelServiceImages.map((image) => ({ ...image, createDate: date(image.createDate), lastOpDate: date(image.lastOpDate) }));
        } else out[field] = value;
      }
      return out as Inventory;
    },
  };
}

const javaClasses: Record<string, string> = {
  inventory: "org.zstack.ai.entity.ModelServiceInventory",
  modelServiceRefs: "org.zstack.ai.entity.ModelServiceRefInventory",
  modelServiceImages: "org.zstack.ai.entity.ModelServiceImageInventory",
};

/** ZStack's `schema` map (sent when the caller asks with `X-JSON-Schema: true`): each inventory's path and Java class. */
export function jsonSchemaMap(result: { inventory?: Inventory; inventories?: Inventory[] }, inventoryClass = javaClasses.inventory!): Record<string, string> {
  const map: Record<string, string> = {};
  const add = (path: string, inventory: Inventory) => {
    map[path] = inventoryClass;
    for (const nested of ["modelServiceRefs", "modelServiceImages"]) {
      const list = inventory[nested];
      if (Array.isArray(list)) list.forEach((_, i) => (map[`${path}.${nested}[${i}]`] = javaClasses[nested]!));
    }
  };
  if (result.inventory) add("inventory", result.inventory);
  result.inventories?.forEach((inventory, i) => add(`inventories[${i}]`, inventory));
  return map;
}

export const sessionInventoryClass = "org.zstack.header.identity.SessionInventory";
