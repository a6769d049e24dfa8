// An inventory's fields as the document describes them: their order (the answer's key order), which are
// scalars that queries may filter and sort on, and where dates are (Gson-formatted on the way out, epoch
// milliseconds in the store). Everything here comes from the generated documents, so a field added in spec/
// reaches queries, projections and answers without another list to edit.
import { apiVersions } from "../options.js";
import { itemsOf, type Json, loadDocument, propertiesOf, refName, resolve } from "./documents.js";

/** How a scalar field's values are typed; dates are epoch milliseconds in the store. */
export type ScalarKind = "string" | "integer" | "boolean" | "date";

export interface InventoryField {
  name: string;
  /** A scalar kind, or `nested` for lists, maps and objects (never filtered on). */
  kind: ScalarKind | "nested";
  /** For nested fields that hold inventories with dates: how to format them (see `dateWalker`). */
  dates?: DatePaths;
}

/** The date fields of a nested inventory, and of inventories nested in it, by property name. */
export interface DatePaths {
  [property: string]: true | DatePaths;
}

export interface InventoryShape {
  /** Every field, in the document's order. */
  fields: InventoryField[];
  /** The scalar fields by name: what `q` and `sort` may name. */
  scalars: Map<string, ScalarKind>;
  /** Every field name: what `fields=` may name. */
  names: string[];
}

const gsonDate = "GsonDate";

function scalarKind(doc: Json, schema: Json): ScalarKind | undefined {
  if (refName(schema) === gsonDate) return "date";
  const resolved = resolve(doc, schema);
  if (resolved?.allOf?.length === 1) return scalarKind(doc, resolved.allOf[0]);
  if (resolved?.type === "string") return "string";
  if (resolved?.type === "integer") return "integer";
  if (resolved?.type === "boolean") return "boolean";
  return undefined;
}

function datePaths(doc: Json, schema: Json, depth = 0): DatePaths | undefined {
  if (depth > 6) return undefined;
  const items = itemsOf(doc, schema);
  const target = items ?? schema;
  const paths: DatePaths = {};
  for (const [name, property] of Object.entries(propertiesOf(doc, target))) {
    if (scalarKind(doc, property) === "date") paths[name] = true;
    else {
      const nested = datePaths(doc, property, depth + 1);
      if (nested) paths[name] = nested;
    }
  }
  return Object.keys(paths).length > 0 ? paths : undefined;
}

export function inventoryShape(doc: Json, schemaName: string): InventoryShape {
  const schema = doc.components?.schemas?.[schemaName];
  if (!schema) throw new Error(`the document has no schema ${schemaName}`);
  const fields: InventoryField[] = Object.entries(propertiesOf(doc, schema)).map(([name, property]) => {
    const kind = scalarKind(doc, property);
    if (kind) return { name, kind };
    const dates = datePaths(doc, property);
    return dates ? { name, kind: "nested", dates } : { name, kind: "nested" };
  });
  const scalars = new Map<string, ScalarKind>();
  for (const field of fields) if (field.kind !== "nested") scalars.set(field.name, field.kind);
  return { fields, scalars, names: fields.map((field) => field.name) };
}

/**
 * The scalar fields an inventory has in any version, newest version's order first: what the store keeps in
 * columns, whichever version a server speaks (servers of different versions may share one database).
 */
export function storedScalarFields(schemaName: string): Map<string, ScalarKind> {
  const union = new Map<string, ScalarKind>();
  for (const version of [...apiVersions].reverse()) {
    const doc = loadDocument(version);
    if (!doc.components?.schemas?.[schemaName]) continue;
    for (const [name, kind] of inventoryShape(doc, schemaName).scalars) if (!union.has(name)) union.set(name, kind);
  }
  return union;
}
