/**
 * A map bounded to `capacity` entries: reading or writing an entry makes it the most recently
 * used, and a write past the bound evicts the least recently used one (`onEvict` hears it).
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(
    readonly capacity: number,
    private readonly onEvict: (key: K, value: V) => void = () => undefined,
  ) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new Error(`LRU cache: expected a capacity ≥ 1, got ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entry for `key` (now the most recently used), or undefined. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key)!;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Stores `value` as the most recently used entry, evicting the least recently used past the bound. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const [oldKey, oldValue] = this.entries.entries().next().value as [K, V];
      this.entries.delete(oldKey);
      this.onEvict(oldKey, oldValue);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  /** The keys, least recently used first. */
  keys(): K[] {
    return [...this.entries.keys()];
  }
}
