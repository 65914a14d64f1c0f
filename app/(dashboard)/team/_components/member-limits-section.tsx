import { getTranslations } from "next-intl/server";
import { LimitsPanel } from "../../_components/limits-panel";
import { listMemberLimits } from "@/lib/limits/store";
import { MemberLimitsTable } from "./member-limits-table";

/** Each member's daily spending limit on /team (admins only: the page is). */
export async function MemberLimitsSection({ teamId }: { teamId: string }) {
  const [t, limits] = await Promise.all([getTranslations("limits"), listMemberLimits(teamId)]);
  const rows = limits.map((l) => ({
    id: l.memberId,
    name: l.email,
    spentToday: l.spentToday,
    fields: [{ label: t("columns.dailyLimit"), value: l.dailyLimit }],
  }));
  return (
    <LimitsPanel id="member-limits-title" title={t("membersTitle")} intro={t("membersIntro")}>
      <MemberLimitsTable rows={rows} />
    </LimitsPanel>
  );
}
