// The PostgreSQL store (issue 8): several server instances share one database, so everything that must be
// unique or shared lives there. Every call is bounded in time: a database that does not answer turns into
// StoreUnavailableError within `timeoutMs`, never a hang, and the pool reconnects by itself when it returns.

import pg from "pg";
import { createMigrationsTableSql, migrationSql, migrations } from "../migrations.js";
import { pgErrorToStoreError } from "./errors.js";
import { CoalescedSessionReads } from "./session-reads.js";
import { combinedStatement, isShortRead, type OneStatement, oneStatementWrite } from "./one-statement-write.js";
import { PreparedTexts, type StatementText } from "./prepared-texts.js";
import { TurnBatcher } from "./turn-batch.js";
import { planSql, postgresDialect, querySql, tableStatements, type TableStatements, updateParams } from "../sql.js";
import { mergeRecord, recordReader, rowValues, type StoredRecord, type TableShape, tableShape } from "../tables.js";
import {
  finishJobParams,
  jobParams,
  positional,
  rowToAccount,
  rowToJob,
  rowToSession,
  sessionParams,
  sql,
} from "../statements.js";
import {
  DuplicateKeyError,
  StoreUnavailableError,
  type NewJob,
  type RecordChanges,
  type ResourceQuery,
  type Store,
  type StoredAccount,
  type StoredJob,
  type StoredSession,
} from "../types.js";
import type { Change, Found, WritePlan } from "../writes.js";

type Row = Record<string, unknown>;
type Statement = keyof typeof sql;

export interface PostgresStoreOptions {
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** The longest a connect or a statement may take (default 5000 ms). */
  timeoutMs?: number;
}

/** Key of the advisory lock that serialises migrations; the second key is the schema's hash. */
const migrationLockKey = 0x7a6d73; // "zms"

