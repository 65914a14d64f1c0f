// Messages per language, one file per feature so features can grow without editing one file.
import enAudit from "./en/audit.json";
import enAuth from "./en/auth.json";
import enCore from "./en/core.json";
import enKeys from "./en/keys.json";
import enTeam from "./en/team.json";
import ptAudit from "./pt-BR/audit.json";
import ptAuth from "./pt-BR/auth.json";
import ptCore from "./pt-BR/core.json";
import ptKeys from "./pt-BR/keys.json";
import ptTeam from "./pt-BR/team.json";

type Messages = Record<string, unknown>;

const isMessages = (value: unknown): value is Messages => typeof value === "object" && value !== null;

/** Deep-merges feature files: several features may add keys to one namespace (e.g. "errors"). */
function merge(...parts: Messages[]): Messages {
  const out: Messages = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      const current = out[key];
      out[key] = isMessages(value) && isMessages(current) ? merge(current, value) : value;
    }
  }
  return out;
}

export const MESSAGES = {
  en: merge(enCore, enAuth, enKeys, enTeam, enAudit),
  "pt-BR": merge(ptCore, ptAuth, ptKeys, ptTeam, ptAudit),
} as const;
