// Messages per language, one file per feature so features can grow without editing one file.
import enAudit from "./en/audit.json";
import enAuth from "./en/auth.json";
import enBulk from "./en/bulk.json";
import enCore from "./en/core.json";
import enHistory from "./en/history.json";
import enKeys from "./en/keys.json";
import enLimits from "./en/limits.json";
import enPrices from "./en/prices.json";
import enReports from "./en/reports.json";
import enRows from "./en/rows.json";
import enRules from "./en/rules.json";
import enSmartBuy from "./en/smartbuy.json";
import enTable from "./en/table.json";
import enTeam from "./en/team.json";
import enWebhooks from "./en/webhooks.json";
import ptAudit from "./pt-BR/audit.json";
import ptAuth from "./pt-BR/auth.json";
import ptBulk from "./pt-BR/bulk.json";
import ptCore from "./pt-BR/core.json";
import ptHistory from "./pt-BR/history.json";
import ptKeys from "./pt-BR/keys.json";
import ptLimits from "./pt-BR/limits.json";
import ptPrices from "./pt-BR/prices.json";
import ptReports from "./pt-BR/reports.json";
import ptRows from "./pt-BR/rows.json";
import ptRules from "./pt-BR/rules.json";
import ptSmartBuy from "./pt-BR/smartbuy.json";
import ptTable from "./pt-BR/table.json";
import ptTeam from "./pt-BR/team.json";
import ptWebhooks from "./pt-BR/webhooks.json";

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
  en: merge(enCore, enBulk, enAuth, enKeys, enTeam, enAudit, enTable, enRows, enHistory, enPrices, enRules, enWebhooks, enReports, enLimits, enSmartBuy),
  "pt-BR": merge(ptCore, ptBulk, ptAuth, ptKeys, ptTeam, ptAudit, ptTable, ptRows, ptHistory, ptPrices, ptRules, ptWebhooks, ptReports, ptLimits, ptSmartBuy),
} as const;
