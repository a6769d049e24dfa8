// Names for statements whose text repeats, so that each connection parses and plans them once. A reference-checked
// add goes to PostgreSQL as one statement per turn whose text varies with the batch (postgres/one-statement-write.ts);
// sent unnamed, PostgreSQL parsed and planned it anew every time, which took about a third of each add's time
// (figures: bench/README.md). A prepared statement lives as long as its connection, and node-postgres never frees
// one, so the names are bounded: a text gets one the second time it comes (a one-off text takes no slot), and only
// while fewer than `maxNames` texts have one; any other text goes unnamed, as before.
import { createHash } from "node:crypto";
import { BoundedMap } from "../../performance/bounded-map.js";

export interface StatementText {
  text: string;
  values: unknown[];
}

export class PreparedTexts {
  /** Texts seen once, by their digest: a bounded memory of what might come again. */
  private readonly seenOnce = new BoundedMap<string, true>({ maxEntries: 1024 });
  private readonly named = new Set<string>();

  constructor(private readonly maxNames = 64) {}

  /** How many texts have a name. */
  get size(): number {
    return this.named.size;
  }

  /** The statement, with its text's name once the text has come before and a name is free for it. */
  name<S extends StatementText>(statement: S): S & { name?: string } {
    const digest = createHash("sha1").update(statement.text).digest("hex").slice(0, 24);
    const name = `zms_w_${digest}`;
    if (this.named.has(digest)) return { ...statement, name };
    if (this.named.size >= this.maxNames) return statement;
    if (!this.seenOnce.get(digest)) {
      this.seenOnce.set(digest, true);
      return statement;
    }
    this.seenOnce.delete(digest);
    this.named.add(digest);
    return { ...statement, name };
  }
}
