// Test-only builders: an activation row and a key as the browser receives them (./dto.ts), every
// field set to an ordinary value; each test overrides what it is about.
import type { ActivationDto, ActivationsData, KeyTimingDto } from "./dto";
import { compareRows, mergePage } from "./merge-delta";

export const FIXTURE_NOW = 1_800_000_000_000;

export function activationRow(over: Partial<ActivationDto> & { id: string }): ActivationDto {
  return {
    keyId: "k1",
    phone: `7900${over.id}`,
    service: "tg",
    countryCode: "73",
    countryName: null,
    cost: 0.5,
    currency: 840,
    state: "waiting",
    codes: [],
    canGetAnotherSms: true,
    purchasedAtMs: FIXTURE_NOW - 5 * 60_000,
    expiresAtMs: FIXTURE_NOW + 15 * 60_000,
    pendingAction: null,
    checking: false,
    lastActor: null,
    lastAction: null,
    lastActionAtMs: null,
    orderedBy: null,
    updatedAtMs: FIXTURE_NOW,
    ...over,
  };
}

export function keyTiming(id: string, over: Partial<KeyTimingDto> = {}): KeyTimingDto {
  return {
    id,
    name: id,
    enabled: true,
    earlyCancelSeconds: 120,
    clockOffsetMs: 0,
    blocked: null,
    ...over,
  };
}

/** A small seeded PRNG (a 31-bit LCG): randomized tests that run the same way every time. */
export function seededRandom(seed: number) {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const pick = <T>(choices: readonly T[]): T => choices[Math.floor(next() * choices.length)] as T;
  return { next, pick };
}

export type Random = ReturnType<typeof seededRandom>;

const MIN = 60_000;
const STATES = [
  "waiting",
  "code_received",
  "waiting_retry",
  "finished",
  "cancelled",
  "expired",
] as const;

/** Two keys, one whose provider clock is 30 s ahead: rows of both, same ids possible. */
export const RANDOM_KEYS = [keyTiming("k1"), keyTiming("k2", { clockOffsetMs: 30_000 })];

/** A row with a random key, service, state and times around FIXTURE_NOW (some run out). */
export function randomRow(
  rnd: Random,
  n: number,
  over: Partial<ActivationDto> = {},
): ActivationDto {
  return activationRow({
    id: String(100 + n),
    keyId: rnd.pick(["k1", "k2"]),
    service: rnd.pick(["tg", "wa"]),
    state: rnd.pick(STATES),
    purchasedAtMs: FIXTURE_NOW - Math.floor(rnd.next() * 5) * MIN,
    expiresAtMs: FIXTURE_NOW + Math.floor(rnd.next() * 20 - 3) * MIN,
    updatedAtMs: FIXTURE_NOW - Math.floor(rnd.next() * 3) * MIN,
    ...over,
  });
}

/** A first full read of `count` random rows, as the browser holds it. */
export function randomTable(rnd: Random, count: number): ActivationsData {
  const rows = Array.from({ length: count }, (_, n) => randomRow(rnd, n)).sort(compareRows);
  return mergePage(
    undefined,
    { serverNowMs: FIXTURE_NOW, keys: RANDOM_KEYS, activations: rows, cursor: "c", full: true },
    null,
  );
}

/** A delta answer with `rows`, folded into `previous`. */
export function mergeDelta(previous: ActivationsData, rows: ActivationDto[]): ActivationsData {
  return mergePage(
    previous,
    { serverNowMs: FIXTURE_NOW, keys: RANDOM_KEYS, activations: rows, cursor: "c", full: false },
    null,
  );
}

/**
 * What a poll might send: 1 to 3 rows, each a new one or a newer (sometimes an older) copy of a
 * held row with its state, codes, expiry or purchase time moved. `versionMs` is the next version.
 */
export function randomDelta(
  rnd: Random,
  held: readonly ActivationDto[],
  step: number,
  versionMs: number,
): ActivationDto[] {
  const delta: ActivationDto[] = [];
  const count = 1 + Math.floor(rnd.next() * 3);
  for (let j = 0; j < count; j++) {
    const version = versionMs + j * 1000;
    const old = rnd.pick(held);
    if (!old || rnd.next() < 0.1) {
      delta.push(randomRow(rnd, 1000 + step * 10 + j, { updatedAtMs: version }));
      continue;
    }
    delta.push({
      ...old,
      state: rnd.pick(STATES),
      codes:
        rnd.next() < 0.3 ? [...old.codes, { code: "424242", text: null, at: version }] : old.codes,
      expiresAtMs: rnd.next() < 0.2 ? old.expiresAtMs + MIN : old.expiresAtMs,
      purchasedAtMs: rnd.next() < 0.05 ? old.purchasedAtMs - MIN : old.purchasedAtMs,
      // Now and then a copy older than the table's window: an ended row that must leave.
      updatedAtMs: rnd.next() < 0.1 ? FIXTURE_NOW - 2 * 24 * 60 * MIN : version,
    });
  }
  return delta;
}
