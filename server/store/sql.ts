// SQL shared by the SQLite and PostgreSQL stores: every statement, the row shapes, and the statements built
// from a ZStack query. Statements are written with `?` placeholders; the PostgreSQL store numbers them
// (`positional`). Beyond that the dialects differ only in booleans and case-insensitive LIKE.

import { inventoryFieldNames, isScalarField, nestedFieldNames, requiredScalarFields, scalarFieldNames, scalarFields } from "../resources/model-services/fields.js";
import type { ModelServiceQuery, QueryCondition, StoredModelService } from "./types.js";

export interface SqlDialect {
  /** How a boolean is bound (SQLite has no boolean type). */
  bindBoolean(value: boolean): unknown;
  /** ZStack's `~=` runs on MySQL, whose default collation ignores case: keep that in both stores. */
  likeOperator: "LIKE" | "ILIKE";
}

export const sqliteDialect: SqlDialect = {
  bindBoolean: (value) => (value ? 1 : 0),
  likeOperator: "LIKE",
};

export const postgresDialect: SqlDialect = {
  bindBoolean: (value) => value,
  likeOperator: "ILIKE",
};

/** Collects parameters and hands out their placeholders in order. */
class Params {
  readonly values: unknown[] = [];
  constructor(private readonly dialect: SqlDialect) {}

  add(value: unknown): string {
    this.values.push(typeof value === "boolean" ? this.dialect.bindBoolean(value) : value ?? null);
    return "?";
  }
}

const serviceColumns = [...scalarFieldNames.map((name) => scalarFields[name].column), "details"];

/** The row's values in `serviceColumns` order: scalars in their columns, nested fields as one JSON text. */
function serviceValues(service: StoredModelService): unknown[] {
  const details: Record<string, unknown> = {};
  for (const name of nestedFieldNames) {
    if (service[name] !== undefined) details[name] = service[name];
  }
  return [...scalarFieldNames.map((name) => service[name]), JSON.stringify(details)];
}

/** The same text for every service (every column is bound), so the statement is prepared once. */
const insertServiceText = `INSERT INTO model_services (${serviceColumns.join(", ")}) VALUES (${serviceColumns.map(() => "?").join(", ")})`;

export function insertServiceSql(dialect: SqlDialect, service: StoredModelService): { sql: string; params: unknown[] } {
  const params = new Params(dialect);
  for (const value of serviceValues(service)) params.add(value);
  return { sql: insertServiceText, params: params.values };
}

/** Rewrites every column of an existing row (the caller merged the changes into the whole service). */
export function updateServiceSql(dialect: SqlDialect, service: StoredModelService): { sql: string; params: unknown[] } {
  const params = new Params(dialect);
  const values = serviceValues(service);
  const sets = serviceColumns.filter((column) => column !== "uuid").map((column) => `${column} = ${params.add(values[serviceColumns.indexOf(column)])}`);
  return { sql: `UPDATE model_services SET ${sets.join(", ")} WHERE uuid = ${params.add(service.uuid)}`, params: params.values };
}

/** Each stored field in the inventory's own order (the spec's), then what the inventory does not show. */
const rowFields = [...new Set([...inventoryFieldNames, ...nestedFieldNames])].map((name) =>
  isScalarField(name) ? { name, column: scalarFields[name].column, type: scalarFields[name].type as string } : { name, column: undefined, type: "nested" },
);

/** A row of either database back to the domain shape; nulls are left out, as ZStack leaves them out. */
export function rowToService(row: Record<string, unknown>): StoredModelService {
  return buildService((column) => row[column]);
}

/**
 * Reads services from rows fetched as arrays (better-sqlite3's raw mode: a page of 50 rows of 26 columns costs
 * about half as much as rows as objects), given the statement's column names.
 */
export function serviceArrayReader(columnNames: readonly string[]): (row: unknown[]) => StoredModelService {
  const index = new Map(columnNames.map((name, i) => [name, i]));
  return (row) => buildService((column) => row[index.get(column) ?? -1]);
}

