// Group commit for the SQLite store. A commit is the expensive part of a small write (the WAL frames of every
// B-tree page it touched, and now and then a checkpoint), and requests under load arrive many per turn of the
// event loop. So writes submitted in the same turn run together in ONE transaction at the end of that turn
// (setImmediate: after the poll phase has handed every ready request to its handler), and each write's promise
// settles only after that transaction's COMMIT: a caller never acknowledges a write that is not committed.
//
// Each write runs inside its own SAVEPOINT, so a write that throws (a duplicate key, a failed check) is rolled
// back alone and only its caller sees the error; the others still commit. If the COMMIT itself fails, every
// write in that transaction fails, and no other. If SQLite abandons the whole transaction mid-batch (it may,
// e.g. on a full disk or an I/O error), the writes already run fail with that error and the ones not yet run
// go to the next transaction, so a write is never reported failed while committed, nor the reverse.
import type Database from "better-sqlite3";
import { endOfTurn } from "../end-of-turn.js";

interface PendingWrite {
  work: () => unknown;
  /** When it was submitted (performance.now()), to give up on a database that stays locked. */
  submittedAt: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Settlement = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface BusyRetry {
  /** Whether an error of BEGIN means another connection holds the lock for now. */
  isBusy(error: unknown): boolean;
  /** The pause before trying again (default 5 ms). */
  delayMs?: number;
  /** How long a write may wait for the lock before it fails with the busy error (default 5000 ms). */
  giveUpAfterMs?: number;
}

export class GroupCommit {
  private queue: PendingWrite[] = [];
  private readonly scheduleFlush = endOfTurn(() => this.flush());
  private retryTimer?: NodeJS.Timeout;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;
  private readonly savepoint: Database.Statement;
  private readonly release: Database.Statement;
  private readonly rollbackToSavepoint: Database.Statement;
  /** How many transactions and writes were committed: lets tests (and curious operators) see the grouping. */
  readonly stats = { transactions: 0, writes: 0 };

  /** `translate` turns a SQLite error into the error callers should see; `onCommit` follows each COMMIT's writes. */
  constructor(
    private readonly db: Database.Database,
    private readonly translate: (error: unknown) => unknown,
    private readonly busy?: BusyRetry,
    private readonly onCommit?: () => void,
  ) {
    // IMMEDIATE takes the write lock at BEGIN, so a write that counts before inserting (sessions per
    // account) cannot race another process sharing the file.
    this.begin = db.prepare("BEGIN IMMEDIATE");
    this.commit = db.prepare("COMMIT");
    this.rollback = db.prepare("ROLLBACK");
    this.savepoint = db.prepare("SAVEPOINT grouped_write");
    this.release = db.prepare("RELEASE grouped_write");
    this.rollbackToSavepoint = db.prepare("ROLLBACK TO grouped_write");
  }

  /**
   * Runs `work` (synchronous statements on this connection) in the next group transaction; resolves after its COMMIT.
   */
  submit<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, submittedAt: performance.now(), resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Commits everything submitted so far, now (also called by close, so that nothing submitted is dropped). */
  flush(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    if (!this.db.open) {
      for (const write of batch) write.reject(new Error("the store is closed"));
      return;
    }
    try {
      this.begin.run();
    } catch (error) {
      // Another connection holds the lock (a checkpoint that truncates the WAL, another process): SQLite can
      // say so at once, without its busy timeout. Nothing ran, so the batch waits and tries again.
      if (this.busy?.isBusy(error) && performance.now() - batch[0]!.submittedAt < (this.busy.giveUpAfterMs ?? 5000)) {
        this.queue = [...batch, ...this.queue];
        this.retryTimer ??= setTimeout(() => this.flush(), this.busy.delayMs ?? 5);
        return;
      }
      const translated = this.translate(error);
      for (const write of batch) write.reject(translated);
      return;
    }

    const settlements: Settlement[] = [];
    for (const write of batch) {
      this.savepoint.run();
      try {
        const value = write.work();
        this.release.run();
        settlements.push({ ok: true, value });
      } catch (error) {
        if (!this.db.inTransaction) {
          // SQLite rolled the whole transaction back: what ran is gone; what did not run waits for the next one.
          const translated = this.translate(error);
          for (const done of batch.slice(0, settlements.length + 1)) done.reject(translated);
          this.requeue(batch.slice(settlements.length + 1));
          return;
        }
        this.rollbackToSavepoint.run();
        this.release.run();
        settlements.push({ ok: false, error: this.translate(error) });
      }
    }

    try {
      this.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.rollback.run();
      const translated = this.translate(error);
      // Nothing of this transaction is stored: every write in it fails (its own error, if it had one).
      batch.forEach((write, i) => {
        write.reject(settlements[i]!.ok ? translated : (settlements[i] as { error: unknown }).error);
      });
      return;
    }
    this.stats.transactions += 1;
    this.stats.writes += batch.length;
    batch.forEach((write, i) => {
      const settlement = settlements[i]!;
      if (settlement.ok) write.resolve(settlement.value);
      else write.reject(settlement.error);
    });
    this.onCommit?.();
  }

  private requeue(writes: PendingWrite[]): void {
    if (writes.length === 0) return;
    this.queue = [...writes, ...this.queue];
    this.schedule();
  }

  private schedule(): void {
    // While a retry is pending, it is what flushes next.
    if (!this.retryTimer) this.scheduleFlush();
  }
}
