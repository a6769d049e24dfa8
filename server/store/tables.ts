// A resource table as the store sees it: read from the migrated database itself, so that the migrations are
// the one hand-written list of columns (test/store/columns.test.ts equates them with the generated contract).
// A column `request_cpu` holds the field `requestCpu`; whatever a record has beyond its columns (lists, maps,
// what the resource keeps but does not show) is kept together as JSON in the table's `details` column.

export type ColumnKind = "text" | "integer" | "boolean";

export interface Column {
  name: string;
  /** The record field it holds: the column's name in camelCase. */
  field: string;
  kind: ColumnKind;
  notNull: boolean;
}

export interface TableShape {
  name: string;
  /** Every column but `details`, in the table's order; `uuid` is among them. */
  columns: Column[];
  /** By field name. */
  byField: Map<string, Column>;
}

/** A stored resource: its fields by inventory name (dates as epoch milliseconds), nulls left out. */
export type StoredRecord = { uuid: string } & Record<string, unknown>;

export const detailsColumn = "details";

/**
 * Fields whose names break the camelCase rule: ZStack spells AccessKeyInventory's `AccessKeyID` and
 * `AccessKeySecret` with capitals, which `access_key_id` would read back as `accessKeyId`.
 */
const irregularFields = new Map([
  ["access_key_id", "AccessKeyID"],
  ["access_key_secret", "AccessKeySecret"],
]);
const irregularColumns = new Map([...irregularFields].map(([column, field]) => [field, column]));

export function fieldOf(column: string): string {
  return irregularFields.get(column) ?? column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function columnOf(field: string): string {
  return irregularColumns.get(field) ?? field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The kind of a declared SQL type, in either database. */
export function columnKind(declared: string): ColumnKind {
  const type = declared.toLowerCase();
  if (type.includes("bool")) return "boolean";
  if (type.includes("int")) return "integer";
  return "text";
}

export function tableShape(name: string, columns: { name: string; type: string; notNull: boolean }[]): TableShape {
  const own = columns
    .filter((column) => column.name !== detailsColumn)
    .map((column) => ({
      name: column.name,
      field: fieldOf(column.name),
      kind: columnKind(column.type),
      notNull: column.notNull,
    }));
  return { name, columns: own, byField: new Map(own.map((column) => [column.field, column])) };
}

/** Reads a record from a row's values, given the statement's column names (rows fetched as arrays are cheaper). */
export function recordReader(shape: TableShape, columnNames: readonly string[]): (row: unknown[]) => StoredRecord {
  const readers = columnNames.map((name) =>
    name === detailsColumn ? undefined : shape.columns.find((c) => c.name === name),
  );
  const detailsAt = columnNames.indexOf(detailsColumn);
  return (row) => {
    const record: Record<string, unknown> = {};
    readers.forEach((column, i) => {
      const value = row[i];
      if (!column || value === null || value === undefined) return;
      // PostgreSQL returns BIGINT as a string and SQLite booleans as 0/1.
      record[column.field] =
        column.kind === "text" ? value : column.kind === "boolean" ? Boolean(value) : Number(value);
    });
    if (detailsAt >= 0 && row[detailsAt]) Object.assign(record, JSON.parse(String(row[detailsAt])));
    return record as StoredRecord;
  };
}

/** The row of a record: one value per column (booleans bound by `bindBoolean`), then `details`. */
export function rowValues(
  shape: TableShape,
  record: StoredRecord,
  bindBoolean: (value: boolean) => unknown,
): unknown[] {
  // On every write of every resource (an add's share of CPU): plain loops, no intermediate arrays.
  const details: Record<string, unknown> = {};
  for (const field in record) {
    const value = record[field];
    if (value !== undefined && value !== null && !shape.byField.has(field)) details[field] = value;
  }
  const { columns } = shape;
  const values: unknown[] = new Array(columns.length + 1);
  for (let i = 0; i < columns.length; i++) {
    const value = record[columns[i]!.field];
    values[i] = value === undefined || value === null ? null : typeof value === "boolean" ? bindBoolean(value) : value;
  }
  values[columns.length] = JSON.stringify(details);
  return values;
}

/**
 * Merges changes (or the changes a function computes from the current record) into a record: keys whose value
 * is `undefined` change nothing; the uuid never changes.
 */
export function mergeRecord(
  current: StoredRecord,
  changes: Record<string, unknown> | ((current: StoredRecord) => Record<string, unknown>),
): StoredRecord {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(typeof changes === "function" ? changes(current) : changes)) {
    if (value !== undefined && key !== "uuid") merged[key] = value;
  }
  return merged as StoredRecord;
}
