// A token bucket: at most `ratePerSecond` calls on average, bursts up to `burst`. Callers wait
// their turn instead of failing, so a busy key slows down rather than getting banned.
//
// Two classes of caller share a key's bucket: an operator waiting on a click ("user": setStatus,
// getNumber, a key test) and sync's reads ("background"). A sync pass queues a page or a
// getStatus after another; in one first-come queue a click waited behind all of them (129 ms of a
// 146 ms click, docs/performance.md). So a user call is served before any waiting background
// one, and background calls leave the bucket's last token (USER_RESERVE) to user calls: a click
// finds a token at once even while sync keeps the key at its rate, instead of waiting for the
// next refill. Neither changes the rate: every grant still spends one token of the same bucket.

/** Who a provider call is for. */
export type CallPriority = "user" | "background";

/** Tokens background calls leave in the bucket for user calls (when the burst allows it). */
export const USER_RESERVE = 1;

/**
 * User grants in a row while background calls wait, after which one background call is served
 * (at the normal threshold): clicks alone saturating the key cannot starve sync forever; it keeps
 * at least 1 / (this + 1) of the rate.
 */
export const USER_TURNS_BEFORE_BACKGROUND = 4;

/** One try at a token: granted (with what the bucket says), or the wait until one is due. */
export type TokenTry<T> = { granted: true; value: T } | { granted: false; waitMs: number };

type Waiter<T> = { resolve: (value: T) => void; reject: (error: unknown) => void };

/** The most background calls may leave behind: at most the burst less the token they take. */
export function reserveFor(burst: number): number {
  return Math.max(0, Math.min(USER_RESERVE, Math.floor(burst) - 1));
}

/**
 * The queue in front of a bucket: one try at a time (for the shared bucket, only the head asks
 * the database), user callers first, each class first come first served. `tryTake(keepReserve)`
 * takes a token if the bucket holds one (one more than the reserve when `keepReserve`). A user
 * call arriving while a background one sleeps for the reserve wakes the queue and goes first.
 */
export function byPriority<T>(
  tryTake: (keepReserve: boolean) => Promise<TokenTry<T>>,
  sleep: (ms: number) => Promise<void>,
): (priority: CallPriority) => Promise<T> {
  const waiting: Record<CallPriority, Waiter<T>[]> = { user: [], background: [] };
  let serving = false;
  let userStreak = 0;
  let wake: (() => void) | null = null;

  const nextTurn = (): { priority: CallPriority; keepReserve: boolean } | null => {
    const users = waiting.user.length > 0;
    const background = waiting.background.length > 0;
    if (background && (!users || userStreak >= USER_TURNS_BEFORE_BACKGROUND))
      return { priority: "background", keepReserve: !users };
    return users ? { priority: "user", keepReserve: false } : null;
  };

  const serve = async () => {
    serving = true;
    try {
      for (let turn = nextTurn(); turn; turn = nextTurn()) {
        const queue = waiting[turn.priority];
        let got: TokenTry<T>;
        try {
          got = await tryTake(turn.keepReserve);
        } catch (error) {
          // This caller's try failed (the shared bucket's database); the next one tries again.
          queue.shift()?.reject(error);
          continue;
        }
        if (got.granted) {
          const passedBackground = turn.priority === "user" && waiting.background.length > 0;
          userStreak = passedBackground ? userStreak + 1 : 0;
          queue.shift()?.resolve(got.value);
        } else if (turn.keepReserve) {
          // A user call that came during the try goes first, now; one coming later wakes us.
          if (waiting.user.length > 0) continue;
          await Promise.race([sleep(got.waitMs), new Promise<void>((r) => (wake = r))]);
          wake = null;
        } else {
          await sleep(got.waitMs);
        }
      }
    } finally {
      serving = false;
    }
  };

  return (priority) =>
    new Promise<T>((resolve, reject) => {
      waiting[priority].push({ resolve, reject });
      if (priority === "user") wake?.();
      if (!serving) void serve();
    });
}

/** This process's bucket, in memory (lib/keys/shared-bucket.ts is the one shared by instances). */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly reserve: number;
  /** Resolves when the caller may make one call. */
  readonly acquire: (priority: CallPriority) => Promise<void>;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
    sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.tokens = burst;
    this.last = now();
    this.reserve = reserveFor(burst);
    this.acquire = byPriority(async (keepReserve) => this.tryTake(keepReserve), sleep);
  }

  private tryTake(keepReserve: boolean): TokenTry<void> {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
    const needed = 1 + (keepReserve ? this.reserve : 0);
    if (this.tokens >= needed) {
      this.tokens -= 1;
      return { granted: true, value: undefined };
    }
    return { granted: false, waitMs: Math.ceil(((needed - this.tokens) / this.ratePerSecond) * 1000) };
  }
}
