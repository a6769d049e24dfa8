// The embedded store: one SQLite file through better-sqlite3. Calls are synchronous underneath (one
// connection, so a transaction cannot interleave with another request's statements) and wrapped in
// promises to meet the asynchronous Store interface. Writes go through group commit (group-commit.ts):
// the writes of one event-loop turn share a transaction, and each resolves only after that COMMIT.

import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { backstopCheckpointPages, startCheckpointer, type Checkpointer } from "./checkpointer.js";
import { GroupCommit } from "./group-commit.js";
import { endOfTurn } from "../end-of-turn.js";
import { BoundedMap } from "../../performance/bounded-map.js";
import { createMigrationsTableSql, migrationSql, migrations } from "../migrations.js";
import { planSql, querySql, sqliteDialect, tableStatements, type TableStatements, updateParams } from "../sql.js";
import { mergeRecord, recordReader, rowValues, type StoredRecord, type TableShape, tableShape } from "../tables.js";
import { finishJobParams, jobParams, rowToAccount, rowToJob, rowToSession, sessionParams, sql } from "../statements.js";
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

/** Group commits after startBackgroundWork before the checkpointer thread starts. */
const checkpointerAfterCommits = 32;

/** Opens (creating the file and its folder) and migrates a SQLite store. */
export async function openSqliteStore(
  file: string,
  options: { timeoutMs?: number; deferBackgroundWork?: boolean } = {},
): Promise<SqliteStore> {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const store = new SqliteStore(new Database(file, { timeout: options.timeoutMs ?? 5000 }), file);
  await store.migrate();
  if (!options.deferBackgroundWork) store.startBackgroundNow();
  return store;
}

/** The resource tables of a SQLite database (those with a `details` column), as migrated. */
export function sqliteTableShapes(db: Database.Database): TableShape[] {
  const names = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];
  return names.flatMap((name) => {
    const columns = db.prepare(`PRAGMA table_info(${name})`).all() as {
      name: string;
      type: string;
      notnull: number;
      pk: number;
    }[];
    if (!columns.some((column) => column.name === "details")) return [];
    return [
      tableShape(
        name,
        columns.map((c) => ({ name: c.name, type: c.type, notNull: c.notnull === 1 || c.pk === 1 })),
      ),
    ];
  });
}

/** SQLite's error codes that mean "not now" rather than "wrong": another process holds the write lock. */
const busyCodes = new Set(["SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_BUSY_SNAPSHOT", "SQLITE_BUSY_TIMEOUT"]);

/** Turns SQLite's errors into the store's domain errors. */
function translate(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string") return error;
  if (code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "SQLITE_CONSTRAINT_UNIQUE") {
    const message = String((error as Error).message);
    if (message.includes("jobs.uuid")) return new DuplicateKeyError("jobUuid");
    if (/\w\.uuid\b/.test(message)) return new DuplicateKeyError("resourceUuid");
    const unique = /UNIQUE constraint failed: \w+\.(\w+)/.exec(message);
    if (unique && code === "SQLITE_CONSTRAINT_UNIQUE") return new DuplicateKeyError("unique", unique[1]);
  }
  if (busyCodes.has(code)) return new StoreUnavailableError(`the database is busy: ${code}`, { cause: error });
  return error;
}

