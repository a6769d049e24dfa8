// SQL shared by the SQLite and PostgreSQL stores for any resource table: the fixed statements of a table and
// the statements built from a ZStack query. Statements are written with `?` placeholders; the PostgreSQL store
// numbers them (`positional`). Beyond that the dialects differ only in booleans and case-insensitive LIKE.
import { detailsColumn, type TableShape } from "./tables.js";
import type { QueryCondition, ResourceQuery } from "./types.js";

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

/** A table's fixed statements, the same text for every row so that each is prepared once. */
export interface TableStatements {
  insert: string;
  /** Rewrites every column of an existing row; the uuid is the last parameter. */
  update: string;
  get: string;
  delete: string;
}

export function tableStatements(shape: TableShape): TableStatements {
  const columns = [...shape.columns.map((column) => column.name), detailsColumn];
  const others = columns.filter((column) => column !== "uuid");
  return {
    insert: `INSERT INTO ${shape.name} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
    update: `UPDATE ${shape.name} SET ${others.map((column) => `${column} = ?`).join(", ")} WHERE uuid = ?`,
    get: `SELECT * FROM ${shape.name} WHERE uuid = ?`,
    delete: `DELETE FROM ${shape.name} WHERE uuid = ?`,
  };
}

/** The parameters of `update` from a row's values in column order (uuid first, as `rowValues` gives them). */
export function updateParams(shape: TableShape, values: unknown[]): unknown[] {
  const uuidAt = shape.columns.findIndex((column) => column.name === "uuid");
  return [...values.filter((_, i) => i !== uuidAt), values[uuidAt]];
}

/** Collects parameters and hands out their placeholders in order. */
class Params {
  readonly values: unknown[] = [];
  constructor(private readonly dialect: SqlDialect) {}

  add(value: unknown): string {
    this.values.push(typeof value === "boolean" ? this.dialect.bindBoolean(value) : (value ?? null));
    return "?";
  }
}

function columnFor(shape: TableShape, field: string, use: string): string {
  const column = shape.byField.get(field);
  if (!column) throw new Error(`not a ${use} field of ${shape.name}: ${field}`);
  return column.name;
}

function conditionSql(shape: TableShape, condition: QueryCondition, params: Params, dialect: SqlDialect): string {
  const column = columnFor(shape, condition.field, "queryable");
  const [first] = condition.values;
  const list = () => condition.values.map((value) => params.add(value)).join(", ");
  switch (condition.op) {
    case "=":
    case "!=":
    case ">":
    case "<":
    case ">=":
    case "<=":
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
function orderBySql(shape: TableShape, sort: ResourceQuery["sort"]): string {
  const field = sort?.field ?? (shape.byField.has("createDate") ? "createDate" : "uuid");
  const column = shape.byField.get(field);
  if (!column) throw new Error(`not a sortable field of ${shape.name}: ${field}`);
  const direction = sort?.direction === "desc" ? "DESC" : "ASC";
  const nulls = column.notNull ? "" : direction === "ASC" ? " NULLS FIRST" : " NULLS LAST";
  return column.name === "uuid"
    ? `ORDER BY uuid ${direction}`
    : `ORDER BY ${column.name} ${direction}${nulls}, uuid ${direction}`;
}

export interface QuerySql {
  page?: { sql: string; params: unknown[] };
  count?: { sql: string; params: unknown[] };
}

/** The statements a query needs: the page unless `count`, the total when `count` or `replyWithCount`. */
export function querySql(shape: TableShape, dialect: SqlDialect, query: ResourceQuery): QuerySql {
  const build = (withPage: boolean) => {
    const params = new Params(dialect);
    const conditions = query.conditions.map((condition) => conditionSql(shape, condition, params, dialect));
    const where = conditions.length ? ` WHERE ${conditions.join(" AND ")}` : "";
    if (!withPage) return { sql: `SELECT COUNT(*) AS total FROM ${shape.name}${where}`, params: params.values };
    const page = `${orderBySql(shape, query.sort)} LIMIT ${params.add(query.limit)} OFFSET ${params.add(query.start)}`;
    return { sql: `SELECT * FROM ${shape.name}${where} ${page}`, params: params.values };
  };
  return {
    page: query.count ? undefined : build(true),
    count: query.count || query.replyWithCount ? build(false) : undefined,
  };
}

/** The state a finished job is stored with. */
export function jobState(status: 200 | 503): "succeeded" | "failed" {
  return status === 200 ? "succeeded" : "failed";
}

function columnNamed(shape: TableShape, column: string): string {
  if (column !== "uuid" && !shape.columns.some((c) => c.name === column))
    throw new Error(`no column ${column} in ${shape.name}`);
  return column;
}

const placeholders = (values: readonly unknown[]) => values.map(() => "?").join(", ");

/** The statements of a WritePlan (writes.ts); on PostgreSQL reads lock their rows. Empty value lists match nothing. */
export const planSql = {
  read(
    shape: TableShape,
    column: string,
    values: readonly string[],
    lock: "share" | "update" | undefined,
    what: "*" | "uuid" = "*",
  ): string {
    const suffix = lock === "share" ? " FOR KEY SHARE" : lock === "update" ? " FOR UPDATE" : "";
    const where = `${columnNamed(shape, column)} IN (${placeholders(values)})`;
    return `SELECT ${what} FROM ${shape.name} WHERE ${where} ORDER BY uuid${suffix}`;
  },
  insertIfAbsent(statements: TableStatements, dialect: "sqlite" | "postgres"): string {
    return dialect === "sqlite"
      ? statements.insert.replace(/^INSERT INTO/, "INSERT OR IGNORE INTO")
      : `${statements.insert} ON CONFLICT DO NOTHING`;
  },
  delete(shape: TableShape, where: Record<string, readonly string[]>): { sql: string; params: string[] } {
    const entries = Object.entries(where);
    const conditions = entries.map(([column, values]) => `${columnNamed(shape, column)} IN (${placeholders(values)})`);
    return {
      sql: `DELETE FROM ${shape.name} WHERE ${conditions.join(" AND ")}`,
      params: entries.flatMap(([, v]) => v),
    };
  },
  clear(shape: TableShape, column: string, values: readonly string[]): string {
    const name = columnNamed(shape, column);
    return `UPDATE ${shape.name} SET ${name} = NULL WHERE ${name} IN (${placeholders(values)})`;
  },
  related(shape: TableShape, column: string, values: readonly string[]): string {
    const order = shape.byField.has("createDate") ? "create_date, uuid" : "uuid";
    const where = `${columnNamed(shape, column)} IN (${placeholders(values)})`;
    return `SELECT * FROM ${shape.name} WHERE ${where} ORDER BY ${order}`;
  },
  sums(shape: TableShape, sumColumn: string, groupColumn: string, values: readonly string[]): string {
    const group = columnNamed(shape, groupColumn);
    const total = `COALESCE(SUM(${columnNamed(shape, sumColumn)}), 0) AS total`;
    const where = `${group} IN (${placeholders(values)})`;
    return `SELECT ${group} AS key, ${total} FROM ${shape.name} WHERE ${where} GROUP BY ${group}`;
  },
};
