/** The tail panel's bounded buffer: the newest `capacity` messages; older ones are dropped and counted. Pure. */
export class TailBuffer<T> {
  private items: T[] = [];
  private start = 0;
  private dropped = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.items.length - this.start;
  }

  get droppedCount(): number {
    return this.dropped;
  }

  get full(): boolean {
    return this.size >= this.capacity;
  }

  push(item: T): void {
    this.items.push(item);
    if (this.size > this.capacity) {
      this.start++;
      this.dropped++;
      // Compact now and then instead of shifting on every push.
      if (this.start > this.capacity) {
        this.items = this.items.slice(this.start);
        this.start = 0;
      }
    }
  }

  find(predicate: (item: T) => boolean): T | undefined {
    for (let i = this.items.length - 1; i >= this.start; i--) {
      if (predicate(this.items[i])) {
        return this.items[i];
      }
    }
    return undefined;
  }

  /** Items from index `start` (0 = oldest kept) up to `end` (exclusive). */
  slice(start: number, end: number): T[] {
    return this.items.slice(this.start + Math.max(0, start), this.start + Math.max(0, end));
  }

  toArray(): T[] {
    return this.items.slice(this.start);
  }

  clear(): void {
    this.items = [];
    this.start = 0;
    this.dropped = 0;
  }
}
