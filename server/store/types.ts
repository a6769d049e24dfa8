// The store interface: what the HTTP layer asks of persistence, in domain terms. Two implementations
// (SQLite, the embedded default; PostgreSQL, to scale out) pass one test suite. No SQL outside server/store/.
// Every method is asynchronous so that a networked store fits; every write is one transaction.

export type { StoredRecord } from "./tables.js";
export type { Change, Found, Read, WritePlan } from "./writes.js";
import type { StoredRecord } from "./tables.js";
import type { WritePlan } from "./writes.js";

/** A finished job's outcome: the HTTP status the poll answers and the body it answers with. */
export interface JobOutcome {
  status: 200 | 503;
  body: unknown;
}

/** A job: created finished (the work commits before the 202), or left running by a caller that wants one. */
export interface StoredJob {
  uuid: string;
  /** The API that made it, e.g. `AddModelService`. */
  apiName: string;
  state: "running" | "succeeded" | "failed";
  outcome?: JobOutcome;
  createdAt: number;
  finishedAt?: number;
  /** Where to POST the outcome when the job ends, if the caller asked (allow-listed before it gets here). */
  webHook?: string;
}

/**
 * What a new job is made from. `outcome` decides its state: 200 succeeded, 503 failed; without one the job is
 * left running, for work that goes on after the 202 (a deployment), until a `finishJob` change ends it.
 */
export interface NewJob {
  uuid: string;
  apiName: string;
  outcome?: JobOutcome;
  now: number;
  webHook?: string;
}

export interface StoredAccount {
  uuid: string;
  name: string;
  /** A salted slow hash (scrypt) of the SHA-512 hex the SDKs send, with its parameters: never the password. */
  passwordHash: string;
}

export interface StoredSession {
  uuid: string;
  accountUuid: string;
  userUuid: string;
  userType: string;
  createdAt: number;
  expiresAt: number;
  /** When expiresAt was last written: renewals are written at most once per interval. */
  renewedAt: number;
}

/** A ZStack query, already parsed and checked against the inventory's fields by the HTTP layer. */
export interface ResourceQuery {
  conditions: QueryCondition[];
  limit: number;
  start: number;
  /** Only the total. */
  count: boolean;
  /** The total beside the inventories. */
  replyWithCount: boolean;
  sort?: { field: string; direction: "asc" | "desc" };
}

export type QueryOperator = "=" | "!=" | ">" | "<" | ">=" | "<=" | "?=" | "!?=" | "~=" | "!~=" | "is null" | "not null";

export interface QueryCondition {
  /** A scalar inventory field, e.g. `requestCpu`. */
  field: string;
  op: QueryOperator;
  /**
   * The value(s), already converted to the field's type (numbers, booleans, epoch ms for dates); absent for null
   * checks.
   */
  values: (string | number | boolean)[];
}

/**
 * A uniqueness the database enforced: the caller answers with the matching ZStack error. `unique` is another
 * unique column of a resource table (e.g. an access key's `access_key_id`), named by `column`.
 */
export class DuplicateKeyError extends Error {
  constructor(
    readonly key: "resourceUuid" | "jobUuid" | "unique",
    readonly column?: string,
  ) {
    super(`duplicate ${column ?? key}`);
    this.name = "DuplicateKeyError";
  }
}

/** The database cannot be reached or answered too late: the caller answers 503 with a SYS.1000-class error. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreUnavailableError";
  }
}

/** What `Store.update` applies: fields, or fields computed from the current record. */
export type RecordChanges = Record<string, unknown> | ((current: StoredRecord) => Record<string, unknown>);

export interface Store {
  /** Creates or upgrades the schema; safe when several instances start at once. */
  migrate(): Promise<void>;
  /** Resolves when the database answers (for /readyz). */
  ping(): Promise<void>;
  /**
   * A request has arrived (the app's first step): what the store remembers of other processes' commits for the reads
   * it answers (SQLite: data_version) must be learnt anew after it.
   */
  requestArrived(): void;
  /**
   * Starts what a store opened with `deferBackgroundWork` left for later, or lets it start with the writes that
   * follow (idempotent; see OpenStoreOptions and SqliteStore).
   */
  startBackgroundWork(): void;
  close(): Promise<void>;

