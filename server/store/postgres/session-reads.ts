// Session lookups for a networked store, coalesced per turn of the event loop. Under load most requests of a
// turn carry the same session, and each would be a round trip of its own; instead the lookups of one uuid
// asked for in one turn share one statement, sent at the end of that turn. Every asker arrived before the
// statement was sent, so each sees what a lookup of its own would have seen: a logout or expiry committed
// before a request arrived is seen by that request. Each asker still applies its own `now` to the expiry.
import { endOfTurn } from "../end-of-turn.js";
import type { StoredSession } from "../types.js";

interface Asker {
  now: number;
  resolve: (session: StoredSession | undefined) => void;
  reject: (error: unknown) => void;
}

export class CoalescedSessionReads {
  private waiting = new Map<string, Asker[]>();
  private readonly scheduleFlush = endOfTurn(() => this.flush());

  /** `read` looks one session up as of `now` (live sessions only). */
  constructor(private readonly read: (uuid: string, now: number) => Promise<StoredSession | undefined>) {}

  get(uuid: string, now: number): Promise<StoredSession | undefined> {
    return new Promise((resolve, reject) => {
      const askers = this.waiting.get(uuid);
      if (askers) askers.push({ now, resolve, reject });
      else this.waiting.set(uuid, [{ now, resolve, reject }]);
      this.scheduleFlush();
    });
  }

  private flush(): void {
    const waiting = this.waiting;
    this.waiting = new Map();
    for (const [uuid, askers] of waiting) {
      // As of the earliest asker: a session live then is returned, and each later asker checks its own time.
      const earliest = Math.min(...askers.map((asker) => asker.now));
      this.read(uuid, earliest).then(
        (session) => {
          for (const asker of askers) asker.resolve(session && session.expiresAt > asker.now ? session : undefined);
        },
        (error: unknown) => {
          for (const asker of askers) asker.reject(error);
        },
      );
    }
  }
}
