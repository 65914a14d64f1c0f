// Messages per language, one file per feature so features can grow without editing one file.
import enAudit from "./en/audit.json";
import enAuth from "./en/auth.json";
import enBulk from "./en/bulk.json";
import enCore from "./en/core.json";
import enHistory from "./en/history.json";
import enKeys from "./en/keys.json";
import enRows from "./en/rows.json";
import enTable from "./en/table.json";
import enTeam from "./en/team.json";
import ptAudit from "./pt-BR/audit.json";
import ptAuth from "./pt-BR/auth.json";
import ptBulk from "./pt-BR/bulk.json";
import ptCore from "./pt-BR/core.json";
import ptHistory from "./pt-BR/history.json";
import ptKeys from "./pt-BR/keys.json";
import ptRows from "./pt-BR/rows.json";
import ptTable from "./pt-BR/table.json";
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
  en: merge(enCore, enBulk, enAuth, enKeys, enTeam, enAudit, enTable, enRows, enHistory),
  "pt-BR": merge(ptCore, ptBulk, ptAuth, ptKeys, ptTeam, ptAudit, ptTable, ptRows, ptHistory),
} as const;
