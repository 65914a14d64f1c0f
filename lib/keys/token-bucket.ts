// A token bucket: at most `ratePerSecond` calls on average, bursts up to `burst`. Callers wait
// their turn in order instead of failing, so a busy key slows down rather than getting banned.

/**
 * Runs `take` for one caller at a time, in the order they called: a queue in front of a bucket,
 * so the first caller waiting is the first served (and, for the shared bucket, only the head of
 * the queue asks the database).
 */
export function inOrder<T>(take: () => Promise<T>): () => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return () => {
    const turn = queue.then(take);
    queue = turn.catch(() => {});
    return turn;
  };
}

/** This process's bucket, in memory (lib/keys/shared-bucket.ts is the one shared by instances). */
export class TokenBucket {
  private tokens: number;
  private last: number;
  /** Resolves when the caller may make one call. */
  readonly acquire: () => Promise<void> = inOrder(() => this.take());

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  private async take(): Promise<void> {
    for (;;) {
      const now = this.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000));
    }
  }
}
