import { getTranslations } from "next-intl/server";
import { LimitsPanel } from "../../_components/limits-panel";
import type { KeyDto } from "@/lib/keys/dto";
import { listKeyLimits } from "@/lib/limits/store";
import { KeyLimitsTable } from "./key-limits-table";

/** Each key's daily limit and low-balance threshold on /keys (admins only: the page is). */
export async function KeyLimitsSection({ teamId, keys }: { teamId: string; keys: KeyDto[] }) {
  if (keys.length === 0) return null;
  const [t, limits] = await Promise.all([getTranslations("limits"), listKeyLimits(teamId, keys.map((k) => k.id))]);
  const rows = limits.map((l) => ({
    id: l.keyId,
    name: keys.find((k) => k.id === l.keyId)?.name ?? "",
    spentToday: l.spentToday,
    fields: [
      { label: t("columns.dailyLimit"), value: l.dailyLimit },
      { label: t("columns.lowBalance"), value: l.lowBalanceThreshold },
    ],
  }));
  return (
    <LimitsPanel id="key-limits-title" title={t("keysTitle")} intro={t("keysIntro")}>
      <KeyLimitsTable rows={rows} />
    </LimitsPanel>
  );
}
