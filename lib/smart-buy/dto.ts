import type { SmartBuyState } from "./step";

// What GET /api/smart-buys answers (client-safe types).

export type SmartBuyAttemptDto = {
  seq: number;
  round: number;
  country: string;
  outcome: string;
  at: number;
};

export type SmartBuyDto = {
  id: string;
  keyId: string;
  service: string;
  countries: string[];
  maxPrice: number | null;
  everySeconds: number;
  maxRounds: number;
  state: SmartBuyState;
  round: number;
  nextAt: number;
  activationId: string | null;
  phone: string | null;
  requestedBy: string;
  stoppedBy: string | null;
  lastError: string | null;
  createdAt: number;
  attempts: SmartBuyAttemptDto[];
};

export type QuickBuyDto = {
  id: string;
  name: string;
  keyId: string;
  service: string;
  countries: string[];
  maxPrice: number | null;
  shared: boolean;
  createdBy: string;
  /** The caller may delete it: theirs, or the caller is an admin. */
  deletable: boolean;
};