export class SqliteStore implements Store {
  /**
   * Statements by SQL text, prepared once (queries vary with their conditions, so they are cached too). Dynamic
   * query texts are bounded by the field and operator combinations people use; bounded here anyway.
   */
  private readonly statements = new BoundedMap<string, Database.Statement>({ maxEntries: 500 });
  private readonly writes: GroupCommit;
  private checkpointer?: Checkpointer;
  private readonly dataVersionStatement: Database.Statement;
  /** Sessions read, valid while `sessionsVersion` holds (see getSession). */
  private readonly sessions = new BoundedMap<string, StoredSession>({ maxEntries: 10_000 });
  private sessionsVersion = "";
  private sessionWrites = 0;
  /**
   * `PRAGMA data_version` as read since the latest batch of requests began to arrive (requestArrived), shared by the
   * reads of that batch; outside a batch it is read at every use. Another connection's commit (a second process on
   * the file) acknowledged before a request arrived is therefore seen by that request: the batch's first read comes
   * after every request of the batch has arrived. This connection's own writes count at once (`sessionWrites`, the
   * group commits). Read per request, the PRAGMA was an eighth of a reused answer's CPU (figures: bench/README.md).
   */
  private dataVersionOfBatch: unknown;
  private inBatch = false;
  private readonly endBatch = endOfTurn(() => {
    this.inBatch = false;
  });

  requestArrived(): void {
    if (this.inBatch) return;
    this.inBatch = true;
    this.dataVersionOfBatch = undefined;
    this.endBatch();
  }

  private dataVersionNow(): unknown {
    if (!this.inBatch) return this.dataVersionStatement.get();
    this.dataVersionOfBatch ??= this.dataVersionStatement.get();
    return this.dataVersionOfBatch;
  }

  constructor(
    private readonly db: Database.Database,
    private readonly file = ":memory:",
  ) {
    db.pragma("journal_mode = WAL");
    // In WAL mode NORMAL survives a process crash (the WAL is in the OS's hands); only a power loss can
    // lose the last transactions. That is the promise "a process crash loses nothing acknowledged".
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    // Group commit puts each write in a SAVEPOINT, whose undo journal would otherwise be a temporary file
    // written on every write (figures: bench/README.md).
    db.pragma("temp_store = MEMORY");
    this.writes = new GroupCommit(
      db,
      translate,
      { isBusy: (error) => busyCodes.has(String((error as { code?: unknown }).code)) },
      () => this.checkpointWhenWriting(),
    );
    this.dataVersionStatement = db.prepare("PRAGMA data_version").pluck();
  }

  /** How many group transactions committed how many writes (see group-commit.ts). */
  get commitStats(): { transactions: number; writes: number } {
    return { ...this.writes.stats };
  }

  /** Unarmed (undefined), armed (the group commit that starts the checkpointer: see there) or started. */
  private checkpointerAt?: number | "started";

  /**
   * Hands WAL checkpoints to a worker thread (checkpointer.ts); the main connection's own is kept only as a
   * backstop. An in-memory database has no WAL to checkpoint. The worker starts with the writes that follow: a
   * thread's boot costs a core for a moment, which right after start-up the first requests would feel (figures:
   * bench/README.md), and until writes are sustained SQLite's own automatic checkpoint (1,000 pages of WAL) is
   * seldom reached.
   */
  startBackgroundWork(): void {
    if (this.file === ":memory:" || this.checkpointerAt !== undefined) return;
    this.checkpointerAt = this.writes.stats.transactions + checkpointerAfterCommits;
  }

  /** startBackgroundWork without waiting for writes (a store opened directly: tools, tests). */
  startBackgroundNow(): void {
    if (this.file === ":memory:" || this.checkpointerAt === "started") return;
    this.checkpointerAt = "started";
    this.startCheckpointer();
  }

  /** After each group commit (its writes already settled). */
  private checkpointWhenWriting(): void {
    if (typeof this.checkpointerAt !== "number" || this.writes.stats.transactions < this.checkpointerAt) return;
    this.checkpointerAt = "started";
    setImmediate(() => this.startCheckpointer());
  }

  private startCheckpointer(): void {
    if (!this.db.open) return;
    try {
      this.checkpointer = startCheckpointer(this.file);
    } catch {
      return; // a thread that cannot start (e.g. a limit on threads) leaves checkpoints to SQLite's own
    }
    this.db.pragma(`wal_autocheckpoint = ${backstopCheckpointPages}`);
  }