/** Opens a pool on `url` and brings the schema up to date. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const store = new PostgresStore(url, options);
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

export class PostgresStore implements Store {
  private readonly pool: pg.Pool;
  private readonly timeoutMs: number;
  private closed = false;
  /** Resource tables as migrated, with their fixed statements (see tables.ts). */
  private readonly tables = new Map<string, { shape: TableShape; sql: TableStatements }>();

  /** Inserts, batched per event-loop turn and table (turn-batch.ts). */
  private readonly inserts = new Map<string, TurnBatcher<{ values: unknown[]; job: NewJob }>>();
  /** Reference-checked adds of a turn, as one statement (one-statement-write.ts). */
  /** Names for the one-statement writes' repeating texts (prepared-texts.ts). */
  readonly preparedTexts = new PreparedTexts();
  private readonly planStatements = new TurnBatcher<OneStatement>(
    (items) => this.runStatement(combinedStatement(items)),
    (item) => this.runStatement(combinedStatement([item])),
  );

  /** Session lookups, one statement per session uuid per event-loop turn (session-reads.ts). */
  private readonly sessionReads = new CoalescedSessionReads(async (uuid, now) => {
    const row = await this.one("getSession", [uuid, now]);
    return row ? rowToSession(row) : undefined;
  });

  constructor(
    private readonly url: string,
    options: PostgresStoreOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: this.timeoutMs,
      // The server gives up on a slow statement; the client gives up on a silent network.
      statement_timeout: this.timeoutMs,
      query_timeout: this.timeoutMs,
      idle_in_transaction_session_timeout: this.timeoutMs * 2,
      keepAlive: true,
      application_name: "zstack-model-services",
    });
    // An idle connection that breaks (database restarted, network cut) is dropped by the pool; without a
    // listener its error would end the process.
    this.pool.on("error", () => {});
  }

  /**
   * Runs `work`, translating its errors, and rejects with StoreUnavailableError if it has not settled shortly
   * after the timeout — the guard for whatever the driver's own timeouts miss.
   */
  private async guarded<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreUnavailableError("the store is closed");
    const running = work().catch((error: unknown) => {
      throw pgErrorToStoreError(error);
    });
    running.catch(() => {}); // It may settle after the guard has answered.
    let timer: NodeJS.Timeout | undefined;
    const guard = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new StoreUnavailableError(`the database did not answer within ${this.timeoutMs} ms`)),
        this.timeoutMs + 250,
      );
    });
    try {
      return await Promise.race([running, guard]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * One statement on a pooled connection. Unlike `pool.query`, which discards the connection after any error,
   * this keeps it after an error of the statement (a duplicate key) and discards it only when it is broken.
   */
  private async single(config: pg.QueryConfig): Promise<pg.QueryResult> {
    const client = await this.pool.connect();
    const onError = () => {}; // Surfaces through the running query; the listener keeps it from being fatal.
    client.on("error", onError);
    let broken: Error | undefined;
    try {
      return await client.query(config);
    } catch (error) {
      if (pgErrorToStoreError(error) instanceof StoreUnavailableError) broken = error as Error;
      throw error;
    } finally {
      client.off("error", onError);
      client.release(broken);
    }
  }

  /**
   * A fixed statement, named so that each connection parses and plans it once; inside `client`'s transaction if given.
   */
  private async statement(name: Statement, params: unknown[], client?: pg.PoolClient): Promise<Row[]> {
    const config = { name: `zms_${name}`, text: positional(sql[name]), values: params };
    return (client ? await client.query(config) : await this.single(config)).rows as Row[];
  }

  private async one(name: Statement, params: unknown[]): Promise<Row | undefined> {
    return this.guarded(async () => (await this.statement(name, params))[0]);
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>, begin = "BEGIN"): Promise<T> {
    return this.guarded(async () => {
      const client = await this.pool.connect();
      const onError = () => {};
      client.on("error", onError);
      let broken: unknown;
      try {
        await client.query(begin);
        const result = await work(client);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((rollbackError: unknown) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        client.off("error", onError);
        // A connection whose ROLLBACK failed is in an unknown state: destroy it rather than reuse it.
        client.release(broken instanceof Error ? broken : broken === undefined ? undefined : true);
      }
    });
  }

  async migrate(): Promise<void> {
    // Its own connection, without the statement timeout: waiting for another instance's migration is normal.
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: this.timeoutMs });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.query("SELECT pg_advisory_lock($1, hashtext(coalesce(current_schema(), '')))", [migrationLockKey]);
      await client.query(createMigrationsTableSql);
      const applied = new Set(
        (await client.query("SELECT version FROM schema_migrations")).rows.map((row) => Number(row.version)),
      );
      for (const migration of migrations) {
        if (applied.has(migration.version)) continue;
        await client.query("BEGIN");
        try {
          await client.query(migrationSql(migration, "postgres"));
          await client.query("INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, $2, $3)", [
            migration.version,
            migration.description,
            Date.now(),
          ]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK").catch(() => {});
          throw error;
        }
      }
      await this.loadTables(client);
    } catch (error) {
      throw pgErrorToStoreError(error);
    } finally {
      // Ending the session releases the advisory lock too.
      await client.end().catch(() => {});
    }
  }

  /** Every table of the schema with a `details` column is a resource table. */
  private async loadTables(client: pg.Client): Promise<void> {
    const { rows } = await client.query(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
    );
    const byTable = new Map<string, { name: string; type: string; notNull: boolean }[]>();
    for (const row of rows as { table_name: string; column_name: string; data_type: string; is_nullable: string }[]) {
      const list = byTable.get(row.table_name) ?? [];
      list.push({ name: row.column_name, type: row.data_type, notNull: row.is_nullable === "NO" });
      byTable.set(row.table_name, list);
    }
    for (const [name, columns] of byTable) {
      if (!columns.some((column) => column.name === "details")) continue;
      const shape = tableShape(name, columns);
      this.tables.set(name, { shape, sql: tableStatements(shape) });
    }
  }

  private table(name: string): { shape: TableShape; sql: TableStatements } {
    const table = this.tables.get(name);
    if (!table) throw new Error(`no resource table ${name}`);
    return table;
  }

  private records(shape: TableShape, result: pg.QueryResult): StoredRecord[] {
    const read = recordReader(
      shape,
      result.fields.map((field) => field.name),
    );
    return (result.rows as Row[]).map((row) => read(result.fields.map((field) => row[field.name])));
  }

  /** Nothing runs in the background of a PostgreSQL store. */
  startBackgroundWork(): void {}

  /** Nothing is kept between reads of a PostgreSQL store (see the answer cache and sessions). */
  requestArrived(): void {}

  async ping(): Promise<void> {
    await this.guarded(() => this.single({ text: "SELECT 1" }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  // Insert and delete are one statement each (a data-modifying CTE is atomic on its own): one round trip
  // instead of four for BEGIN, two writes and COMMIT, which is most of an add's cost on this path.
  // Inserts arriving together share one multi-row statement (one commit and WAL flush for all of them); each
  // resolves after it committed, and a batch that fails is retried item by item (turn-batch.ts).
  insert(table: string, record: StoredRecord, job: NewJob): Promise<void> {
    const { shape } = this.table(table);
    let batcher = this.inserts.get(table);
    if (!batcher) {
      batcher = new TurnBatcher(
        (items) => this.insertMany(table, items),
        (item) => this.insertMany(table, [item]),
      );
      this.inserts.set(table, batcher);
    }
    return batcher.submit({ values: rowValues(shape, record, postgresDialect.bindBoolean), job });
  }

  private async insertMany(table: string, items: { values: unknown[]; job: NewJob }[]): Promise<void> {
    const { sql: statements } = this.table(table);
    const manyRows = (text: string) => {
      const tuple = text.slice(text.lastIndexOf(" VALUES ") + " VALUES ".length);
      return text + `, ${tuple}`.repeat(items.length - 1);
    };
    await this.guarded(() =>
      this.single({
        // Named per table and batch size: each connection parses and plans each once.
        name: `zms_insert_${table}_${items.length}`,
        text: positional(`WITH inserted AS (${manyRows(statements.insert)}) ${manyRows(sql.insertJob)}`),
        values: [...items.flatMap((item) => item.values), ...items.flatMap(({ job }) => jobParams(job))],
      }),
    );
  }

  private async runStatement(statement: StatementText): Promise<void> {
    await this.guarded(() => this.single(this.preparedTexts.name(statement)));
  }

  async update(
    table: string,
    uuid: string,
    changes: RecordChanges,
    job: (updated: StoredRecord) => NewJob,
  ): Promise<StoredRecord | undefined> {
    const { shape, sql: statements } = this.table(table);
    return this.transaction(async (client) => {
      // FOR UPDATE: two instances updating one record apply their changes one after the other.
      const [current] = this.records(shape, await client.query(`${positional(statements.get)} FOR UPDATE`, [uuid]));
      if (!current) return undefined;
      const updated = mergeRecord(current, changes);
      const values = updateParams(shape, rowValues(shape, updated, postgresDialect.bindBoolean));
      await client.query({ name: `zms_update_${table}`, text: positional(statements.update), values });
      await this.statement("insertJob", jobParams(job(updated)), client);
      return updated;
    });
  }

  async remove(table: string, uuid: string, job: NewJob): Promise<void> {
    const { sql: statements } = this.table(table);
    await this.guarded(() =>
      this.single({
        name: `zms_delete_${table}`,
        text: positional(`WITH removed AS (${statements.delete}) ${sql.insertJob}`),
        values: [uuid, ...jobParams(job)],
      }),
    );
  }

  /** How many write plans went as one statement, and how many as a transaction (tests prove the path taken). */
  readonly writePaths = { oneStatement: 0, transaction: 0 };

  async write<T>(plan: WritePlan<T>): Promise<T> {
    const oneStatement = oneStatementWrite(plan, (name) => this.table(name));
    if (oneStatement) {
      try {
        await this.planStatements.submit(oneStatement.statement);
        this.writePaths.oneStatement++;
        return oneStatement.result;
      } catch (error) {
        // Something the plan reads is missing, or a key is taken: nothing was stored; the transaction below finds
        // which, in the order the plan checks them (a missing reference before a duplicate uuid).
        if (!isShortRead(error) && !(error instanceof DuplicateKeyError)) throw error;
      }
    }
    this.writePaths.transaction++;
    return this.transaction(async (client) => {
      const found: Found = {};
      for (const read of plan.reads) {
        const { shape } = this.table(read.table);
        if (read.values.length === 0) {
          found[read.as] = [];
          continue;
        }
        const what = plan.presenceOnly ? "uuid" : "*"; // as on SQLite: a reference check needs only the uuids
        const text = positional(planSql.read(shape, read.column ?? "uuid", read.values, read.lock, what));
        found[read.as] = this.records(shape, await client.query(text, [...read.values]));
      }
      const { changes, job, result } = plan.decide(found);
      for (const change of changes) await this.apply(client, change);
      if (job) await this.statement("insertJob", jobParams(job), client);
      return result;
    });
  }

  /** One change of a plan, inside its transaction. */
  private async apply(client: pg.PoolClient, change: Change): Promise<void> {
    if (change.op === "finishJob") {
      await this.statement("finishJob", finishJobParams(change.uuid, change.outcome, change.now), client);
      return;
    }
    const { shape, sql: statements } = this.table(change.table);
    switch (change.op) {
      case "insert": {
        const text = change.ifAbsent ? planSql.insertIfAbsent(statements, "postgres") : statements.insert;
        await client.query(positional(text), rowValues(shape, change.record, postgresDialect.bindBoolean));
        return;
      }
      case "update": {
        const values = updateParams(shape, rowValues(shape, change.record, postgresDialect.bindBoolean));
        await client.query({ name: `zms_update_${change.table}`, text: positional(statements.update), values });
        return;
      }
      case "delete": {
        if (Object.values(change.where).some((values) => values.length === 0)) return;
        const { sql: text, params } = planSql.delete(shape, change.where);
        await client.query(positional(text), params);
        return;
      }
      case "clear":
        if (change.values.length > 0)
          await client.query(positional(planSql.clear(shape, change.column, change.values)), [...change.values]);
        return;
    }
  }

  async related(table: string, column: string, values: readonly string[]): Promise<StoredRecord[]> {
    if (values.length === 0) return [];
    const { shape } = this.table(table);
    const text = positional(planSql.related(shape, column, values));
    return this.records(shape, await this.guarded(() => this.single({ text, values: [...values] })));
  }

  async sums(
    table: string,
    sumColumn: string,
    groupColumn: string,
    values: readonly string[],
  ): Promise<Map<string, number>> {
    if (values.length === 0) return new Map();
    const { shape } = this.table(table);
    const text = positional(planSql.sums(shape, sumColumn, groupColumn, values));
    const result = await this.guarded(() => this.single({ text, values: [...values] }));
    return new Map((result.rows as Row[]).map((row) => [String(row.key), Number(row.total)]));
  }

  async get(table: string, uuid: string): Promise<StoredRecord | undefined> {
    const { shape, sql: statements } = this.table(table);
    const result = await this.guarded(() =>
      this.single({ name: `zms_get_${table}`, text: positional(statements.get), values: [uuid] }),
    );
    return this.records(shape, result)[0];
  }

  async query(table: string, query: ResourceQuery): Promise<{ records?: StoredRecord[]; total?: number }> {
    const { shape } = this.table(table);
    const { page, count } = querySql(shape, postgresDialect, query);
    const read = async (client?: pg.PoolClient) => {
      const run = (text: string, values: unknown[]) =>
        client ? client.query(text, values) : this.single({ text, values });
      const result: { records?: StoredRecord[]; total?: number } = {};
      if (page) result.records = this.records(shape, await run(positional(page.sql), page.params));
      if (count) result.total = Number(((await run(positional(count.sql), count.params)).rows[0] as Row).total);
      return result;
    };
    // The page and its total from one snapshot; a single statement needs no transaction.
    return page && count
      ? this.transaction(read, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
      : this.guarded(() => read());
  }

  async recordJob(job: NewJob): Promise<void> {
    await this.guarded(() => this.statement("insertJob", jobParams(job)));
  }

  async getJob(uuid: string): Promise<StoredJob | undefined> {
    const row = await this.one("getJob", [uuid]);
    return row ? rowToJob(row) : undefined;
  }

  async hasJob(uuid: string): Promise<boolean> {
    return (await this.one("hasJob", [uuid])) !== undefined;
  }

  async findAccount(name: string): Promise<StoredAccount | undefined> {
    const row = await this.one("findAccount", [name]);
    return row ? rowToAccount(row) : undefined;
  }

  async upsertAccount(account: StoredAccount): Promise<void> {
    await this.guarded(() => this.statement("upsertAccount", [account.uuid, account.name, account.passwordHash]));
  }

  async createSession(session: StoredSession, maxPerAccount: number, now: number): Promise<boolean> {
    return this.transaction(async (client) => {
      // Serialises logins of one account across instances, so the count and the insert cannot race.
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`zms-sessions:${session.accountUuid}`]);
      const [row] = await this.statement("countLiveSessions", [session.accountUuid, now], client);
      if (Number(row?.live ?? 0) >= maxPerAccount) return false;
      await this.statement("insertSession", sessionParams(session), client);
      return true;
    });
  }

  async getSession(uuid: string, now: number): Promise<StoredSession | undefined> {
    return this.sessionReads.get(uuid, now);
  }

  async renewSession(uuid: string, expiresAt: number, now: number): Promise<void> {
    await this.guarded(() => this.statement("renewSession", [expiresAt, now, uuid, now]));
  }

  async setSessionExpiry(
    uuid: string,
    expiresAt: number,
    now: number,
    job: (session: StoredSession) => NewJob,
  ): Promise<StoredSession | undefined> {
    return this.transaction(async (client) => {
      const [row] = await this.statement("setSessionExpiry", [expiresAt, now, uuid, now], client);
      if (!row) return undefined;
      const session = rowToSession(row);
      await this.statement("insertJob", jobParams(job(session)), client);
      return session;
    });
  }

  async deleteSession(uuid: string): Promise<void> {
    await this.guarded(() => this.statement("deleteSession", [uuid]));
  }

  /** Other instances write to the same database unseen, so no answer may be reused: nothing is cached. */
  dataVersion(): undefined {
    return undefined;
  }

  async reset(): Promise<void> {
    await this.transaction(async (client) => {
      for (const name of this.tables.keys()) await client.query(`DELETE FROM ${name}`);
      await client.query("DELETE FROM jobs");
    });
  }

  async hasResources(): Promise<boolean> {
    return this.guarded(async () => {
      for (const name of this.tables.keys()) {
        if ((await this.pool.query(`SELECT 1 FROM ${name} LIMIT 1`)).rowCount) return true;
      }
      return false;
    });
  }

  async purgeExpired(now: number, jobsFinishedBefore: number): Promise<{ sessions: number; jobs: number }> {
    return this.transaction(async (client) => ({
      sessions: (await client.query(positional(sql.purgeSessions), [now])).rowCount ?? 0,
      jobs: (await client.query(positional(sql.purgeJobs), [jobsFinishedBefore])).rowCount ?? 0,
    }));
  }
}
