// The PostgreSQL store (issue 8): several server instances share one database, so everything that must be
// unique or shared lives there. Every call is bounded in time: a database that does not answer turns into
// StoreUnavailableError within `timeoutMs`, never a hang, and the pool reconnects by itself when it returns.

import pg from "pg";
import { createMigrationsTableSql, migrations } from "../migrations.js";
import { pgErrorToStoreError } from "./errors.js";
import { CoalescedSessionReads } from "./session-reads.js";
import { TurnBatcher } from "./turn-batch.js";
import { insertServiceSql, mergeService, postgresDialect, rowToService, serviceQuerySql, updateServiceSql } from "../sql.js";
import { jobParams, positional, rowToAccount, rowToJob, rowToSession, sessionParams, sql } from "../statements.js";
import {
  StoreUnavailableError,
  type ModelServiceQuery,
  type NewJob,
  type Store,
  type StoredAccount,
  type StoredJob,
  type StoredModelService,
  type StoredSession,
} from "../types.js";

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
  /** AddModelService's writes, batched per event-loop turn (turn-batch.ts). */
  private readonly adds = new TurnBatcher<{ service: StoredModelService; job: NewJob }>(
    (items) => this.addModelServices(items),
    ({ service, job }) => this.addOneModelService(service, job),
  );

  /** Session lookups, one statement per session uuid per event-loop turn (session-reads.ts). */
  private readonly sessionReads = new CoalescedSessionReads(async (uuid, now) => {
    const row = await this.one("getSession", [uuid, now]);
    return row ? rowToSession(row) : undefined;
  });

  constructor(private readonly url: string, options: PostgresStoreOptions = {}) {
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

  /** A fixed statement, named so that each connection parses and plans it once; inside `client`'s transaction if given. */
  private async query(name: Statement, params: unknown[], client?: pg.PoolClient): Promise<Row[]> {
    const config = { name: `zms_${name}`, text: positional(sql[name]), values: params };
    return (client ? await client.query(config) : await this.single(config)).rows as Row[];
  }

  private async one(name: Statement, params: unknown[]): Promise<Row | undefined> {
    return this.guarded(async () => (await this.query(name, params))[0]);
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
      const applied = new Set((await client.query("SELECT version FROM schema_migrations")).rows.map((row) => Number(row.version)));
      for (const migration of migrations) {
        if (applied.has(migration.version)) continue;
        await client.query("BEGIN");
        try {
          await client.query(migration.sql);
          await client.query("INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, $2, $3)",
            [migration.version, migration.description, Date.now()]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK").catch(() => {});
          throw error;
        }
      }
    } catch (error) {
      throw pgErrorToStoreError(error);
    } finally {
      // Ending the session releases the advisory lock too.
      await client.end().catch(() => {});
    }
  }

  async ping(): Promise<void> {
    await this.guarded(() => this.single({ text: "SELECT 1" }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  // Add and delete are one statement each (a data-modifying CTE is atomic on its own): one round trip
  // instead of four for BEGIN, two writes and COMMIT, which is most of an add's cost on this path.
  // Adds arriving together share one multi-row statement (one commit and WAL flush for all of them); each
  // resolves after it committed, and a batch that fails is retried item by item (turn-batch.ts).
  addModelService(service: StoredModelService, job: NewJob): Promise<void> {
    return this.adds.submit({ service, job });
  }

  private async addModelServices(items: { service: StoredModelService; job: NewJob }[]): Promise<void> {
    const inserts = items.map(({ service }) => insertServiceSql(postgresDialect, service));
    const manyRows = (text: string) => {
      const tuple = text.slice(text.lastIndexOf(" VALUES ") + " VALUES ".length);
      return text + `, ${tuple}`.repeat(items.length - 1);
    };
    await this.guarded(() => this.single({
      // Named per batch size: each connection parses and plans each size once.
      name: `zms_addServices${items.length}`,
      text: positional(`WITH service AS (${manyRows(inserts[0]!.sql)}) ${manyRows(sql.insertJob)}`),
      values: [...inserts.flatMap((insert) => insert.params), ...items.flatMap(({ job }) => jobParams(job))],
    }));
  }

  private async addOneModelService(service: StoredModelService, job: NewJob): Promise<void> {
    const insert = insertServiceSql(postgresDialect, service);
    await this.guarded(() => this.single({
      name: "zms_addService",
      text: positional(`WITH service AS (${insert.sql}) ${sql.insertJob}`),
      values: [...insert.params, ...jobParams(job)],
    }));
  }

  async updateModelService(
    uuid: string,
    changes: Partial<StoredModelService>,
    job: (updated: StoredModelService) => NewJob,
  ): Promise<StoredModelService | undefined> {
    return this.transaction(async (client) => {
      // FOR UPDATE: two instances updating one service apply their changes one after the other.
      const [row] = (await client.query(`${positional(sql.getService)} FOR UPDATE`, [uuid])).rows as Row[];
      if (!row) return undefined;
      const updated = mergeService(rowToService(row), changes);
      const update = updateServiceSql(postgresDialect, updated);
      await client.query({ name: "zms_updateService", text: positional(update.sql), values: update.params });
      await this.query("insertJob", jobParams(job(updated)), client);
      return updated;
    });
  }

  async deleteModelService(uuid: string, job: NewJob): Promise<void> {
    await this.guarded(() => this.single({
      name: "zms_deleteService",
      text: positional(`WITH service AS (${sql.deleteService}) ${sql.insertJob}`),
      values: [uuid, ...jobParams(job)],
    }));
  }

  async getModelService(uuid: string): Promise<StoredModelService | undefined> {
    const row = await this.one("getService", [uuid]);
    return row ? rowToService(row) : undefined;
  }

  async queryModelServices(query: ModelServiceQuery): Promise<{ services?: StoredModelService[]; total?: number }> {
    const { page, count } = serviceQuerySql(postgresDialect, query);
    const read = async (client?: pg.PoolClient) => {
      const run = (text: string, values: unknown[]) => (client ? client.query(text, values) : this.single({ text, values }));
      const result: { services?: StoredModelService[]; total?: number } = {};
      if (page) result.services = ((await run(positional(page.sql), page.params)).rows as Row[]).map(rowToService);
      if (count) result.total = Number(((await run(positional(count.sql), count.params)).rows[0] as Row).total);
      return result;
    };
    // The page and its total from one snapshot; a single statement needs no transaction.
    return page && count
      ? this.transaction(read, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
      : this.guarded(() => read());
  }

  async recordJob(job: NewJob): Promise<void> {
    await this.guarded(() => this.query("insertJob", jobParams(job)));
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
    await this.guarded(() => this.query("upsertAccount", [account.uuid, account.name, account.passwordHash]));
  }

  async createSession(session: StoredSession, maxPerAccount: number, now: number): Promise<boolean> {
    return this.transaction(async (client) => {
      // Serialises logins of one account across instances, so the count and the insert cannot race.
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`zms-sessions:${session.accountUuid}`]);
      const [row] = await this.query("countLiveSessions", [session.accountUuid, now], client);
      if (Number(row?.live ?? 0) >= maxPerAccount) return false;
      await this.query("insertSession", sessionParams(session), client);
      return true;
    });
  }

  async getSession(uuid: string, now: number): Promise<StoredSession | undefined> {
    return this.sessionReads.get(uuid, now);
  }

  async renewSession(uuid: string, expiresAt: number, now: number): Promise<void> {
    await this.guarded(() => this.query("renewSession", [expiresAt, now, uuid, now]));
  }

  async deleteSession(uuid: string): Promise<void> {
    await this.guarded(() => this.query("deleteSession", [uuid]));
  }

  /** Other instances write to the same database unseen, so no answer may be reused: nothing is cached. */
  dataVersion(): undefined {
    return undefined;
  }

  async purgeExpired(now: number, jobsFinishedBefore: number): Promise<{ sessions: number; jobs: number }> {
    return this.transaction(async (client) => ({
      sessions: (await client.query(positional(sql.purgeSessions), [now])).rowCount ?? 0,
      jobs: (await client.query(positional(sql.purgeJobs), [jobsFinishedBefore])).rowCount ?? 0,
    }));
  }
}