/** One pass in the final order: a page of 50 full services goes through here on every query. */
function buildService(valueOf: (column: string) => unknown): StoredModelService {
  const details = JSON.parse(String(valueOf("details") ?? "{}")) as Record<string, unknown>;
  const service: Record<string, unknown> = {};
  for (const { name, column, type } of rowFields) {
    const value = column === undefined ? details[name] : valueOf(column);
    if (value === null || value === undefined) continue;
    // PostgreSQL returns BIGINT as a string and SQLite booleans as 0/1.
    service[name] = type === "nested" || type === "string" ? value : type === "boolean" ? Boolean(value) : Number(value);
  }
  return service as unknown as StoredModelService;
}

function conditionSql(condition: QueryCondition, params: Params, dialect: SqlDialect): string {
  if (!isScalarField(condition.field)) throw new Error(`not a queryable field: ${condition.field}`);
  const column = scalarFields[condition.field].column;
  const [first] = condition.values;
  const list = () => condition.values.map((value) => params.add(value)).join(", ");
  switch (condition.op) {
    case "=": case "!=": case ">": case "<": case ">=": case "<=":
      return `${column} ${condition.op === "!=" ? "<>" : condition.op} ${params.add(first)}`;
    case "?=":
      return condition.values.length === 0 ? "1 = 0" : `${column} IN (${list()})`;
    case "!?=":
      return condition.values.length === 0 ? `${column} IS NOT NULL` : `${column} NOT IN (${list()})`;
    case "~=":
      return `${column} ${dialect.likeOperator} ${params.add(first)}`;
    case "!~=":
      return `${column} NOT ${dialect.likeOperator} ${params.add(first)}`;
    case "is null":
      return `${column} IS NULL`;
    case "not null":
      return `${column} IS NOT NULL`;
  }
}

/**
 * ORDER BY for a page. The uuid follows the sort's direction so that pages are stable and one index
 * (e.g. `(type, create_date, uuid)`) serves the whole order; NULLs sort as MySQL (ZStack's database) sorts them.
 */
function orderBySql(sort: ModelServiceQuery["sort"]): string {
  const field = sort?.field ?? "createDate";
  if (!isScalarField(field)) throw new Error(`not a sortable field: ${field}`);
  const direction = sort?.direction === "desc" ? "DESC" : "ASC";
  const column = scalarFields[field].column;
  const nulls = requiredScalarFields.has(field) ? "" : direction === "ASC" ? " NULLS FIRST" : " NULLS LAST";
  return column === "uuid" ? `ORDER BY uuid ${direction}` : `ORDER BY ${column} ${direction}${nulls}, uuid ${direction}`;
}

export interface ServiceQuerySql {
  page?: { sql: string; params: unknown[] };
  count?: { sql: string; params: unknown[] };
}

/** The statements a query needs: the page unless `count`, the total when `count` or `replyWithCount`. */
export function serviceQuerySql(dialect: SqlDialect, query: ModelServiceQuery): ServiceQuerySql {
  const build = (withPage: boolean) => {
    const params = new Params(dialect);
    const conditions = query.conditions.map((condition) => conditionSql(condition, params, dialect));
    const where = conditions.length ? ` WHERE ${conditions.join(" AND ")}` : "";
    if (!withPage) return { sql: `SELECT COUNT(*) AS total FROM model_services${where}`, params: params.values };
    const page = `${orderBySql(query.sort)} LIMIT ${params.add(query.limit)} OFFSET ${params.add(query.start)}`;
    return { sql: `SELECT * FROM model_services${where} ${page}`, params: params.values };
  };
  return {
    page: query.count ? undefined : build(true),
    count: query.count || query.replyWithCount ? build(false) : undefined,
  };
}

/** Merges changes into a service: keys whose value is `undefined` change nothing; the uuid never changes. */
export function mergeService(current: StoredModelService, changes: Partial<StoredModelService>): StoredModelService {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (value !== undefined && key !== "uuid") merged[key] = value;
  }
  return merged as unknown as StoredModelService;
}

/** The state a finished job is stored with. */
export function jobState(status: 200 | 503): "succeeded" | "failed" {
  return status === 200 ? "succeeded" : "failed";
}
