// Building a page's inventories was a quarter of a fresh query page's CPU: the generic writer walked every field
// of the shape per record, asked `fields.includes` per field, and copied nested inventories with a spread and an
// `Object.entries` of their date paths per item (figures: bench/README.md). This writer does the same work with
// the decisions taken once per inventory shape (and once per projection): a flat list of steps, each knowing
// its field and whether it is a date, a nested value with dates, or a plain value. Nothing of an answer is kept
// between calls: each call builds its inventory afresh.
import type { DatePaths, InventoryShape } from "../contract/index.js";

type Step = (record: Record<string, unknown>, out: Record<string, unknown>) => void;
type Convert = (value: unknown) => unknown;

/** Copies a nested value (an inventory, or a list of them) with its dates formatted, as `paths` names them. */
function nestedDates(paths: DatePaths, date: (epochMs: number) => string): Convert {
  const entries = Object.entries(paths).map(([name, path]): [string, Convert] => [
    name,
    path === true ? (value) => date(value as number) : nestedDates(path, date),
  ]);
  const convert: Convert = (value) => {
    if (Array.isArray(value)) return value.map(convert);
    if (value === null || typeof value !== "object") return value;
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const [name, inner] of entries) {
      const at = out[name];
      if (at !== undefined && at !== null) out[name] = inner(at);
    }
    return out;
  };
  return convert;
}

function step(field: InventoryShape["fields"][number], date: (epochMs: number) => string): Step {
  const name = field.name;
  const convert: Convert | undefined =
    field.kind === "date" ? (value) => date(value as number) : field.dates ? nestedDates(field.dates, date) : undefined;
  if (!convert)
    return (record, out) => {
      const value = record[name];
      if (value !== undefined && value !== null) out[name] = value;
    };
  return (record, out) => {
    const value = record[name];
    if (value !== undefined && value !== null) out[name] = convert(value);
  };
}

/** A function per inventory shape that writes a record's inventory (optionally projected; uuid always kept). */
export function compiledInventoryWriter(
  shape: InventoryShape,
  date: (epochMs: number) => string,
): (record: Record<string, unknown>, fields?: readonly string[]) => Record<string, unknown> {
  const all = shape.fields.map((field) => ({ name: field.name, write: step(field, date) }));
  const steps = all.map((entry) => entry.write);
  // A page projects every record with the same `fields=` list: its steps are picked once and reused while the
  // list stays the same one (by identity), so a page pays for the pick once, not per record.
  let lastFields: readonly string[] | undefined;
  let lastSteps = steps;
  const projected = (fields: readonly string[]) => {
    if (fields !== lastFields) {
      const wanted = new Set(fields);
      lastSteps = all.filter((entry) => entry.name === "uuid" || wanted.has(entry.name)).map((entry) => entry.write);
      lastFields = fields;
    }
    return lastSteps;
  };
  return (record, fields) => {
    const out: Record<string, unknown> = {};
    for (const write of fields ? projected(fields) : steps) write(record, out);
    return out;
  };
}
