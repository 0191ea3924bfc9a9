/** A counting semaphore: at most `limit` holders at once, served in arrival order. */
export class Semaphore {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly limit: number) {
    if (!(limit >= 1)) throw new Error(`Semaphore limit must be >= 1, got ${limit}`);
  }

  /** Waits for a free slot. */
  acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  /** Frees a slot, handing it to the next waiter. */
  release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.active--;
  }
}
