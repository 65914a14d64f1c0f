// For the bucket tests (token-bucket.test.ts, shared-bucket.test.ts): what both buckets must do.
import type { CallPriority } from "./token-bucket";

/** Every window [t_i, t_j] between grants holds at most burst + rate × its length grants: the worst excess. */
export function maxExcess(times: number[], rate: number, burst: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let worst = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i; j < sorted.length; j++) {
      const allowed = burst + (rate * ((sorted[j] as number) - (sorted[i] as number))) / 1000;
      worst = Math.max(worst, j - i + 1 - allowed);
    }
  }
  return worst;
}

/**
 * Three background calls, then two user calls, all at once: the order they were served in. With
 * a one-token bucket, b0 is already being served when the users come; they go next.
 */
export async function servedOrder(
  acquire: (priority: CallPriority) => Promise<unknown>,
): Promise<string[]> {
  const order: string[] = [];
  const call = (priority: CallPriority, name: string) =>
    acquire(priority).then(() => order.push(name));
  await Promise.all([
    call("background", "b0"),
    call("background", "b1"),
    call("background", "b2"),
    call("user", "u0"),
    call("user", "u1"),
  ]);
  return order;
}
