// What the browser receives about activations: no key, no internal columns. Client-safe.
import type { ActivationAction, ActivationState } from "./state-machine";

export type ReceivedCodeDto = { code: string; text: string | null; at: number };

export type ActivationDto = {
  id: string;
  phone: string;
  service: string;
  countryCode: string;
  countryName: string | null;
  cost: number | null;
  currency: number | null;
  state: ActivationState;
  codes: ReceivedCodeDto[];
  canGetAnotherSms: boolean;
  purchasedAtMs: number;
  expiresAtMs: number;
  /** An action a user started whose answer is not in yet. */
  pendingAction: ActivationAction | null;
  /** The provider's answer was lost; the server is checking the real state with getStatus. */
  checking: boolean;
  lastActor: string | null;
  lastAction: string | null;
  lastActionAtMs: number | null;
};

export type ActivationsResponse = {
  /** The provider's clock now, so countdowns in the browser follow the provider's rules. */
  providerNowMs: number;
  earlyCancelSeconds: number;
  activations: ActivationDto[];
};

export type AccountResponse = {
  balance: number | null;
  balanceAtMs: number | null;
  lastSyncAtMs: number | null;
  /** A translated description of the last sync fault, or null when sync is healthy. */
  syncError: string | null;
};
