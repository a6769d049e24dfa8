// The fixed statements both stores run, with `?` placeholders, and the mapping of their rows. Kept apart
// from the query builder (sql.ts) so that each file has one job.

import type { JobOutcome, NewJob, StoredAccount, StoredJob, StoredSession } from "./types.js";
import { jobState } from "./sql.js";

export const sql = {
  insertJob:
    "INSERT INTO jobs (uuid, api_name, state, status, body, created_at, finished_at, web_hook) " +
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  getJob: "SELECT * FROM jobs WHERE uuid = ?",
  finishJob: "UPDATE jobs SET state = ?, status = ?, body = ?, finished_at = ? WHERE uuid = ? AND state = 'running'",
  hasJob: "SELECT 1 AS found FROM jobs WHERE uuid = ?",
  findAccount: "SELECT * FROM accounts WHERE name = ?",
  upsertAccount:
    "INSERT INTO accounts (uuid, name, password_hash) VALUES (?, ?, ?) " +
    "ON CONFLICT (uuid) DO UPDATE SET name = excluded.name, password_hash = excluded.password_hash",
  countLiveSessions: "SELECT COUNT(*) AS live FROM sessions WHERE account_uuid = ? AND expires_at > ?",
  insertSession:
    "INSERT INTO sessions (uuid, account_uuid, user_uuid, user_type, created_at, expires_at, renewed_at) " +
    "VALUES (?, ?, ?, ?, ?, ?, ?)",
  getSession: "SELECT * FROM sessions WHERE uuid = ? AND expires_at > ?",
  // An expired session stays expired: renewal never brings it back.
  renewSession: "UPDATE sessions SET expires_at = ?, renewed_at = ? WHERE uuid = ? AND expires_at > ?",
  // RenewSession: any new expiry (shorter too) of a live session, read back in the same statement.
  setSessionExpiry: "UPDATE sessions SET expires_at = ?, renewed_at = ? WHERE uuid = ? AND expires_at > ? RETURNING *",
  deleteSession: "DELETE FROM sessions WHERE uuid = ?",
  purgeSessions: "DELETE FROM sessions WHERE expires_at <= ?",
  purgeJobs: "DELETE FROM jobs WHERE finished_at IS NOT NULL AND finished_at < ?",
} as const;

/** `?` placeholders numbered as PostgreSQL wants them (`$1`, `$2`, ...). Our SQL has no `?` in literals. */
export function positional(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

export function jobParams(job: NewJob): unknown[] {
  const { outcome } = job;
  return [
    job.uuid,
    job.apiName,
    outcome ? jobState(outcome.status) : "running",
    outcome?.status ?? null,
    outcome ? JSON.stringify(outcome.body) : null,
    job.now,
    outcome ? job.now : null,
    job.webHook ?? null,
  ];
}

/** The parameters of `finishJob`. */
export function finishJobParams(uuid: string, outcome: JobOutcome, now: number): unknown[] {
  return [jobState(outcome.status), outcome.status, JSON.stringify(outcome.body), now, uuid];
}

export function sessionParams(session: StoredSession): unknown[] {
  return [
    session.uuid,
    session.accountUuid,
    session.userUuid,
    session.userType,
    session.createdAt,
    session.expiresAt,
    session.renewedAt,
  ];
}

export function rowToJob(row: Record<string, unknown>): StoredJob {
  const job: StoredJob = {
    uuid: String(row.uuid),
    apiName: String(row.api_name),
    state: row.state as StoredJob["state"],
    createdAt: Number(row.created_at),
  };
  if (row.status !== null && row.status !== undefined) {
    job.outcome = { status: Number(row.status) as 200 | 503, body: JSON.parse(String(row.body ?? "null")) };
  }
  if (row.finished_at !== null && row.finished_at !== undefined) job.finishedAt = Number(row.finished_at);
  if (typeof row.web_hook === "string") job.webHook = row.web_hook;
  return job;
}

export function rowToSession(row: Record<string, unknown>): StoredSession {
  return {
    uuid: String(row.uuid),
    accountUuid: String(row.account_uuid),
    userUuid: String(row.user_uuid),
    userType: String(row.user_type),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    renewedAt: Number(row.renewed_at),
  };
}

export function rowToAccount(row: Record<string, unknown>): StoredAccount {
  return { uuid: String(row.uuid), name: String(row.name), passwordHash: String(row.password_hash) };
}