  private statement(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /** Resource tables as migrated, with their fixed statements (see tables.ts). */
  private readonly tables = new Map<string, { shape: TableShape; sql: TableStatements }>();

  /**
   * Statements that return records as arrays, with the reader of their columns: a page costs less so than as
   * objects (figures: bench/README.md).
   */
  private readonly pageStatements = new BoundedMap<
    string,
    { statement: Database.Statement; read: (row: unknown[]) => StoredRecord }
  >({
    maxEntries: 500,
  });

  private table(name: string): { shape: TableShape; sql: TableStatements } {
    const table = this.tables.get(name);
    if (!table) throw new Error(`no resource table ${name}`);
    return table;
  }

  private page(shape: TableShape, text: string, params: unknown[]): StoredRecord[] {
    let page = this.pageStatements.get(text);
    if (!page) {
      const statement = this.db.prepare(text).raw(true);
      page = {
        statement,
        read: recordReader(
          shape,
          statement.columns().map((column) => column.name),
        ),
      };
      this.pageStatements.set(text, page);
    }
    return (page.statement.all(...params) as unknown[][]).map(page.read);
  }

  private row(text: string, params: unknown[]): Row | undefined {
    return this.statement(text).get(...params) as Row | undefined;
  }

  private run(text: string, params: unknown[]): number {
    return this.statement(text).run(...params).changes;
  }

  /** Runs `work` as one transaction of its own, now, and translates its errors (schema changes only). */
  private transact<T>(work: () => T): T {
    try {
      return this.db.transaction(work).immediate();
    } catch (error) {
      throw translate(error);
    }
  }

  async migrate(): Promise<void> {
    this.transact(() => {
      this.db.exec(createMigrationsTableSql);
      const applied = new Set(
        (this.db.prepare("SELECT version FROM schema_migrations").all() as { version: number }[]).map(
          (row) => row.version,
        ),
      );
      for (const migration of migrations) {
        if (applied.has(migration.version)) continue;
        this.db.exec(migrationSql(migration, "sqlite"));
        this.db
          .prepare("INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)")
          .run(migration.version, migration.description, Date.now());
      }
    });
    this.loadTables();
  }

  /** Every table with a `details` column is a resource table. */
  private loadTables(): void {
    for (const shape of sqliteTableShapes(this.db)) this.tables.set(shape.name, { shape, sql: tableStatements(shape) });
  }

  async ping(): Promise<void> {
    this.db.prepare("SELECT 1").get();
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    // Writes already submitted are committed (and acknowledged) before the file closes.
    this.writes.flush();
    // The worker's connection closes first, so that ours is the last and its close checkpoints the WAL away.
    await this.checkpointer?.close();
    if (!this.db.open) return;
    // A clean close checkpoints the WAL into the main file.
    this.statements.clear();
    this.pageStatements.clear();
    this.db.close();
  }

  async insert(table: string, record: StoredRecord, job: NewJob): Promise<void> {
    const { shape, sql: statements } = this.table(table);
    const values = rowValues(shape, record, sqliteDialect.bindBoolean);
    await this.writes.submit(() => {
      this.run(statements.insert, values);
      this.run(sql.insertJob, jobParams(job));
    });
  }

  async update(
    table: string,
    uuid: string,
    changes: RecordChanges,
    job: (updated: StoredRecord) => NewJob,
  ): Promise<StoredRecord | undefined> {
    const { shape, sql: statements } = this.table(table);
    return this.writes.submit(() => {
      const current = this.page(shape, statements.get, [uuid])[0];
      if (!current) return undefined;
      const updated = mergeRecord(current, changes);
      this.run(statements.update, updateParams(shape, rowValues(shape, updated, sqliteDialect.bindBoolean)));
      this.run(sql.insertJob, jobParams(job(updated)));
      return updated;
    });
  }

  async remove(table: string, uuid: string, job: NewJob): Promise<void> {
    const { sql: statements } = this.table(table);
    await this.writes.submit(() => {
      this.run(statements.delete, [uuid]);
      this.run(sql.insertJob, jobParams(job));
    });
  }

  async write<T>(plan: WritePlan<T>): Promise<T> {
    return this.writes.submit(() => {
      const found: Found = {};
      for (const read of plan.reads) {
        const { shape } = this.table(read.table);
        // A plan that looks only at which uuids were found (a reference check) gets just those: no row to decode.
        const what = plan.presenceOnly ? "uuid" : "*";
        const text = planSql.read(shape, read.column ?? "uuid", read.values, undefined, what);
        found[read.as] = read.values.length > 0 ? this.page(shape, text, [...read.values]) : [];
      }
      const { changes, job, result } = plan.decide(found);
      for (const change of changes) this.apply(change);
      if (job) this.run(sql.insertJob, jobParams(job));
      return result;
    });
  }

  /** One change of a plan, inside its transaction. */
  private apply(change: Change): void {
    if (change.op === "finishJob") {
      this.run(sql.finishJob, finishJobParams(change.uuid, change.outcome, change.now));
      return;
    }
    const { shape, sql: statements } = this.table(change.table);
    switch (change.op) {
      case "insert": {
        const text = change.ifAbsent ? planSql.insertIfAbsent(statements, "sqlite") : statements.insert;
        this.run(text, rowValues(shape, change.record, sqliteDialect.bindBoolean));
        return;
      }
      case "update":
        this.run(statements.update, updateParams(shape, rowValues(shape, change.record, sqliteDialect.bindBoolean)));
        return;
      case "delete": {
        if (Object.values(change.where).some((values) => values.length === 0)) return;
        const { sql: text, params } = planSql.delete(shape, change.where);
        this.run(text, params);
        return;
      }
      case "clear":
        if (change.values.length > 0) this.run(planSql.clear(shape, change.column, change.values), [...change.values]);
        return;
    }
  }

  async related(table: string, column: string, values: readonly string[]): Promise<StoredRecord[]> {
    if (values.length === 0) return [];
    const { shape } = this.table(table);
    return this.page(shape, planSql.related(shape, column, values), [...values]);
  }

  async sums(
    table: string,
    sumColumn: string,
    groupColumn: string,
    values: readonly string[],
  ): Promise<Map<string, number>> {
    if (values.length === 0) return new Map();
    const { shape } = this.table(table);
    const rows = this.statement(planSql.sums(shape, sumColumn, groupColumn, values)).all(...values) as Row[];
    return new Map(rows.map((row) => [String(row.key), Number(row.total)]));
  }

  async get(table: string, uuid: string): Promise<StoredRecord | undefined> {
    const { shape, sql: statements } = this.table(table);
    return this.page(shape, statements.get, [uuid])[0];
  }

  async query(table: string, query: ResourceQuery): Promise<{ records?: StoredRecord[]; total?: number }> {
    const { shape } = this.table(table);
    const { page, count } = querySql(shape, sqliteDialect, query);
    if (!count) return { records: this.page(shape, page!.sql, page!.params) };
    // One read transaction, so the page and the total see the same snapshot.
    return this.db.transaction(() => {
      const result: { records?: StoredRecord[]; total?: number } = {};
      if (page) result.records = this.page(shape, page.sql, page.params);
      if (count) result.total = Number(this.row(count.sql, count.params)?.total ?? 0);
      return result;
    })();
  }

  async recordJob(job: NewJob): Promise<void> {
    await this.writes.submit(() => this.run(sql.insertJob, jobParams(job)));
  }

  async getJob(uuid: string): Promise<StoredJob | undefined> {
    const row = this.row(sql.getJob, [uuid]);
    return row ? rowToJob(row) : undefined;
  }

  async hasJob(uuid: string): Promise<boolean> {
    return this.row(sql.hasJob, [uuid]) !== undefined;
  }

  async findAccount(name: string): Promise<StoredAccount | undefined> {
    const row = this.row(sql.findAccount, [name]);
    return row ? rowToAccount(row) : undefined;
  }

  async upsertAccount(account: StoredAccount): Promise<void> {
    await this.writes.submit(() => this.run(sql.upsertAccount, [account.uuid, account.name, account.passwordHash]));
  }

  async createSession(session: StoredSession, maxPerAccount: number, now: number): Promise<boolean> {
    // The group transaction is IMMEDIATE: the write lock is held before counting, so two processes sharing
    // the file cannot both pass.
    return this.writes.submit(() => {
      const live = Number(this.row(sql.countLiveSessions, [session.accountUuid, now])?.live ?? 0);
      if (live >= maxPerAccount) return false;
      this.run(sql.insertSession, sessionParams(session));
      return true;
    });
  }

  /**
   * Every authenticated request reads its session, a visible share of an add's SQLite time under load (figures:
   * bench/README.md).
   * Sessions read are kept while nothing can have changed them: no session write of ours (counted inside the
   * write's transaction) and no commit of another connection (data_version). Expiry is checked on every call.
   */
  async getSession(uuid: string, now: number): Promise<StoredSession | undefined> {
    const version = `${this.sessionWrites}:${this.dataVersionNow()}`;
    if (version !== this.sessionsVersion) {
      this.sessions.clear();
      this.sessionsVersion = version;
    }
    let session = this.sessions.get(uuid);
    if (!session) {
      const row = this.row(sql.getSession, [uuid, now]);
      if (!row) return undefined;
      session = rowToSession(row);
      this.sessions.set(uuid, session);
    }
    return session.expiresAt > now ? session : undefined;
  }

  async renewSession(uuid: string, expiresAt: number, now: number): Promise<void> {
    await this.writes.submit(() => this.sessionWrite(() => this.run(sql.renewSession, [expiresAt, now, uuid, now])));
  }

  async setSessionExpiry(
    uuid: string,
    expiresAt: number,
    now: number,
    job: (session: StoredSession) => NewJob,
  ): Promise<StoredSession | undefined> {
    return this.writes.submit(() =>
      this.sessionWrite(() => {
        const row = this.row(sql.setSessionExpiry, [expiresAt, now, uuid, now]);
        if (!row) return undefined;
        const session = rowToSession(row);
        this.run(sql.insertJob, jobParams(job(session)));
        return session;
      }),
    );
  }

  async deleteSession(uuid: string): Promise<void> {
    await this.writes.submit(() => this.sessionWrite(() => this.run(sql.deleteSession, [uuid])));
  }

  /** Runs a statement that changes sessions, inside its transaction, and retires the sessions read before it. */
  private sessionWrite<T>(statement: () => T): T {
    this.sessionWrites += 1;
    return statement();
  }

  /**
   * Our own commits (counted by group commit, at once; schema changes happen before serving) and SQLite's
   * data_version as this batch of requests learnt it (dataVersionNow), which changes when another connection
   * (another process on this file) commits. Checkpoints change neither.
   */
  dataVersion(): string | undefined {
    if (!this.db.open) return undefined;
    return `${this.writes.stats.transactions}:${this.dataVersionNow()}`;
  }

  async reset(): Promise<void> {
    await this.writes.submit(() => {
      for (const name of this.tables.keys()) this.run(`DELETE FROM ${name}`, []);
      this.run("DELETE FROM jobs", []);
    });
  }

  async hasResources(): Promise<boolean> {
    return [...this.tables.keys()].some((name) => this.row(`SELECT 1 AS found FROM ${name} LIMIT 1`, []) !== undefined);
  }

  async purgeExpired(now: number, jobsFinishedBefore: number): Promise<{ sessions: number; jobs: number }> {
    return this.writes.submit(() => ({
      sessions: this.sessionWrite(() => this.run(sql.purgeSessions, [now])),
      jobs: this.run(sql.purgeJobs, [jobsFinishedBefore]),
    }));
  }
}