  // Resources, by table name (`model_services`, ...). Every write commits together with its job.

  /** Adds a record and its succeeded job in one transaction. Throws DuplicateKeyError("resourceUuid"). */
  insert(table: string, record: StoredRecord, job: NewJob): Promise<void>;
  /**
   * Applies changes and records the job in one transaction; `undefined` (and no job written) when the uuid is
   * unknown. Changes that depend on the current record (an edit of its YAML) are a function of it, called inside
   * the transaction; if it throws, nothing is written and the error reaches the caller.
   */
  update(
    table: string,
    uuid: string,
    changes: RecordChanges,
    job: (updated: StoredRecord) => NewJob,
  ): Promise<StoredRecord | undefined>;
  /** Deletes a record (if it exists) and records its job in one transaction. */
  remove(table: string, uuid: string, job: NewJob): Promise<void>;
  get(table: string, uuid: string): Promise<StoredRecord | undefined>;
  /** Runs a write across tables as one transaction with its job (see writes.ts); resolves to the plan's result. */
  write<T>(plan: WritePlan<T>): Promise<T>;
  /** The records of `table` whose `column` has one of `values` (e.g. the bindings of a page of services). */
  related(table: string, column: string, values: readonly string[]): Promise<StoredRecord[]>;
  /** Per value of `groupColumn` among `values`, the sum of `sumColumn` (e.g. the size a model center holds). */
  sums(table: string, sumColumn: string, groupColumn: string, values: readonly string[]): Promise<Map<string, number>>;
  query(table: string, query: ResourceQuery): Promise<{ records?: StoredRecord[]; total?: number }>;

  /**
   * Records a job with no other write (a failed one: argument errors, unknown uuids).
   * Throws DuplicateKeyError("jobUuid").
   */
  recordJob(job: NewJob): Promise<void>;
  getJob(uuid: string): Promise<StoredJob | undefined>;
  /** Whether a job uuid is taken (X-Job-UUID repeats are a 400 before any work is done). */
  hasJob(uuid: string): Promise<boolean>;

  findAccount(name: string): Promise<StoredAccount | undefined>;
  /** Creates the account or replaces its password hash. */
  upsertAccount(account: StoredAccount): Promise<void>;
  /** Creates a session unless the account already has `maxPerAccount` live ones (then `false`). */
  createSession(session: StoredSession, maxPerAccount: number, now: number): Promise<boolean>;
  /** The session, if it exists and has not expired at `now`. */
  getSession(uuid: string, now: number): Promise<StoredSession | undefined>;
  renewSession(uuid: string, expiresAt: number, now: number): Promise<void>;
  /**
   * RenewSession: sets a live session's expiry and records the job `job` makes of the result, in one transaction;
   * `undefined` (and no job written) when the session is unknown or expired at `now`.
   */
  setSessionExpiry(
    uuid: string,
    expiresAt: number,
    now: number,
    job: (session: StoredSession) => NewJob,
  ): Promise<StoredSession | undefined>;
  deleteSession(uuid: string): Promise<void>;

  /**
   * A token that changes whenever the stored data may have changed, by this process or any other; `undefined`
   * when the store cannot tell cheaply. Read answers are reused while it stays the same (answer-cache.ts).
   */
  dataVersion(): string | undefined;

  /**
   * The stand-in's reset (server/testing/): deletes every row of every resource table (those the store read at
   * migration, access keys among them) and every job, in one transaction; accounts and sessions stay.
   */
  reset(): Promise<void>;
  /** Whether any resource table holds a row (a seed file is applied only to a store without one). */
  hasResources(): Promise<boolean>;

  /** Removes expired sessions and jobs finished before `jobsFinishedBefore`. */
  purgeExpired(now: number, jobsFinishedBefore: number): Promise<{ sessions: number; jobs: number }>;
}
