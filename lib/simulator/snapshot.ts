// The control API's view of an activation: everything a test may want to assert on, with the
// API key reduced to a suffix because this view is served over HTTP.
import type { Activation, ActivationState } from "./types";
import { centsToUsd, keySuffix } from "./types";

export interface ActivationSnapshot {
  id: string;
  keySuffix: string;
  service: string;
  country: string;
  phone: string;
  operator: string;
  cost: number;
  state: ActivationState;
  createdAt: string;
  expiresAt: string;
  endedAt: string | null;
  codes: string[];
  sms: { code: string; text: string; at: string }[];
  nextAutoSmsAt: string | null;
  autoSms: boolean;
  orderId: string | null;
  refunded: boolean;
}

export function toSnapshot(
  act: Activation,
  lifetimeMs: number,
  autoSms: boolean,
): ActivationSnapshot {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id: act.id,
    keySuffix: keySuffix(act.key),
    service: act.service,
    country: act.country,
    phone: act.phone,
    operator: act.operator,
    cost: centsToUsd(act.costCents),
    state: act.state,
    createdAt: iso(act.createdAt),
    expiresAt: iso(act.createdAt + lifetimeMs),
    endedAt: act.endedAt === null ? null : iso(act.endedAt),
    codes: act.sms.map((s) => s.code),
    sms: act.sms.map((s) => ({ code: s.code, text: s.text, at: iso(s.at) })),
    nextAutoSmsAt: act.nextAutoSmsAt === null ? null : iso(act.nextAutoSmsAt),
    autoSms,
    orderId: act.orderId,
    refunded: act.refunded,
  };
}
