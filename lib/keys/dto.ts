// What admins see of a provider key. Client-safe: no secret, only its last 4 characters.
export type KeyDto = {
  id: string;
  name: string;
  provider: string;
  baseUrl: string;
  /** "••••" followed by the secret's last 4 characters. */
  secretMask: string;
  enabled: boolean;
  createdBy: string;
  createdAtMs: number;
  lastUsedAtMs: number | null;
  lastError: string | null;
  lastErrorAtMs: number | null;
  balance: number | null;
  balanceAtMs: number | null;
  activeActivations: number;
  /** Banned or rejected by the provider, in the admin's language; null when healthy. */
  health: string | null;
};

export const SECRET_MASK = "••••";
