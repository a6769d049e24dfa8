// A reference-checked add on PostgreSQL as one statement instead of a transaction of round trips (BEGIN, a locking
// read per reference, an insert per record, the job, COMMIT), which made such adds several times slower than the
// batched inserts before references were checked (figures: bench/README.md). For a plan that says its decision
// depends only on which uuids its reads find (`WritePlan.presenceOnly`), the store decides as if every uuid were
// found and sends the reads (locking, FOR KEY SHARE), the inserts and the job as one statement whose result divides
// by zero unless every read found all it asked for: a single statement is atomic, so then nothing of it is stored,
// and the store runs the plan as a transaction to learn what is missing. The locks are held to the statement's
// commit, as they are to a transaction's. The plans of one turn go as one statement (postgres/turn-batch.ts): one
// commit for all, and when one of them comes back short, each is tried alone.
import { planSql, postgresDialect, type TableStatements } from "../sql.js";
import { jobParams, positional, sql } from "../statements.js";
import { rowValues, type TableShape } from "../tables.js";
import type { Change, Found, WritePlan } from "../writes.js";

type InsertChange = Extract<Change, { op: "insert" }>;

/** PostgreSQL's SQLSTATE for division_by_zero: the statement's way of saying that a read came back short. */
const readCameBackShort = "22012";

export function isShortRead(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === readCameBackShort;
}

/** A plan as parts of one statement: its named sub-statements, their parameters in order, its reads' counts. */
export interface OneStatement {
  ctes: { name: string; sql: string }[];
  values: unknown[];
  checks: { cte: string; asked: number }[];
}

/**
 * The plan as one statement, and the result it decided, when the plan can be written this way: every read a shared
 * lock by uuid, and a decision of inserts and a job once everything is found. Otherwise undefined (a transaction).
 */
export function oneStatementWrite<T>(
  plan: WritePlan<T>,
  table: (name: string) => { shape: TableShape; sql: TableStatements },
): { statement: OneStatement; result: T } | undefined {
  if (!plan.presenceOnly) return undefined;
  if (!plan.reads.every((read) => read.lock === "share" && (read.column ?? "uuid") === "uuid")) return undefined;
  const everything: Found = {};
  for (const read of plan.reads) everything[read.as] = read.values.map((uuid) => ({ uuid }));
  const { changes, job, result } = plan.decide(everything);
  const inserts = changes.filter((change): change is InsertChange => change.op === "insert");
  if (!job || inserts.length !== changes.length) return undefined;
  const statement: OneStatement = { ctes: [], values: [], checks: [] };
  plan.reads.forEach((read, i) => {
    const asked = [...new Set(read.values)];
    if (asked.length === 0) return;
    statement.ctes.push({ name: `r${i}`, sql: planSql.read(table(read.table).shape, "uuid", asked, "share", "uuid") });
    statement.values.push(...asked);
    statement.checks.push({ cte: `r${i}`, asked: asked.length });
  });
  for (const [i, change] of inserts.entries()) {
    const { shape, sql: statements } = table(change.table);
    const sql = change.ifAbsent ? planSql.insertIfAbsent(statements, "postgres") : statements.insert;
    statement.ctes.push({ name: `c${i}`, sql });
    statement.values.push(...rowValues(shape, change.record, postgresDialect.bindBoolean));
  }
  statement.ctes.push({ name: "job", sql: sql.insertJob });
  statement.values.push(...jobParams(job));
  return { statement, result };
}

/**
 * Several plans' statements as one (one round trip and one commit for the adds of a turn, as turn-batch.ts does
 * for plain inserts): it fails as a whole when any plan's read comes back short, and each is then tried alone.
 */
export function combinedStatement(statements: readonly OneStatement[]): { text: string; values: unknown[] } {
  const ctes = statements.flatMap((one, j) => one.ctes.map(({ name, sql }) => `${name}_${j} AS (${sql})`));
  const checks = statements.flatMap((one, j) =>
    one.checks.map(({ cte, asked }) => `(SELECT count(*) FROM ${cte}_${j}) = ${asked}`),
  );
  const allFound = checks.length > 0 ? checks.join(" AND ") : "true";
  return {
    text: positional(`WITH ${ctes.join(", ")} SELECT 1 / (${allFound})::int AS written`),
    values: statements.flatMap((one) => one.values),
  };
}
