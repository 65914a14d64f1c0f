// Test-only builders: an activation row and a key as the browser receives them (./dto.ts), every
// field set to an ordinary value; each test overrides what it is about.
import type { ActivationDto, KeyTimingDto } from "./dto";

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
