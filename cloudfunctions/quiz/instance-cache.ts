/**
 * Short-lived per-instance memory (a warm cloud function keeps its module state between calls).
 * Only for data whose staleness for a few seconds is harmless: the quiz document itself is never
 * cached (its end and cancellation must hold at once), only the pool's question documents and point
 * names. Entries expire by the functions' clock; a clock moved backwards expires them too.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { at: number; value: V }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
  ) {}

  get(key: string, now: Date): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    const age = now.getTime() - e.at;
    if (age < 0 || age >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: V, now: Date): void {
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { at: now.getTime(), value });
  }

  clear(): void {
    this.entries.clear();
  }
}
