// Batching for a networked store: the items submitted in one turn of the event loop go to the database as one
// statement (one round trip, one commit, one WAL flush on the server instead of one per item), and each
// caller's promise settles only when that statement has committed. A single statement is atomic, so when the
// batch fails because of one item (a duplicate key), nothing of it is stored, and every item is tried again
// on its own: each caller gets exactly its own outcome. When the database is unreachable, every item of the
// batch gets that error, as each would have alone.
import { endOfTurn } from "../end-of-turn.js";
import { StoreUnavailableError } from "../types.js";

interface Pending<I> {
  item: I;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class TurnBatcher<I> {
  private queue: Pending<I>[] = [];
  private readonly scheduleFlush = endOfTurn(() => this.flush());

  /**
   * `runMany` stores several items in one atomic statement; `runOne` stores one. `maxBatch` bounds the
   * statement's size (and the number of prepared variants).
   */
  constructor(
    private readonly runMany: (items: I[]) => Promise<void>,
    private readonly runOne: (item: I) => Promise<void>,
    private readonly maxBatch = 32,
  ) {}

  submit(item: I): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.scheduleFlush();
    });
  }

  private flush(): void {
    const pending = this.queue;
    this.queue = [];
    for (let i = 0; i < pending.length; i += this.maxBatch) void this.store(pending.slice(i, i + this.maxBatch));
  }

  private async store(batch: Pending<I>[]): Promise<void> {
    if (batch.length === 1) return this.storeAlone(batch[0]!);
    try {
      await this.runMany(batch.map((p) => p.item));
      for (const p of batch) p.resolve();
    } catch (error) {
      if (error instanceof StoreUnavailableError) {
        for (const p of batch) p.reject(error);
        return;
      }
      // Nothing of the batch was stored: each item on its own decides its own outcome.
      await Promise.all(batch.map((p) => this.storeAlone(p)));
    }
  }

  private async storeAlone(p: Pending<I>): Promise<void> {
    try {
      await this.runOne(p.item);
      p.resolve();
    } catch (error) {
      p.reject(error);
    }
  }
}
