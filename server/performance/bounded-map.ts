// The one eviction rule of the server's caches: the least recently used entry goes first, as soon as there are
// more than `maxEntries` entries or, for caches that weigh their entries, their total weight is over `maxWeight`.
// A cache that only ever grows is a leak under odd input; one rule everywhere means one thing to reason about.

export interface BoundedMapLimits<V> {
  maxEntries: number;
  /** Total weight kept at most; an entry heavier than this on its own is never kept. */
  maxWeight?: number;
  /** An entry's weight (default: 1, so only the count bounds the map). */
  weigh?: (value: V) => number;
}

export class BoundedMap<K, V> {
  /** Insertion order is recency order: a hit moves its entry to the end, so the first key is the least recent. */
  private readonly entries = new Map<K, V>();
  private totalWeight = 0;
  /** The most recent key (set or hit last): a hit on it has nothing to move, the common case of a hot entry. */
  private newest: K | undefined;

  constructor(private readonly limits: BoundedMapLimits<V>) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined || key === this.newest) return value;
    this.entries.delete(key);
    this.entries.set(key, value);
    this.newest = key;
    return value;
  }

  /** Keeps `value` as the most recent entry and evicts what the limits no longer allow; false if it was not kept. */
  set(key: K, value: V): boolean {
    this.delete(key);
    const weight = this.weightOf(value);
    if (this.limits.maxEntries <= 0 || weight > (this.limits.maxWeight ?? Infinity)) return false;
    this.entries.set(key, value);
    this.newest = key;
    this.totalWeight += weight;
    for (const [oldest, old] of this.entries) {
      if (this.entries.size <= this.limits.maxEntries && this.totalWeight <= (this.limits.maxWeight ?? Infinity)) break;
      this.entries.delete(oldest);
      if (oldest === this.newest) this.newest = undefined;
      this.totalWeight -= this.weightOf(old);
    }
    return true;
  }

  delete(key: K): void {
    const value = this.entries.get(key);
    if (value === undefined) return;
    this.entries.delete(key);
    if (key === this.newest) this.newest = undefined;
    this.totalWeight -= this.weightOf(value);
  }

  clear(): void {
    this.entries.clear();
    this.newest = undefined;
    this.totalWeight = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get weight(): number {
    return this.totalWeight;
  }

  private weightOf(value: V): number {
    return this.limits.weigh ? this.limits.weigh(value) : 1;
  }
}
